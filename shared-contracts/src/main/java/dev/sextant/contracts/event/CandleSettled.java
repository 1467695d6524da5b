package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;

/**
 * Execution-service has settled candle {@code candleOpenTime} of {@code symbol}/{@code interval}: it has
 * processed that candle (fills of a working entry at its open, stop-loss/take-profit exits, marks) and
 * every decision it took for the symbol so far. The counts are cumulative, for this symbol and interval,
 * of the events execution produced that belong to candles up to and including this one (see
 * {@link #candleOf(Event, Interval)}):
 * {@code fills} (FillExecuted), {@code positions} (PositionChanged) and {@code orderOutcomes}
 * (OrderRejected, OrderCanceled, OrderExpired). {@code lastDecisionId} is the last approved
 * RiskDecisionMade of the symbol execution has taken, or null. risk-service decides on a candle only
 * once it holds this settlement and every event it counts (docs/architecture.md, "The kernel's order
 * in the live pipeline"). The id is derived from every field but the times: the same content announced
 * twice is a duplicate. {@code tsEvent} is the candle's close time.
 */
public record CandleSettled(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        Symbol symbol,
        Interval interval,
        Instant candleOpenTime,
        long fills,
        long positions,
        long orderOutcomes,
        EventId lastDecisionId)
        implements Event {

    public static final int SCHEMA_VERSION = 1;

    public CandleSettled {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.field(symbol, "symbol");
        Require.field(interval, "interval");
        Require.candleOpen(candleOpenTime, interval, "candleOpenTime");
        Require.count(fills, "fills");
        Require.count(positions, "positions");
        Require.count(orderOutcomes, "orderOutcomes");
    }

    /**
     * The open time of the {@code interval} candle an execution event belongs to, as settlements count it
     * (execution and risk must agree): what happens at a candle's open — an entry fill, a close on request,
     * the position they open — belongs to the candle whose {@code [open, open + interval)} holds its
     * {@code tsEvent}; what happens at a candle's close — a stop-loss or take-profit exit, the flat position
     * it leaves, an order outcome (an OrderRejected at the decision's time, the decision candle's close) —
     * to the candle whose {@code (open, open + interval]} holds it. So exits and rejections stamped with
     * the candle's close time ({@code open + interval}, as the collector normalises it, or one millisecond
     * earlier, as Binance writes it) belong to that candle, not to the next one.
     */
    public static Instant candleOf(Event event, Interval interval) {
        boolean atOpen = switch (event) {
            case FillExecuted f -> f.purpose() == OrderPurpose.ENTRY || f.purpose() == OrderPurpose.CLOSE;
            case PositionChanged p -> p.side() != PositionSide.FLAT;
            default -> false;
        };
        long ms = interval.duration().toMillis();
        long t = event.tsEvent().toEpochMilli() - (atOpen ? 0 : 1);
        return Instant.ofEpochMilli(Math.floorDiv(t, ms) * ms);
    }

    /** The derived id of a settlement with this content. */
    public static EventId idOf(Symbol symbol, Interval interval, Instant candleOpenTime, long fills, long positions,
                               long orderOutcomes, EventId lastDecisionId) {
        return Ids.derive("candle-settled", symbol, interval.code(), candleOpenTime, fills, positions, orderOutcomes,
                lastDecisionId == null ? "-" : lastDecisionId.value());
    }

    /** A settlement with its derived id; {@code tsEvent} = the candle's close time (open + interval - 1 ms). */
    public static CandleSettled of(Symbol symbol, Interval interval, Instant candleOpenTime, long fills, long positions,
                                   long orderOutcomes, EventId lastDecisionId, EventId causationId, Instant tsInit) {
        return new CandleSettled(idOf(symbol, interval, candleOpenTime, fills, positions, orderOutcomes, lastDecisionId),
                candleOpenTime.plus(interval.duration()).minusMillis(1), tsInit, causationId, SCHEMA_VERSION, symbol, interval,
                candleOpenTime, fills, positions, orderOutcomes, lastDecisionId);
    }

    @Override
    public String key() {
        return symbol.value();
    }
}
