package io.sluice.service.decisions;

import com.google.protobuf.CodedOutputStream;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.service.config.DataSize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision log's files in one folder: records are appended, length-delimited, to the current file
 * ({@code .binpb.partial}); at its size or age limit it is finished, that is closed and renamed to {@code .binpb}, so
 * that what is finished is always whole. A write that fails part-way (a full disk) cuts the file back to its last
 * whole record and finishes it, so it costs that record and not the rest of the file. Used by one thread.
 */
final class DecisionFiles implements AutoCloseable {

    static final String FINISHED_SUFFIX = ".binpb";
    private static final String PARTIAL_SUFFIX = FINISHED_SUFFIX + ".partial";
    private static final String NAME_PREFIX = "decisions-";
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path directory;
    private final long maxBytes;
    private final Duration maxAge;
    private final Clock clock;
    private final String writerId;
    private long sequence;
    private Path current;
    private FileChannel out;
    private long bytes;
    private Instant startedAt;

    /**
     * @param writerId what makes this process's file names unique among every replica writing to the same place
     */
    DecisionFiles(Path directory, DataSize maxSize, Duration maxAge, Clock clock, String writerId) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.maxBytes = maxSize.bytes();
        this.maxAge = maxAge;
        this.clock = clock;
        this.writerId = writerId;
    }

    /** Appends {@code record}; returns whether that finished the current file (it reached the size limit). */
    boolean append(DecisionRecord record) throws IOException {
        if (out == null) {
            startFile();
        }
        ByteBuffer delimited = delimited(record);
        try {
            while (delimited.hasRemaining()) {
                out.write(delimited);
            }
        } catch (IOException e) {
            cutToLastWholeRecord();
            throw e;
        }
        bytes += delimited.limit();
        if (bytes >= maxBytes) {
            finish();
            return true;
        }
        return false;
    }

    /** Finishes the current file if it has reached its age limit; returns whether it did. */
    boolean finishIfDue() throws IOException {
        if (out != null && untilDue().compareTo(Duration.ZERO) <= 0) {
            finish();
            return true;
        }
        return false;
    }

    /** How long until the current file reaches its age limit; the age limit itself when there is none. */
    Duration untilDue() {
        return out == null ? maxAge : Duration.between(clock.instant(), startedAt.plus(maxAge));
    }

    /** Closes and renames the current file, if there is one; a file with no record is removed instead. */
    void finish() throws IOException {
        if (out == null) {
            return;
        }
        out.close();
        out = null;
        if (bytes == 0) {
            Files.delete(current);
            return;
        }
        String name = current.getFileName().toString();
        Files.move(current, current.resolveSibling(name.substring(0, name.length() - PARTIAL_SUFFIX.length())
                + FINISHED_SUFFIX), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Files finished and still in the folder, oldest first. */
    List<Path> finished() throws IOException {
        return list(FINISHED_SUFFIX);
    }

    /** Files left unfinished by a process that did not stop cleanly. */
    List<Path> abandoned() throws IOException {
        return list(PARTIAL_SUFFIX);
    }

    private List<Path> list(String suffix) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, NAME_PREFIX + "*" + suffix)) {
            stream.forEach(files::add);
        }
        // Names start with the time the file was started.
        files.sort(null);
        return files;
    }

    /** When the file named {@code name} (finished or not) was started, as written in its name. */
    static Instant startedAt(String name) {
        return Instant.from(STARTED.parse(name.substring(NAME_PREFIX.length(),
                NAME_PREFIX.length() + "yyyyMMddTHHmmssZ".length())));
    }

    /**
     * Cuts the current file back to its records written whole and finishes it; a file that cannot be cut is closed
     * and left unfinished, as a crash would leave it, so that it is never uploaded.
     */
    private void cutToLastWholeRecord() {
        try {
            out.truncate(bytes);
            finish();
        } catch (IOException e) {
            // finish() may have closed it already and failed only to rename it.
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // The file stays unfinished either way.
                }
            }
            out = null;
        }
    }

    private static ByteBuffer delimited(DecisionRecord record) throws IOException {
        int size = record.getSerializedSize();
        byte[] buffer = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
        CodedOutputStream coded = CodedOutputStream.newInstance(buffer);
        coded.writeUInt32NoTag(size);
        record.writeTo(coded);
        coded.checkNoSpaceLeft();
        return ByteBuffer.wrap(buffer);
    }

    private void startFile() throws IOException {
        startedAt = clock.instant();
        sequence++;
        current = directory.resolve(String.format("%s%s-%s-%06d%s", NAME_PREFIX, STARTED.format(startedAt), writerId,
                sequence, PARTIAL_SUFFIX));
        // One write per record, unbuffered: the log is sampled, and every byte on disk is then a whole record's.
        out = FileChannel.open(current, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        bytes = 0;
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
