package io.sluice.service;

import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA and certificates it signs, written as PEM files, for TLS tests. */
final class TestCertificates {

    /** PEM files of one identity. */
    record Identity(Path certificate, Path privateKey) {
    }

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    TestCertificates(Path dir, String caName) throws Exception {
        this.dir = dir;
        this.caKeys = keyPair();
        this.ca = sign(caName, caKeys, caName, caKeys, true);
        write(dir.resolve(caName + ".crt"), ca);
    }

    Path caCertificate() {
        return dir.resolve(ca.getSubjectX500Principal().getName().substring(3) + ".crt");
    }

    /** A leaf certificate for {@code name} (also valid for 127.0.0.1 and localhost), signed by this CA. */
    Identity issue(String name) throws Exception {
        KeyPair keys = keyPair();
        X509Certificate certificate = sign(name, keys, ca.getSubjectX500Principal().getName().substring(3), caKeys,
                false);
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        write(cert, certificate);
        try (Writer out = Files.newBufferedWriter(key); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
        return new Identity(cert, key);
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                        boolean isCa) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (!isCa) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static void write(Path file, Object pemObject) throws Exception {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(pemObject);
        }
    }
}
