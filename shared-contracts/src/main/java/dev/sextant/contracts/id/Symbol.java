package dev.sextant.contracts.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An instrument as the exchange spells it, e.g. {@code BTCUSDT}. Also the Kafka key of every topic. */
public record Symbol(String value) {
    /** Most characters of a symbol (Binance's are at most 20; the API gateway accepts the same 2-30). */
    public static final int MAX_LENGTH = 30;

    public Symbol {
        if (!isValid(value)) {
            throw new IllegalArgumentException(
                    "symbol must be 2-30 upper-case letters or digits (e.g. BTCUSDT), got: " + EventId.abbreviate(value));
        }
    }

    /** True when {@code value} matches {@code [A-Z0-9]{2,30}}. */
    public static boolean isValid(String value) {
        if (value == null || value.length() < 2 || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
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
