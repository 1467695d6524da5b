package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.PauseRequested;
import dev.sextant.contracts.event.ResumeRequested;
import dev.sextant.contracts.event.StartRequested;
import dev.sextant.contracts.event.StopRequested;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.Locale;

/** The bot controls of the API and the control command each one sends on the {@code control} topic. */
public enum BotCommand {
    START,
    STOP,
    PAUSE,
    RESUME;

    /** Who the commands say sent them. */
    public static final String REQUESTED_BY = "api";

    /** The command named by a path segment ({@code start}, {@code stop}, {@code pause}, {@code resume}). */
    public static BotCommand parse(String action) {
        try {
            return valueOf(action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidRequestException("unknown bot action '" + action + "': use start, stop, pause or resume");
        }
    }

    /**
     * The control event of this command. A user's click starts a chain, so it has no cause and its id
     * is supplied by the caller (unique per request).
     *
     * @param eventId the command's id
     * @param now     when it was requested (event and init time)
     * @param symbol  the symbol it concerns, null for every symbol
     */
    public ControlEvent toEvent(EventId eventId, Instant now, Symbol symbol) {
        return switch (this) {
            case START -> new StartRequested(eventId, now, now, null, StartRequested.SCHEMA_VERSION, symbol, REQUESTED_BY);
            case STOP -> new StopRequested(eventId, now, now, null, StopRequested.SCHEMA_VERSION, symbol, REQUESTED_BY);
            case PAUSE -> new PauseRequested(eventId, now, now, null, PauseRequested.SCHEMA_VERSION, symbol, REQUESTED_BY);
            case RESUME -> new ResumeRequested(eventId, now, now, null, ResumeRequested.SCHEMA_VERSION, symbol, REQUESTED_BY);
        };
    }
}
