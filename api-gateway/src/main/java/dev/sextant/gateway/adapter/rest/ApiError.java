package dev.sextant.gateway.adapter.rest;

/**
 * The JSON body of every error answer of the REST API.
 *
 * @param status HTTP status
 * @param error  its reason phrase
 * @param message what went wrong and, for a 400, what to change
 */
public record ApiError(int status, String error, String message) {}
