package dev.sextant.execution.adapter;

/** The database could not be read or written; the input is retried, never dropped. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
