package dev.sextant.backtest.search;

import dev.sextant.risk.domain.RiskLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One point of a parameter search: a strategy and the risk settings it runs with.
 *
 * @param id         1-based, in generation order (grid order, or draw order of a random search); ties in a
 *                   ranking go to the lower id
 * @param strategy   the strategy's name ({@code model}, {@code always-long}, {@code ema-trend})
 * @param parameters the searched values only, in the order the parameters were given (with {@code strategy}
 *                   when it is searched): what tells this combination from the others
 * @param settings   every risk setting given (the fixed {@code --set} ones and the searched ones), by name
 * @param limits     the risk limits: the defaults with {@code settings} applied
 */
public record Combination(int id, String strategy, Map<String, String> parameters, Map<String, String> settings,
                          RiskLimits limits) {

    public Combination {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * The combination of these values, its risk limits checked: an unknown setting or an impossible
     * value is an IllegalArgumentException naming it (and the combination, when the defaults alone
     * would not have refused it).
     */
    public static Combination of(int id, String strategy, Map<String, String> parameters, Map<String, String> settings) {
        RiskLimits limits;
        try {
            limits = RiskLimits.defaults().withOverrides(settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + (parameters.isEmpty() ? "" : " (in combination " + describe(parameters) + ")"), e);
        }
        return new Combination(id, strategy, parameters, settings, limits);
    }

    /** {@code strategy=ema-trend confidence-threshold=0.55}: the searched values. */
    public String label() {
        return describe(parameters);
    }

    private static String describe(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
