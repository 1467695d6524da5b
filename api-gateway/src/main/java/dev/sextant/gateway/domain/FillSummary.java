package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.FillExecuted;
import java.math.BigDecimal;
import java.time.Instant;

/** The fill behind a {@code trade_opened} / {@code trade_closed} message. */
public record FillSummary(String eventId, String clientOrderId, String purpose, String side, BigDecimal price,
                          BigDecimal quantity, BigDecimal fee, BigDecimal realizedPnl, Instant time) {

    public static FillSummary of(FillExecuted f) {
        return new FillSummary(f.eventId().value(), f.clientOrderId().value(), f.purpose().name(), f.side().name(),
                f.price(), f.quantity(), f.fee(), f.realizedPnl(), f.tsEvent());
    }
}
