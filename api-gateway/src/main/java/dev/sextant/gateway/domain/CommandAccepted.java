package dev.sextant.gateway.domain;

import java.time.Instant;

/**
 * The answer to a bot control request: the command was published on the control topic; the new
 * state arrives later as a {@code bot_status} message once risk-service obeys it.
 */
public record CommandAccepted(String command, String eventId, String symbol, String requestedBy, Instant requestedAt) {}
