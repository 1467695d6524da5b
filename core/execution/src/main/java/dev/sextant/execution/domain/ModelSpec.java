package dev.sextant.execution.domain;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text form of an execution model, {@code name} or {@code name:key=value,key=value}
 * (e.g. {@code volume:impact=0.1,cap=0.01}), as the backtester's options and execution-service's
 * configuration write it. Every parse error is an IllegalArgumentException naming the option, the
 * model and what to write instead.
 */
record ModelSpec(String option, String name, Map<String, String> parameters) {

    /** Parses {@code text} given to {@code option} (for messages), e.g. {@code --slippage-model}. */
    static ModelSpec parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(option + " must name a model, got nothing");
        }
        String trimmed = text.strip();
        int colon = trimmed.indexOf(':');
        String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).strip();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String pair : trimmed.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new IllegalArgumentException(option + " '" + text + "': write parameters as key=value, separated by"
                            + " commas, e.g. " + name + ":key=value; got '" + pair.strip() + "'");
                }
                String key = pair.substring(0, eq).strip();
                if (parameters.put(key, pair.substring(eq + 1).strip()) != null) {
                    throw new IllegalArgumentException(option + " '" + text + "': parameter " + key + " is given twice");
                }
            }
        }
        return new ModelSpec(option, name, parameters);
    }

    /** Fails unless every parameter is one of {@code allowed}. */
    ModelSpec allow(Set<String> allowed) {
        for (String key : parameters.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(option + ": model " + name + " has no parameter '" + key + "'"
                        + (allowed.isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ", List.copyOf(allowed)) + ")"));
            }
        }
        return this;
    }

    /** The decimal parameter {@code key}, or {@code fallback} when it is absent (null fallback: required). */
    BigDecimal decimal(String key, BigDecimal fallback, String example) {
        String value = parameters.get(key);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(option + ": model " + name + " needs " + key + "=VALUE, e.g. " + example);
            }
            return fallback;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": " + name + " parameter " + key + " must be a decimal number, got '"
                    + value + "'");
        }
    }

    /** The unknown-model failure, listing the known ones. */
    IllegalArgumentException unknown(List<String> known) {
        return new IllegalArgumentException("unknown " + option + " '" + name + "': use one of " + String.join(", ", known));
    }
}
