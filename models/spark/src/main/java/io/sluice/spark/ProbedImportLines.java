package io.sluice.spark;

import io.sluice.ingest.FileProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The import lines of one file, read one at a time: each line is noted in the file's {@link FileProbe}, and the
 * probe hears when the file ends, so a file that is not what it claims fails as it does in {@code sluice import}.
 */
abstract class ProbedImportLines implements Iterator<ImportLine> {

    private final String file;
    private final FileProbe probe;
    private boolean finished;
    private ImportLine next;

    ProbedImportLines(String file, FileProbe probe) {
        this.file = file;
        this.probe = probe;
    }

    /** The file's next import line, or null at its end. */
    abstract ImportLine readNext() throws IOException;

    /** The probe of this file, for a reader that finds it is not the claimed format. */
    final FileProbe probe() {
        return probe;
    }

    @Override
    public final boolean hasNext() {
        if (next == null && !finished) {
            try {
                next = readNext();
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
            if (next == null) {
                finished = true;
                probe.finished();
            } else {
                next.noteIn(probe);
            }
        }
        return next != null;
    }

    @Override
    public final ImportLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImportLine line = next;
        next = null;
        return line;
    }
}
