package dev.sextant.collector.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads a kline file line by line (streaming: the 72,866-row files are never held in memory),
 * skipping the header and blank lines. Closing it closes the reader.
 */
public final class KlineReader implements Iterator<ParsedLine>, AutoCloseable {
    private final BufferedReader reader;
    private final KlineCsvParser parser;
    private ParsedLine next;
    private boolean done;

    public KlineReader(BufferedReader reader, KlineCsvParser parser) {
        this.reader = reader;
        this.parser = parser;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!KlineCsvParser.isHeaderOrBlank(line)) {
                    next = parser.parse(line);
                    return true;
                }
            }
            done = true;
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kline file: " + e.getMessage(), e);
        }
    }

    @Override
    public ParsedLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ParsedLine line = next;
        next = null;
        return line;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
