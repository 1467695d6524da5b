package dev.sextant.risk.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How long a HALT caused by the daily loss limit lasts (risk setting {@code daily-loss-halt}).
 * Either way an operator start lifts it at once; a halt for any other reason, and an operator's
 * stop, always wait for an operator start.
 */
public enum DailyLossHaltPolicy {
    /**
     * {@code until-next-day}: the halt lifts on the first input whose event time falls on a later
     * UTC day than the day whose loss reached the limit (event time, never the wall clock), back to
     * the state before the halt.
     */
    UNTIL_NEXT_DAY("until-next-day"),
    /** {@code until-operator}: the halt holds until an operator start. */
    UNTIL_OPERATOR("until-operator");

    private final String value;

    DailyLossHaltPolicy(String value) {
        this.value = value;
    }

    /** The setting's text, e.g. {@code until-next-day}. */
    public String value() {
        return value;
    }

    /**
     * The policy named {@code text} (case and surrounding blanks ignored); IllegalArgumentException
     * naming the setting and the allowed values otherwise.
     */
    public static DailyLossHaltPolicy parse(String text) {
        String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (DailyLossHaltPolicy policy : values()) {
            if (policy.value.equals(v)) {
                return policy;
            }
        }
        throw new IllegalArgumentException(RiskLimits.describe(RiskLimits.DAILY_LOSS_HALT) + " must be one of "
                + Arrays.stream(values()).map(DailyLossHaltPolicy::value).collect(Collectors.joining(", "))
                + ", got '" + text + "'");
    }
}
