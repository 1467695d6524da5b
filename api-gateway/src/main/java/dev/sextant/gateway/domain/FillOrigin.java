package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Ids;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Whether a fill or position belongs to an order the platform placed (docs/reliability.md, "Forged input and control
 * commands"), decided the same way whatever order the {@code signals} and {@code fills} topics arrive in:
 * <ul>
 *   <li>its position must be the entry order of an approved decision ({@link ApprovedOrder}), in the same symbol;
 *       an ENTRY fill must be that order, on its side, keep the entered quantity within the approved one, at a price
 *       within a factor of {@value #PRICE_FACTOR} of the reference; an exit must be the order
 *       {@code Ids.exitOrderId(entry, purpose)}, on the other side, keep the exited quantity within the approved one
 *       and realize no more than it could; an open position its side, at most the approved quantity, at an average
 *       price within the factor: {@link Kind#BOOK}, else {@link Kind#REFUSE} with the reason;</li>
 *   <li>when the decision has not been read yet: {@link Kind#HOLD} (kept, booked when it comes) while the decisions of
 *       the symbol read so far are older than the fill (risk decides on a candle before execution can fill it, and
 *       publishes a symbol's decisions in candle order), else {@link Kind#REFUSE}: no decision will come.</li>
 * </ul>
 */
public final class FillOrigin {
    /** What to do with the record. */
    public enum Kind { BOOK, HOLD, REFUSE }

    /** The verdict, with the reason for HOLD and REFUSE. */
    public record Verdict(Kind kind, String reason) {
        static final Verdict BOOK = new Verdict(Kind.BOOK, null);
    }

    static final int PRICE_FACTOR = 2;

    private FillOrigin() {}

    /**
     * @param approved        the approved entry {@code fill.positionId()} names, or null when none was read
     * @param current         the gateway's trade of that position so far, or null
     * @param decisionsReadTo the latest candle open time of the decisions of the fill's symbol read so far, or null
     */
    public static Verdict of(FillExecuted fill, ApprovedOrder approved, Trade current, Instant decisionsReadTo) {
        String what = "FillExecuted " + fill.eventId() + " of position " + fill.positionId();
        if (approved == null) {
            return unknown(what, fill.symbol().value(), fill.tsEvent(), decisionsReadTo);
        }
        if (!approved.symbol().equals(fill.symbol())) {
            return refuse(what, "was approved in " + approved.symbol() + ", not " + fill.symbol());
        }
        BigDecimal quantity = fill.quantity();
        if (fill.purpose() == OrderPurpose.ENTRY) {
            if (!fill.clientOrderId().value().equals(approved.orderId())) {
                return refuse(what, "an entry fill must be of the entry order " + approved.orderId() + ", not "
                        + fill.clientOrderId());
            }
            if (fill.side() != approved.side()) {
                return refuse(what, "the entry was approved to " + approved.side() + ", the fill " + fill.side() + "s");
            }
            if (far(fill.price(), approved.referencePrice())) {
                return refuse(what, "price " + fill.price().toPlainString() + " is absurd for an entry approved at about "
                        + approved.referencePrice().toPlainString());
            }
            BigDecimal entered = current == null || current.quantity() == null ? BigDecimal.ZERO : current.quantity();
            if (entered.add(quantity).compareTo(approved.quantity()) > 0) {
                return refuse(what, "entering " + quantity.toPlainString() + " more (" + entered.toPlainString()
                        + " entered) exceeds the approved quantity " + approved.quantity().toPlainString());
            }
            return Verdict.BOOK;
        }
        ClientOrderId exitId = Ids.exitOrderId(ClientOrderId.of(approved.orderId()), fill.purpose().name());
        if (!fill.clientOrderId().equals(exitId)) {
            return refuse(what, "a " + fill.purpose() + " exit must be of order " + exitId + ", not " + fill.clientOrderId());
        }
        if (fill.side() == approved.side()) {
            return refuse(what, "an exit must " + (approved.side() == Side.BUY ? Side.SELL : Side.BUY) + ", the fill "
                    + fill.side() + "s");
        }
        BigDecimal exited = current == null ? BigDecimal.ZERO : current.exitQuantity();
        if (exited.add(quantity).compareTo(approved.quantity()) > 0) {
            return refuse(what, "exiting " + quantity.toPlainString() + " more (" + exited.toPlainString()
                    + " exited) exceeds the approved quantity " + approved.quantity().toPlainString());
        }
        BigDecimal factor = BigDecimal.valueOf(PRICE_FACTOR);
        BigDecimal highest = approved.referencePrice().multiply(factor);
        BigDecimal lowest = approved.referencePrice().divide(factor);
        BigDecimal fees = quantity.multiply(highest.add(fill.price())).multiply(new BigDecimal("0.1"));
        boolean longSide = approved.side() == Side.BUY;
        BigDecimal worst = quantity.multiply(longSide ? fill.price().subtract(highest) : lowest.subtract(fill.price()))
                .subtract(fees);
        BigDecimal best = quantity.multiply(longSide ? fill.price().subtract(lowest) : highest.subtract(fill.price()));
        if (fill.realizedPnl().compareTo(worst) < 0 || fill.realizedPnl().compareTo(best) > 0) {
            return refuse(what, "realized P&L " + fill.realizedPnl().toPlainString() + " is more than an exit of "
                    + quantity.toPlainString() + " at " + fill.price().toPlainString() + " can make or lose on an entry"
                    + " approved at about " + approved.referencePrice().toPlainString());
        }
        return Verdict.BOOK;
    }

    /** The same rule for a position update (see the class comment). */
    public static Verdict of(PositionChanged position, ApprovedOrder approved, Instant decisionsReadTo) {
        String what = "PositionChanged " + position.eventId() + " of position " + position.positionId();
        if (approved == null) {
            return unknown(what, position.symbol().value(), position.tsEvent(), decisionsReadTo);
        }
        if (!approved.symbol().equals(position.symbol())) {
            return refuse(what, "was approved in " + approved.symbol() + ", not " + position.symbol());
        }
        if (!position.hasPosition()) {
            return Verdict.BOOK;
        }
        PositionSide side = approved.side() == Side.BUY ? PositionSide.LONG : PositionSide.SHORT;
        if (position.side() != side) {
            return refuse(what, "was approved " + side + ", not " + position.side());
        }
        if (position.quantity().compareTo(approved.quantity()) > 0) {
            return refuse(what, "quantity " + position.quantity().toPlainString() + " exceeds the approved "
                    + approved.quantity().toPlainString());
        }
        if (far(position.averageEntryPrice(), approved.referencePrice())) {
            return refuse(what, "average entry price " + position.averageEntryPrice().toPlainString()
                    + " is absurd for an entry approved at about " + approved.referencePrice().toPlainString());
        }
        return Verdict.BOOK;
    }

    private static Verdict unknown(String what, String symbol, Instant time, Instant decisionsReadTo) {
        if (decisionsReadTo != null && !decisionsReadTo.isBefore(time)) {
            return refuse(what, "was not opened by an order the platform placed: no approved decision has this client"
                    + " order id, and the decisions of " + symbol + " have been read up to candle " + decisionsReadTo);
        }
        return new Verdict(Kind.HOLD, what + " waits for its approved decision (decisions of " + symbol + " read up to "
                + (decisionsReadTo == null ? "none yet" : "candle " + decisionsReadTo) + ")");
    }

    private static boolean far(BigDecimal price, BigDecimal reference) {
        BigDecimal factor = BigDecimal.valueOf(PRICE_FACTOR);
        return price.compareTo(reference.multiply(factor)) > 0 || price.multiply(factor).compareTo(reference) < 0;
    }

    private static Verdict refuse(String what, String why) {
        return new Verdict(Kind.REFUSE, what + " refused: " + why);
    }
}
