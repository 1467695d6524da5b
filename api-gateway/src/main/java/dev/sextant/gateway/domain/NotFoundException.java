package dev.sextant.gateway.domain;

/** The gateway knows nothing (yet) of what was asked; the REST layer answers 404 with this message. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
