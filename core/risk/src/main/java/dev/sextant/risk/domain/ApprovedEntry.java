package dev.sextant.risk.domain;

import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;

/**
 * An entry risk approved, which the fills, positions and order outcomes execution reports must belong to
 * ({@link Account#check}): its order id (the client order id of the decision, {@code Ids.clientOrderId(decision
 * id)}, which is also the position id), symbol, side, approved quantity and reference price, and how much of it the
 * account has booked as entered and as exited so far.
 *
 * @param orderId        the entry's client order id = the position id
 * @param symbol         the symbol of the decision
 * @param side           the intent's side (BUY opens a long)
 * @param quantity       the approved quantity: entries and exits of the position never add up to more
 * @param referencePrice the intent's reference price (the decision candle's close)
 * @param entered        entry quantity booked so far
 * @param exited         exit quantity booked so far
 */
public record ApprovedEntry(String orderId, Symbol symbol, Side side, BigDecimal quantity, BigDecimal referencePrice,
                            BigDecimal entered, BigDecimal exited) {

    ApprovedEntry withEntered(BigDecimal more) {
        return new ApprovedEntry(orderId, symbol, side, quantity, referencePrice, entered.add(more), exited);
    }

    ApprovedEntry withExited(BigDecimal more) {
        return new ApprovedEntry(orderId, symbol, side, quantity, referencePrice, entered, exited.add(more));
    }
}
