package dev.sextant.backtest.search;

import dev.sextant.backtest.Strategies;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The values a search tries, one {@code --param} per parameter: {@code NAME=V1,V2,...} (a list) or
 * {@code NAME=LO..HI[:STEP]} (a range). A name is a risk setting as {@code --set} takes it
 * ({@code confidence-threshold}, {@code risk-per-trade}, {@code stop-atr-multiple}, ...) or
 * {@code strategy} (a list of strategy names).
 *
 * <ul>
 *   <li><b>grid</b>: the cartesian product of the lists, in the order the parameters were given, the
 *       last one varying fastest; a range needs a step and gives LO, LO+STEP, ... up to HI.</li>
 *   <li><b>random</b>: {@code samples} distinct draws with {@link Random} seeded by {@code seed} (the
 *       same seed gives the same combinations, on any machine): a list value uniformly from the list, a
 *       range with a step uniformly from its points, a range without a step uniformly from [LO, HI]
 *       rounded to two more decimals than LO and HI are written with. When every parameter is finite
 *       and the grid is not larger than {@code samples}, the draw is the whole grid.</li>
 * </ul>
 */
public final class ParameterSpace {
    public static final String STRATEGY = "strategy";

    /** One searched parameter: a list of values, or a range from {@code low} to {@code high} (step may be null). */
    public record Param(String name, List<String> values, BigDecimal low, BigDecimal high, BigDecimal step) {
        boolean isRange() {
            return values == null;
        }

        boolean finite() {
            return !isRange() || step != null;
        }

        /** The values a grid takes (a list, or a range's points). */
        List<String> points() {
            if (!isRange()) {
                return values;
            }
            List<String> points = new ArrayList<>();
            for (BigDecimal v = low; v.compareTo(high) <= 0; v = v.add(step)) {
                points.add(v.toPlainString());
                if (points.size() > MAX_POINTS) {
                    throw new IllegalArgumentException("--param " + name + "=" + low.toPlainString() + ".." + high.toPlainString() + ":"
                            + step.toPlainString() + " has more than " + MAX_POINTS + " points: choose a larger step");
                }
            }
            return points;
        }

        String spec() {
            return isRange() ? low.toPlainString() + ".." + high.toPlainString() + (step == null ? "" : ":" + step.toPlainString())
                    : String.join(",", values);
        }
    }

    static final int MAX_POINTS = 100_000;

    private final List<Param> params;

    private ParameterSpace(List<Param> params) {
        this.params = List.copyOf(params);
    }

    public List<Param> params() {
        return params;
    }

    /** The parameters as given, {@code NAME=SPEC} each, for the outputs. */
    public Map<String, String> specs() {
        Map<String, String> specs = new LinkedHashMap<>();
        params.forEach(p -> specs.put(p.name(), p.spec()));
        return specs;
    }

    /** Parses the {@code --param} arguments (IllegalArgumentException saying what to fix). */
    public static ParameterSpace parse(List<String> specs) {
        if (specs == null || specs.isEmpty()) {
            throw new IllegalArgumentException("nothing to search: give at least one --param NAME=V1,V2,... or NAME=LO..HI:STEP"
                    + " (NAME a risk setting as --set takes it, or strategy)");
        }
        List<Param> params = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--param '" + spec + "' must be NAME=V1,V2,... or NAME=LO..HI[:STEP]");
            }
            String name = spec.substring(0, eq).trim();
            String value = spec.substring(eq + 1).trim();
            if (!names.add(name)) {
                throw new IllegalArgumentException("--param " + name + " is given twice: give all its values in one --param");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("--param " + name + " has no value (an empty grid): give V1,V2,... or LO..HI:STEP");
            }
            params.add(value.contains("..") ? range(name, value) : list(name, value));
        }
        return new ParameterSpace(params);
    }

    private static Param list(String name, String value) {
        List<String> values = new ArrayList<>();
        for (String v : value.split(",", -1)) {
            String t = v.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("--param " + name + "=" + value + " has an empty value: write V1,V2,... without empty entries");
            }
            if (values.contains(t)) {
                throw new IllegalArgumentException("--param " + name + "=" + value + " lists " + t + " twice");
            }
            if (name.equals(STRATEGY) && !Strategies.NAMES.contains(t)) {
                throw new IllegalArgumentException("unknown strategy '" + t + "' in --param strategy: choose from "
                        + String.join(", ", Strategies.NAMES));
            }
            values.add(t);
        }
        return new Param(name, List.copyOf(values), null, null, null);
    }

    private static Param range(String name, String value) {
        if (name.equals(STRATEGY)) {
            throw new IllegalArgumentException("--param strategy takes a list of names (e.g. strategy=ema-trend,always-long), not a range");
        }
        String bounds = value;
        BigDecimal step = null;
        int colon = value.indexOf(':');
        try {
            if (colon >= 0) {
                bounds = value.substring(0, colon);
                step = new BigDecimal(value.substring(colon + 1).trim());
            }
            int dots = bounds.indexOf("..");
            BigDecimal low = new BigDecimal(bounds.substring(0, dots).trim());
            BigDecimal high = new BigDecimal(bounds.substring(dots + 2).trim());
            if (low.compareTo(high) > 0) {
                throw new IllegalArgumentException("--param " + name + "=" + value + ": LO must not exceed HI");
            }
            if (step != null && step.signum() <= 0) {
                throw new IllegalArgumentException("--param " + name + "=" + value + ": the STEP must be greater than 0");
            }
            return new Param(name, null, low, high, step);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--param " + name + "=" + value + " is not a range of numbers: write LO..HI or LO..HI:STEP, e.g. 0.5..0.7:0.05");
        }
    }

    /** True when {@code name} is searched. */
    public boolean searches(String name) {
        return params.stream().anyMatch(p -> p.name().equals(name));
    }

    /** The number of grid combinations (every parameter must be finite). */
    public long gridSize() {
        long size = 1;
        for (Param p : params) {
            size = Math.multiplyExact(size, (long) p.points().size());
        }
        return size;
    }

    /**
     * The grid, in order (see the class doc), each combination on top of {@code base} (the fixed
     * {@code --set} settings) and with {@code strategy} unless the strategy is searched.
     */
    public List<Combination> grid(String strategy, Map<String, String> base, int maxCombinations) {
        for (Param p : params) {
            if (!p.finite()) {
                throw new IllegalArgumentException("--param " + p.name() + "=" + p.spec() + " needs a step for a grid search:"
                        + " write LO..HI:STEP, or sample it with --random N");
            }
        }
        long size;
        try {
            size = gridSize();
        } catch (ArithmeticException e) {
            size = Long.MAX_VALUE;
        }
        if (size > maxCombinations) {
            throw new IllegalArgumentException("the grid has " + (size == Long.MAX_VALUE ? "too many" : Long.toString(size))
                    + " combinations, more than --max-combinations " + maxCombinations + ": narrow the lists or sample it with --random N");
        }
        List<List<String>> points = params.stream().map(Param::points).toList();
        List<Combination> out = new ArrayList<>((int) size);
        int[] index = new int[params.size()];
        for (int id = 1; id <= size; id++) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < params.size(); i++) {
                values.put(params.get(i).name(), points.get(i).get(index[i]));
            }
            out.add(combination(id, values, strategy, base));
            for (int i = params.size() - 1; i >= 0; i--) {
                if (++index[i] < points.get(i).size()) {
                    break;
                }
                index[i] = 0;
            }
        }
        return out;
    }

    /** {@code samples} distinct random combinations drawn with {@code seed} (see the class doc). */
    public List<Combination> random(int samples, long seed, String strategy, Map<String, String> base, int maxCombinations) {
        if (samples < 1) {
            throw new IllegalArgumentException("--random must be at least 1, got " + samples);
        }
        if (samples > maxCombinations) {
            throw new IllegalArgumentException("--random " + samples + " is more than --max-combinations " + maxCombinations
                    + ": draw fewer or raise --max-combinations");
        }
        if (params.stream().allMatch(Param::finite)) {
            long size;
            try {
                size = gridSize();
            } catch (ArithmeticException e) {
                size = Long.MAX_VALUE;
            }
            if (size <= samples) {
                return grid(strategy, base, maxCombinations);
            }
        }
        Random random = new Random(seed);
        List<List<String>> points = params.stream().map(p -> p.finite() ? p.points() : null).toList();
        Set<Map<String, String>> drawn = new LinkedHashSet<>();
        long attempts = 0;
        while (drawn.size() < samples && attempts++ < 1000L * samples) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < params.size(); i++) {
                Param p = params.get(i);
                List<String> choices = points.get(i);
                values.put(p.name(), choices != null ? choices.get(random.nextInt(choices.size())) : uniform(p, random.nextDouble()));
            }
            drawn.add(values);
        }
        List<Combination> out = new ArrayList<>(drawn.size());
        int id = 1;
        for (Map<String, String> values : drawn) {
            out.add(combination(id++, values, strategy, base));
        }
        return out;
    }

    private static String uniform(Param p, double u) {
        int scale = Math.max(Math.max(p.low().scale(), p.high().scale()), 0) + 2;
        BigDecimal v = p.low().add(p.high().subtract(p.low()).multiply(BigDecimal.valueOf(u))).setScale(scale, RoundingMode.HALF_EVEN);
        return v.min(p.high()).max(p.low()).setScale(scale, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static Combination combination(int id, Map<String, String> values, String strategy, Map<String, String> base) {
        Map<String, String> settings = new LinkedHashMap<>(base);
        String chosen = strategy;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().equals(STRATEGY)) {
                chosen = e.getValue();
            } else {
                settings.put(e.getKey(), e.getValue());
            }
        }
        return Combination.of(id, chosen, values, settings);
    }
}
