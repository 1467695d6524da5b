package dev.sextant.contracts.event;

import java.math.BigDecimal;

/**
 * One pre-trade check as it ran: its {@code value}, the {@code threshold} it was held to, how they
 * are compared ({@code "<"}, {@code ">"}, {@code "<="}, {@code ">="}, {@code "between"}, {@code "=="}), and the outcome.
 * {@code upperThreshold} is set only for a band ({@code "between"}); {@code value} is null when the
 * input was not known (e.g. no order book yet), with {@code detail} saying so.
 */
public record RiskCheck(
        String name,
        boolean passed,
        BigDecimal value,
        String comparator,
        BigDecimal threshold,
        BigDecimal upperThreshold,
        String detail) {

    public RiskCheck {
        Require.text(name, "name");
        Require.text(comparator, "comparator");
    }
}
