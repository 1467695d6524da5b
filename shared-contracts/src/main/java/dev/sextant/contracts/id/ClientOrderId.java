package dev.sextant.contracts.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * Our id of an order, sent to the exchange as {@code newClientOrderId}. Binance accepts at most 36
 * characters of {@code [.A-Z:/a-z0-9_-]}; ids derived by {@link Ids#clientOrderId} always fit.
 */
public record ClientOrderId(String value) {
    private static final Pattern VALID = Pattern.compile("[.A-Z:/a-z0-9_-]{1,36}");

    public ClientOrderId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("client order id must match [.A-Z:/a-z0-9_-]{1,36}, got: " + value);
        }
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
