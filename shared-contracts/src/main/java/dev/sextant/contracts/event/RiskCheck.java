package dev.sextant.contracts.event;

import java.math.BigDecimal;
import java.util.List;

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

    /** The comparators a check may use. */
    public static final List<String> COMPARATORS = List.of("<", ">", "<=", ">=", "between", "==");

    public RiskCheck {
        Require.name(name, EventBounds.MAX_NAME, "._-", "name");
        Require.field(comparator, "comparator");
        if (!COMPARATORS.contains(comparator)) {
            throw new IllegalArgumentException("field 'comparator' must be one of " + COMPARATORS + ", got: "
                    + Require.abbreviate(comparator));
        }
        Require.optionalAmount(value, "value");
        Require.optionalAmount(threshold, "threshold");
        Require.optionalAmount(upperThreshold, "upperThreshold");
        Require.optionalText(detail, "detail");
    }
}
