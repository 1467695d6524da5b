package dev.sextant.execution.adapter;

/** The database already holds what an input would create (an order id, a candle): the input was seen before. */
public class DuplicateInputException extends RuntimeException {
    public DuplicateInputException(String message) {
        super(message);
    }
}
