package dev.sextant.backtest.search;

import dev.sextant.performance.Performance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A figure that ranks parameter combinations, higher is better. A combination whose figure is not
 * defined (NaN: a Sharpe without variance, e.g. no trade; a profit factor without trades) ranks below
 * every defined one; +∞ (a profit factor without a losing trade) ranks above every finite one. Ties,
 * and the order among undefined figures, go to the lower combination id, so a ranking never depends
 * on the order the runs finished in.
 */
public enum Metric {
    SHARPE("sharpe"),
    TOTAL_RETURN("totalReturn"),
    CALMAR("calmar"),
    PROFIT_FACTOR("profitFactor");

    private final String key;

    Metric(String key) {
        this.key = key;
    }

    /** The name on the command line and in the outputs, as in summary.json: {@code sharpe}, {@code totalReturn}, ... */
    public String key() {
        return key;
    }

    public double of(Performance p) {
        return switch (this) {
            case SHARPE -> p.sharpe();
            case TOTAL_RETURN -> p.totalReturn();
            case CALMAR -> p.calmar();
            case PROFIT_FACTOR -> p.profitFactor();
        };
    }

    /** Best first: higher figures first, NaN last (see the class doc; ties are the caller's to break). */
    public static final Comparator<Double> BEST_FIRST = (a, b) -> {
        boolean na = Double.isNaN(a);
        boolean nb = Double.isNaN(b);
        if (na || nb) {
            return na == nb ? 0 : na ? 1 : -1;
        }
        return Double.compare(b, a);
    };

    /** True when {@code a} ranks strictly before {@code b}. */
    public static boolean better(double a, double b) {
        return BEST_FIRST.compare(a, b) < 0;
    }

    /** The metric called {@code name} ({@code sharpe}, {@code totalReturn}, {@code calmar}, {@code profitFactor}; also total-return, profit-factor). */
    public static Metric parse(String name, String option) {
        String wanted = name == null ? "" : name.trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.key.toLowerCase(Locale.ROOT).equals(wanted)) {
                return m;
            }
        }
        List<String> keys = new ArrayList<>();
        for (Metric m : values()) {
            keys.add(m.key);
        }
        throw new IllegalArgumentException("unknown " + option + " '" + name + "': choose one of " + String.join(", ", keys));
    }
}
