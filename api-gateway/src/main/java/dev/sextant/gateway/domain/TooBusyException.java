package dev.sextant.gateway.domain;

/** The gateway has no room for more work of this kind now; the REST layer answers 429 with this message. */
public class TooBusyException extends RuntimeException {
    public TooBusyException(String message) {
        super(message);
    }
}
