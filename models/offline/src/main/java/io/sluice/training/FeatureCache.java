package io.sluice.training;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.features.FeatureVector;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Training rows after feature extraction, on disk, so that training memory does not grow with the row count: one
 * pass over the data writes them in blocks of {@value #BLOCK_ROWS} rows (arrival time, active columns, labelled
 * entries with their weights) and their arrival times to a second file; epochs then read blocks back in any order.
 * Memory held per row is nothing; per block, its position and arrival range (about 40 bytes per
 * {@value #BLOCK_ROWS} rows).
 */
final class FeatureCache implements Closeable {

    /** Rows per block: a random read of one block (~1 MB) is cheap, and blocks are the unit of epoch shuffling. */
    static final int BLOCK_ROWS = 4096;
    private static final String ROWS_FILE = "rows.bin";
    private static final String ARRIVALS_FILE = "arrivals.bin";

    /**
     * Where a block sits and which arrival times it holds.
     *
     * @param offset     first byte in the rows file
     * @param bytes      its length
     * @param rows       rows in it
     * @param minArrival oldest arrival in it, epoch ms
     * @param maxArrival newest arrival in it, epoch ms
     */
    record Block(long offset, int bytes, int rows, long minArrival, long maxArrival) {
    }

    private final Path folder;
    private final boolean createdFolder;
    private final List<String> partners;
    private final int[] columnOfIndex;
    private final List<Block> blocks;
    private final ArrivalsFile arrivals;
    private final FileChannel channel;

    private FeatureCache(Path folder, boolean createdFolder, List<String> partners, int[] columnOfIndex,
                         List<Block> blocks, ArrivalsFile arrivals) throws IOException {
        this.folder = folder;
        this.createdFolder = createdFolder;
        this.partners = partners;
        this.columnOfIndex = columnOfIndex;
        this.blocks = List.copyOf(blocks);
        this.arrivals = arrivals;
        this.channel = FileChannel.open(folder.resolve(ROWS_FILE), StandardOpenOption.READ);
    }

    /**
     * Extracts every row of {@code rows} into a cache in {@code folder} (created if needed, and then deleted with the
     * cache). Partners are {@code declared} with every other partner a row labels, sorted; each entry keeps its
     * inverse propensity, which the trainer weighs as each use needs.
     */
    static FeatureCache write(Iterator<LabeledBidRequest> rows, List<String> declared, Path folder)
            throws IOException {
        boolean createdFolder = !Files.exists(folder);
        Files.createDirectories(folder);
        PartnerColumns columns = new PartnerColumns(declared);
        List<Block> blocks = new ArrayList<>();
        FeatureVector vector = FeatureVector.forCurrentSpec();
        ArrivalsFile arrivals = ArrivalsFile.create(folder.resolve(ARRIVALS_FILE));
        try {
            try (OutputStream rowsFile = Files.newOutputStream(folder.resolve(ROWS_FILE))) {
                BlockWriter block = new BlockWriter();
                long offset = 0;
                while (rows.hasNext()) {
                    LabeledBidRequest row = rows.next();
                    long arrival = RowFeatures.extract(row, vector);
                    block.add(arrival, vector.toSortedArray(), RowLabels.of(row, columns));
                    arrivals.add(arrival);
                    if (block.rows == BLOCK_ROWS || !rows.hasNext()) {
                        blocks.add(block.flushTo(rowsFile, offset));
                        offset += blocks.get(blocks.size() - 1).bytes();
                        block = new BlockWriter();
                    }
                }
            }
            return new FeatureCache(folder, createdFolder, columns.sorted(), columns.columnOfIndex(), blocks,
                    arrivals);
        } catch (IOException | RuntimeException e) {
            // A row that does not parse ends the extraction: a partial cache (up to gigabytes) is of no further use.
            try {
                deleteFiles(folder, createdFolder, arrivals);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The output columns: every partner some row labels (or the source declares), sorted. */
    List<String> partners() {
        return partners;
    }

    long rows() {
        return arrivals.rows();
    }

    List<Block> blocks() {
        return blocks;
    }

    /** Every row's arrival time, in file order, with their range. */
    ArrivalsFile arrivals() {
        return arrivals;
    }

    /** The rows of {@code block}, in the order they were written. */
    List<TrainingRow> read(Block block) {
        ByteBuffer buffer = ByteBuffer.allocate(block.bytes());
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, block.offset() + buffer.position()) < 0) {
                    throw new IOException(folder.resolve(ROWS_FILE) + " ends inside a block");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.flip();
        List<TrainingRow> out = new ArrayList<>(block.rows());
        for (int r = 0; r < block.rows(); r++) {
            long arrival = buffer.getLong();
            int[] features = new int[buffer.getShort()];
            for (int i = 0; i < features.length; i++) {
                features[i] = buffer.getInt();
            }
            int labelled = buffer.getShort();
            int[] partnerColumns = new int[labelled];
            boolean[] bids = new boolean[labelled];
            float[] weights = new float[labelled];
            for (int i = 0; i < labelled; i++) {
                partnerColumns[i] = columnOfIndex[Short.toUnsignedInt(buffer.getShort())];
                bids[i] = buffer.get() != 0;
                weights[i] = buffer.getFloat();
            }
            out.add(new TrainingRow(arrival, features, partnerColumns, bids, weights));
        }
        return out;
    }

    /** Closes the file and deletes the cache (and its folder if the cache made it). */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            deleteFiles(folder, createdFolder, arrivals);
        }
    }

    private static void deleteFiles(Path folder, boolean createdFolder, ArrivalsFile arrivals) throws IOException {
        try {
            arrivals.close();
        } finally {
            Files.deleteIfExists(folder.resolve(ROWS_FILE));
            if (createdFolder) {
                Files.deleteIfExists(folder);
            }
        }
    }

    /** One block being filled in memory. */
    private static final class BlockWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        private final DataOutputStream out = new DataOutputStream(bytes);
        private int rows;
        private long minArrival = Long.MAX_VALUE;
        private long maxArrival = Long.MIN_VALUE;

        void add(long arrival, int[] features, RowLabels labels) throws IOException {
            out.writeLong(arrival);
            out.writeShort(features.length);
            for (int feature : features) {
                out.writeInt(feature);
            }
            out.writeShort(labels.partners().length);
            for (int i = 0; i < labels.partners().length; i++) {
                out.writeShort(labels.partners()[i]);
                out.writeByte(labels.bids()[i] ? 1 : 0);
                out.writeFloat(labels.weights()[i]);
            }
            rows++;
            minArrival = Math.min(minArrival, arrival);
            maxArrival = Math.max(maxArrival, arrival);
        }

        Block flushTo(OutputStream file, long offset) throws IOException {
            out.flush();
            bytes.writeTo(file);
            return new Block(offset, bytes.size(), rows, minArrival, maxArrival);
        }
    }
}
