package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An entry order the platform placed, as the gateway learns it from an approved {@link RiskDecisionMade} on
 * {@code signals}: its client order id ({@code Ids.clientOrderId(decision id)}, also the position id), symbol, side,
 * approved quantity and reference price.
 */
public record ApprovedOrder(String orderId, String decisionId, Symbol symbol, Side side, BigDecimal quantity,
                            BigDecimal referencePrice, Instant candleOpenTime) {

    /** The entry order of an approved decision. */
    public static ApprovedOrder of(RiskDecisionMade decision) {
        if (!decision.approved()) {
            throw new IllegalArgumentException("decision " + decision.eventId() + " is not approved: it places no order");
        }
        return new ApprovedOrder(Ids.clientOrderId(decision.eventId()).value(), decision.eventId().value(), decision.symbol(),
                decision.intent().side(), decision.intent().quantity(), decision.intent().referencePrice(),
                decision.candleOpenTime());
    }
}
