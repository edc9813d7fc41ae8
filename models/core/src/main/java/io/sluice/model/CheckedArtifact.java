package io.sluice.model;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.FeatureSpec;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.features.FeatureExtractor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An artifact's manifest and network file bytes, checked before any reader parses the network: the manifest is valid,
 * the network file's SHA-256 matches it, this code implements its feature spec, its partners are well formed, and the
 * file stays within the size limit and inflates to no more than the manifest's layer sizes need. Needs no DL4J.
 *
 * @param manifest   the parsed manifest
 * @param networkZip the network file, as checksummed
 * @param entries    the network file's configuration and coefficients entries (those it has), inflated while their
 *                   sizes were checked, so that a reader need not inflate them again
 * @param location   where the artifact came from, for errors
 */
public record CheckedArtifact(ModelManifest manifest, byte[] networkZip, Map<String, byte[]> entries,
        String location) {

    static final String MANIFEST_FILE = "manifest.json";
    /** Entries of DL4J's network zip (see {@code ModelSerializer}). */
    static final String CONFIGURATION_ENTRY = "configuration.json";
    static final String COEFFICIENTS_ENTRY = "coefficients.bin";
    static final String UPDATER_ENTRY = "updaterState.bin";
    private static final long MAX_MANIFEST_BYTES = 1L << 20;
    /** DL4J writes a configuration, coefficients and optionally an updater state, a normalizer and a marker. */
    private static final int MAX_ZIP_ENTRIES = 16;
    /** Bound on the network configuration JSON and any entry other than the parameter arrays. */
    static final long MAX_CONFIGURATION_BYTES = 1L << 20;
    /** Room for the headers of the serialized parameter arrays. */
    private static final long ARRAY_HEADER_SLACK_BYTES = 64L << 10;

    /**
     * Reads and checks an artifact; {@code maxNetworkBytes} bounds memory spent on a hostile file: the network file,
     * and what it inflates to (see {@link #maxInflatedBytes}).
     */
    public static CheckedArtifact read(ArtifactFiles files, long maxNetworkBytes) throws ArtifactException {
        ModelManifest manifest = readManifest(files);
        String networkFile = manifest.getNetworkFile();
        if (networkFile.isEmpty() || networkFile.contains("/") || networkFile.contains("\\")) {
            throw new ArtifactException(files.location() + ": manifest network_file must be a plain file name, got '"
                    + networkFile + "'");
        }
        byte[] network = readBounded(files, networkFile, maxNetworkBytes);
        // Both the checksum and the inflation bound read the whole file: side by side (the checksum on a thread of
        // its own, the common pool's on a machine with more than two cores) they take the time of one. Failures are
        // reported in this order.
        CompletableFuture<String> checksum = CompletableFuture.supplyAsync(() -> sha256(network));
        Map<String, byte[]> entries = Map.of();
        ArtifactException unbounded = null;
        try {
            entries = inflateBounded(network, maxInflatedBytes(manifest, maxNetworkBytes, files),
                    files.location() + ": " + networkFile);
        } catch (ArtifactException e) {
            unbounded = e;
        }
        String actual = checksum.join();
        if (!actual.equalsIgnoreCase(manifest.getNetworkSha256())) {
            throw new ArtifactException(files.location() + ": " + networkFile + " is corrupt: sha256 is " + actual
                    + " but the manifest says " + manifest.getNetworkSha256());
        }
        requireImplementedSpec(manifest.getFeatureSpec(), files);
        requireWellFormedPartners(manifest, files);
        if (unbounded != null) {
            throw unbounded;
        }
        return new CheckedArtifact(manifest, network, entries, files.location());
    }

    /**
     * Prepares, on a thread of its own, what parsing the first manifest needs: the protobuf descriptors of the
     * manifest's messages, the JSON parser and its timestamp format take a fresh JVM about a third of a second to
     * build, and a server that calls this as soon as it starts finds them built when it reads its model.
     */
    public static void prepareManifestParsing() {
        Thread thread = new Thread(() -> {
            try {
                JsonFormat.parser().ignoringUnknownFields().merge("{\"createdAt\": \"2026-01-01T00:00:00Z\"}",
                        ModelManifest.newBuilder());
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("a constant manifest fragment does not parse", e);
            }
        }, "manifest-parsing-init");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads only the manifest, without the network: enough to name a model without loading it. */
    public static ModelManifest readManifest(ArtifactFiles files) throws ArtifactException {
        return parseManifest(readBounded(files, MANIFEST_FILE, MAX_MANIFEST_BYTES), files);
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The network file's name and where it came from, for errors. */
    public String describeNetwork() {
        return location + ": " + manifest.getNetworkFile();
    }

    /**
     * Checks the parsed network's layer sizes (input first, then each layer's outputs) against the manifest: its
     * declared sizes if any, its feature dimension and its partner count.
     */
    public void requireLayerSizes(List<Long> actual) throws ArtifactException {
        if (manifest.getLayerSizesCount() > 0) {
            List<Long> declared = manifest.getLayerSizesList().stream().map(Integer::longValue).toList();
            if (!actual.equals(declared)) {
                throw new ArtifactException(location + ": network layer sizes " + actual
                        + " do not match the manifest's " + declared);
            }
        }
        long inputs = actual.get(0);
        long outputs = actual.get(actual.size() - 1);
        if (inputs != manifest.getFeatureSpec().getDimension() || outputs != manifest.getPartnersCount()) {
            throw new ArtifactException(location + ": network shape " + inputs + " -> " + outputs
                    + " does not match the manifest (" + manifest.getFeatureSpec().getDimension() + " features -> "
                    + manifest.getPartnersCount() + " partners)");
        }
    }

    /**
     * The most the network file may inflate to: what the manifest's layer sizes need (the coefficients, room for an
     * optimizer state of two more copies, all at double precision, and the configuration), and never more than
     * {@code maxNetworkBytes}. Without layer sizes in the manifest, {@code maxNetworkBytes}.
     */
    static long maxInflatedBytes(ModelManifest manifest, long maxNetworkBytes, ArtifactFiles files)
            throws ArtifactException {
        if (manifest.getLayerSizesCount() < 2) {
            return maxNetworkBytes;
        }
        long parameters = 0;
        for (int i = 0; i + 1 < manifest.getLayerSizesCount(); i++) {
            long in = manifest.getLayerSizes(i);
            long out = manifest.getLayerSizes(i + 1);
            if (in <= 0 || out <= 0) {
                throw new ArtifactException(files.location() + ": manifest layer sizes must be positive, got "
                        + manifest.getLayerSizesList());
            }
            parameters = saturatedAdd(parameters, saturatedAdd(saturatedMultiply(in, out), out));
        }
        long needed = saturatedAdd(saturatedMultiply(parameters, 3 * Double.BYTES),
                MAX_CONFIGURATION_BYTES + ARRAY_HEADER_SLACK_BYTES);
        return Math.min(needed, maxNetworkBytes);
    }

    /**
     * Inflates the network zip once, counting, before a reader parses it: DL4J's reader inflates every entry into
     * memory without a bound (an entry's declared size is even allocated up front), so a small file could otherwise
     * take the whole heap. Keeps the configuration and coefficients (no more of them than the bound allows), which the
     * compiled path's reader parses; DL4J's reads the same verified zip.
     */
    private static Map<String, byte[]> inflateBounded(byte[] zip, long maxInflatedBytes, String what)
            throws ArtifactException {
        Map<String, byte[]> kept = new HashMap<>();
        long total = 0;
        int entries = 0;
        byte[] scratch = new byte[64 << 10];
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > MAX_ZIP_ENTRIES) {
                    throw new ArtifactException(what + " holds more than " + MAX_ZIP_ENTRIES + " entries");
                }
                String name = entry.getName();
                long bound = Math.min(maxInflatedBytes - total, switch (name) {
                    case COEFFICIENTS_ENTRY, UPDATER_ENTRY -> Long.MAX_VALUE;
                    default -> MAX_CONFIGURATION_BYTES;
                });
                if (entry.getSize() > bound) {
                    throw new ArtifactException(what + ": entry " + name + " declares " + entry.getSize()
                            + " bytes, which inflates to more than the bound of " + bound + " bytes");
                }
                boolean keep = name.equals(CONFIGURATION_ENTRY) || name.equals(COEFFICIENTS_ENTRY);
                // Kept entries are read up to their bound (in chunks, copied once); the rest is counted, not kept.
                byte[] inflated = keep ? in.readNBytes((int) Math.min(bound, Integer.MAX_VALUE - 8)) : new byte[0];
                long size = inflated.length;
                int n;
                while ((n = in.read(scratch)) > 0) {
                    size += n;
                    if (size > bound) {
                        throw new ArtifactException(what + ": entry " + name + " inflates to more than the bound of "
                                + bound + " bytes (from the manifest's layer sizes and the artifact size limit)");
                    }
                }
                total += size;
                if (keep) {
                    kept.put(name, inflated);
                }
            }
        } catch (IOException e) {
            throw new ArtifactException(what + " is not a valid zip: " + e.getMessage(), e);
        }
        return Map.copyOf(kept);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    private static ModelManifest parseManifest(byte[] json, ArtifactFiles files) throws ArtifactException {
        ModelManifest.Builder manifest = ModelManifest.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(new String(json, StandardCharsets.UTF_8), manifest);
        } catch (InvalidProtocolBufferException e) {
            throw new ArtifactException(files.location() + ": " + MANIFEST_FILE + " is not a valid manifest: "
                    + e.getMessage(), e);
        }
        if (manifest.getVersion().isEmpty()) {
            throw new ArtifactException(files.location() + ": " + MANIFEST_FILE + " has no version");
        }
        return manifest.build();
    }

    private static void requireImplementedSpec(FeatureSpec spec, ArtifactFiles files) throws ArtifactException {
        FeatureSpec implemented = FeatureExtractor.spec();
        if (!spec.equals(implemented)) {
            throw new ArtifactException(files.location() + ": feature spec " + spec.getName() + "/v" + spec.getVersion()
                    + " (dimension " + spec.getDimension() + ") is not implemented by this server, which implements "
                    + implemented.getName() + "/v" + implemented.getVersion() + " (dimension "
                    + implemented.getDimension() + ")");
        }
    }

    private static void requireWellFormedPartners(ModelManifest manifest, ArtifactFiles files)
            throws ArtifactException {
        if (manifest.getPartnersCount() == 0) {
            throw new ArtifactException(files.location() + ": manifest lists no partners");
        }
        Set<String> seen = new HashSet<>();
        for (PartnerOutput partner : manifest.getPartnersList()) {
            if (partner.getPartnerId().isEmpty() || !seen.add(partner.getPartnerId())) {
                throw new ArtifactException(files.location() + ": partner ids must be non-empty and unique, got '"
                        + partner.getPartnerId() + "'");
            }
            double threshold = partner.getDefaultThreshold();
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new ArtifactException(files.location() + ": partner " + partner.getPartnerId()
                        + " default threshold " + threshold + " is outside [0, 1]");
            }
        }
    }

    private static byte[] readBounded(ArtifactFiles files, String name, long maxBytes) throws ArtifactException {
        try (InputStream in = files.open(name)) {
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) {
                throw new ArtifactException(files.location() + ": " + name + " is larger than the limit of "
                        + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new ArtifactException(files.location() + ": cannot read " + name + ": " + e, e);
        }
    }
}
