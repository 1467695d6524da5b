package dev.sextant.contracts.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Our id of an order, sent to the exchange as {@code newClientOrderId}. Binance accepts at most 36
 * characters of {@code [.A-Z:/a-z0-9_-]}; ids derived by {@link Ids#clientOrderId} always fit.
 */
public record ClientOrderId(String value) {
    /** Binance's limit. */
    public static final int MAX_LENGTH = 36;

    public ClientOrderId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("client order id must match [.A-Z:/a-z0-9_-]{1,36}, got: " + EventId.abbreviate(value));
        }
    }

    /** True when {@code value} matches {@code [.A-Z:/a-z0-9_-]{1,36}}. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ".:/_-".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    @JsonCreator
    public static ClientOrderId of(String value) {
        return new ClientOrderId(value);
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
