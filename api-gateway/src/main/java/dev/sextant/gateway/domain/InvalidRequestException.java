package dev.sextant.gateway.domain;

/** A request the gateway refuses, with a message that says what to change; the REST layer answers 400. */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
