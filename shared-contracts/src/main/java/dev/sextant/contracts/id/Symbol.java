package dev.sextant.contracts.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** An instrument as the exchange spells it, e.g. {@code BTCUSDT}. Also the Kafka key of every topic. */
public record Symbol(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Z0-9]{2,30}");

    public Symbol {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "symbol must be 2-30 upper-case letters or digits (e.g. BTCUSDT), got: " + value);
        }
    }

    @JsonCreator
    public static Symbol of(String value) {
        return new Symbol(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
