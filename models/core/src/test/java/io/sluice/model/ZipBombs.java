package io.sluice.model;

import com.google.protobuf.util.JsonFormat;
import io.sluice.scoring.ModelLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Network files that inflate to far more than they take, written at test time (no big binary in the repository):
 * a DL4J-shaped {@code network.zip} whose {@code configuration.json} is gigabytes of spaces. The deflate data is
 * one fully flushed 1 MiB block repeated, so a 1.5 GiB entry takes about 1.5 MB and builds in well under a second.
 */
public final class ZipBombs {

    private static final int BLOCK = 1 << 20;

    private ZipBombs() {
    }

    /**
     * A zip holding {@code configuration.json} of {@code inflatedBytes} spaces (a multiple of 1 MiB) whose header
     * declares {@code declaredBytes}, then {@code coefficients.bin} stored as given (if not null).
     */
    public static byte[] networkZip(long inflatedBytes, long declaredBytes, byte[] coefficients) {
        byte[] spaces = new byte[BLOCK];
        Arrays.fill(spaces, (byte) ' ');
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(spaces);
        byte[] block = deflate(deflater, Deflater.FULL_FLUSH);
        deflater.finish();
        byte[] last = deflate(deflater, Deflater.NO_FLUSH);
        deflater.end();
        long blocks = inflatedBytes / BLOCK;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        CRC32 crc = new CRC32();
        for (long i = 0; i < blocks; i++) {
            data.writeBytes(block);
            crc.update(spaces);
        }
        data.writeBytes(last);
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry("configuration.json", 8, data.toByteArray(), crc.getValue(), declaredBytes));
        if (coefficients != null) {
            CRC32 check = new CRC32();
            check.update(coefficients);
            entries.add(new Entry("coefficients.bin", 0, coefficients, check.getValue(), coefficients.length));
        }
        return zip(entries);
    }

    /** The reliability issue's bomb: configuration.json inflating to 1.5 GiB, about 15 MB with the real weights. */
    public static final long GIB_AND_A_HALF = 1536L << 20;

    /**
     * Writes into {@code folder} an artifact labelled {@code version}: the bundled model's manifest and weights, with a
     * {@code configuration.json} of {@code inflatedBytes} (the checksum in the manifest matches).
     */
    public static void writeBomb(Path folder, String version, long inflatedBytes) throws IOException {
        ModelArtifact bundled;
        byte[] coefficients;
        try (InputStream zip = ArtifactFiles.classpath(ModelLoader.BUNDLED_PREFIX).open(ModelArtifact.NETWORK_FILE)) {
            bundled = ModelArtifact.read(ArtifactFiles.classpath(ModelLoader.BUNDLED_PREFIX), 1L << 30);
            coefficients = entry(zip, "coefficients.bin");
        } catch (ArtifactException e) {
            throw new IOException(e);
        }
        byte[] bomb = networkZip(inflatedBytes, inflatedBytes, coefficients);
        Files.createDirectories(folder);
        Files.write(folder.resolve(ModelArtifact.NETWORK_FILE), bomb);
        Files.writeString(folder.resolve(ModelArtifact.MANIFEST_FILE), JsonFormat.printer().print(bundled.manifest()
                .toBuilder().setVersion(version).setNetworkSha256(ModelArtifact.sha256(bomb)).build()));
    }

    /** Writes into {@code folder} the bundled model relabelled {@code version}. */
    public static void writeValid(Path folder, String version) throws Exception {
        ModelArtifact bundled = ModelArtifact.read(ArtifactFiles.classpath(ModelLoader.BUNDLED_PREFIX), 1L << 30);
        ModelArtifact.write(folder, bundled.manifest().toBuilder().setVersion(version).build(), bundled.network());
    }

    /** The bytes of one entry of a zip. */
    public static byte[] entry(InputStream zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(zip)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IOException("no entry " + name);
    }

    private record Entry(String name, int method, byte[] data, long crc, long size) {
    }

    private static byte[] deflate(Deflater deflater, int flush) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 << 10];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, n);
        } while (n == buffer.length || (flush == Deflater.NO_FLUSH && !deflater.finished()));
        return out.toByteArray();
    }

    private static byte[] zip(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Entry entry : entries) {
            byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
            int offset = out.size();
            out.writeBytes(header(0x04034b50, entry, name, -1));
            out.writeBytes(entry.data());
            central.writeBytes(header(0x02014b50, entry, name, offset));
        }
        int centralOffset = out.size();
        out.writeBytes(central.toByteArray());
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(central.size()).putInt(centralOffset).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    /** A local file header ({@code offset} < 0) or a central directory header. */
    private static byte[] header(int signature, Entry entry, byte[] name, int offset) {
        boolean local = offset < 0;
        ByteBuffer header = ByteBuffer.allocate((local ? 30 : 46) + name.length).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(signature);
        if (!local) {
            header.putShort((short) 20);
        }
        header.putShort((short) 20).putShort((short) 0).putShort((short) entry.method())
                .putShort((short) 0).putShort((short) 0x21)
                .putInt((int) entry.crc()).putInt(entry.data().length).putInt((int) entry.size())
                .putShort((short) name.length).putShort((short) 0);
        if (!local) {
            header.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset);
        }
        header.put(name);
        return header.array();
    }
}
