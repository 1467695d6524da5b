package dev.sextant.gateway.adapter.rest;

import java.util.Map;

/**
 * The JSON body of a 400 for a request body with bad fields: {@link ApiError}'s fields plus one message per field.
 *
 * @param fields field name (as in the body; {@code settings.<name>} for one setting) to what to change
 */
public record ApiFieldsError(int status, String error, String message, Map<String, String> fields) {}
