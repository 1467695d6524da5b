package dev.sextant.contracts.event;

import static dev.sextant.contracts.event.EventBounds.MAX_AMOUNT;
import static dev.sextant.contracts.event.EventBounds.MAX_ITEMS;
import static dev.sextant.contracts.event.EventBounds.MAX_PRICE;
import static dev.sextant.contracts.event.EventBounds.MAX_QUANTITY;
import static dev.sextant.contracts.event.EventBounds.MAX_SCALE;
import static dev.sextant.contracts.event.EventBounds.MAX_TEXT;

import dev.sextant.contracts.id.ClientOrderId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Validation used by the events' constructors; every message names the offending field ("field 'x'" or,
 * for a rule between two, "fields 'x' and 'y'", which {@code EventCodec} reads to fill
 * {@code EventDecodingException.field()}) and, for a bound, the bound. The bounds are {@link EventBounds}.
 */
final class Require {
    /** Epoch seconds of {@link EventBounds#MIN_INSTANT} and {@link EventBounds#MAX_INSTANT}. */
    private static final long MIN_EPOCH_SECOND = EventBounds.MIN_INSTANT.getEpochSecond();
    private static final long MAX_EPOCH_SECOND = EventBounds.MAX_INSTANT.getEpochSecond();

    private Require() {}

    static <T> T field(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("missing required field '" + name + "'");
        }
        return value;
    }

    static String text(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing required field '" + name + "'");
        }
        return maxLength(value, MAX_TEXT, name);
    }

    /** Non-blank text of at most {@code max} characters. */
    static String text(String value, int max, String name) {
        text(value, name);
        return maxLength(value, max, name);
    }

    /** Null, or text (blank allowed) of at most {@link EventBounds#MAX_TEXT} characters. */
    static String optionalText(String value, String name) {
        return value == null ? null : maxLength(value, MAX_TEXT, name);
    }

    private static String maxLength(String value, int max, String name) {
        if (value.length() > max) {
            throw new IllegalArgumentException("field '" + name + "' must be at most " + max + " characters, got "
                    + value.length());
        }
        return value;
    }

    /**
     * A name: 1 to {@code max} characters, each an ASCII letter or digit or one of {@code allowed}, the first a
     * letter or digit (so no blank, no control character, no path or quote characters in a name).
     */
    static String name(String value, int max, String allowed, String name) {
        field(value, name);
        int n = value.length();
        boolean ok = n >= 1 && n <= max && isAlnum(value.charAt(0));
        for (int i = 1; ok && i < n; i++) {
            char c = value.charAt(i);
            ok = isAlnum(c) || allowed.indexOf(c) >= 0;
        }
        if (!ok) {
            throw new IllegalArgumentException("field '" + name + "' must be 1-" + max
                    + " letters or digits (then also any of \"" + allowed + "\"), got: " + abbreviate(value));
        }
        return value;
    }

    /** A lower-case name ({@code [a-z0-9]} then also {@code allowed}), e.g. an exchange or a venue. */
    static String lowerName(String value, int max, String allowed, String name) {
        name(value, max, allowed, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                throw new IllegalArgumentException("field '" + name + "' must be lower case, got: " + abbreviate(value));
            }
        }
        return value;
    }

    /** An upper-case asset code, e.g. {@code USDT}: 1-20 of {@code [A-Z0-9]}. */
    static String assetCode(String value, String name) {
        field(value, name);
        int n = value.length();
        boolean ok = n >= 1 && n <= 20;
        for (int i = 0; ok && i < n; i++) {
            char c = value.charAt(i);
            ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        if (!ok) {
            throw new IllegalArgumentException("field '" + name + "' must be 1-20 upper-case letters or digits (e.g. USDT), got: "
                    + abbreviate(value));
        }
        return value;
    }

    /** A position id: the client order id of the position's entry, so of {@link ClientOrderId}'s shape. */
    static String positionId(String value, String name) {
        field(value, name);
        if (!ClientOrderId.isValid(value)) {
            throw new IllegalArgumentException("field '" + name + "' must be a client order id ([.A-Z:/a-z0-9_-]{1,36}), got: "
                    + abbreviate(value));
        }
        return value;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "... (" + value.length() + " characters)";
    }

    // ------------------------------------------------------------------ decimals

    /** A decimal with at most {@link EventBounds#MAX_SCALE} decimal places and |value| <= {@code max}. */
    private static BigDecimal bounded(BigDecimal value, BigDecimal max, String name) {
        if (value.scale() > MAX_SCALE) {
            throw new IllegalArgumentException("field '" + name + "' must have at most " + MAX_SCALE
                    + " decimal places, got " + value.scale() + " (" + shortText(value) + ")");
        }
        if (value.abs().compareTo(max) > 0) {
            throw new IllegalArgumentException("field '" + name + "' must be at most " + max.toPlainString()
                    + " in absolute value, got " + shortText(value));
        }
        return value;
    }

    /** A decimal's text for a message: plain when short, else its scientific form (1E+400, not 401 digits). */
    private static String shortText(BigDecimal value) {
        String plain = value.precision() - value.scale() <= 40 && value.scale() <= 60 ? value.toPlainString() : null;
        return plain != null ? plain : value.toString();
    }

    static BigDecimal nonNegative(BigDecimal value, String name) {
        return nonNegative(value, MAX_AMOUNT, name);
    }

    private static BigDecimal nonNegative(BigDecimal value, BigDecimal max, String name) {
        field(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException("field '" + name + "' must not be negative, got " + shortText(value));
        }
        return bounded(value, max, name);
    }

    private static BigDecimal positive(BigDecimal value, BigDecimal max, String name) {
        field(value, name);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("field '" + name + "' must be positive, got " + shortText(value));
        }
        return bounded(value, max, name);
    }

    /** A price: in (0, {@link EventBounds#MAX_PRICE}]. */
    static BigDecimal price(BigDecimal value, String name) {
        return positive(value, MAX_PRICE, name);
    }

    /** Null, or a {@link #price}. */
    static BigDecimal optionalPrice(BigDecimal value, String name) {
        return value == null ? null : price(value, name);
    }

    /** A quantity that must be there: in (0, {@link EventBounds#MAX_QUANTITY}]. */
    static BigDecimal quantity(BigDecimal value, String name) {
        return positive(value, MAX_QUANTITY, name);
    }

    /** A quantity that may be zero: in [0, {@link EventBounds#MAX_QUANTITY}]. */
    static BigDecimal quantityOrZero(BigDecimal value, String name) {
        return nonNegative(value, MAX_QUANTITY, name);
    }

    /** A signed amount (a P&amp;L, a check's value): |value| <= {@link EventBounds#MAX_AMOUNT}. */
    static BigDecimal amount(BigDecimal value, String name) {
        return bounded(field(value, name), MAX_AMOUNT, name);
    }

    /** Null, or an {@link #amount}. */
    static BigDecimal optionalAmount(BigDecimal value, String name) {
        return value == null ? null : amount(value, name);
    }

    /** price × quantity within {@link EventBounds#MAX_AMOUNT}. */
    static void notional(BigDecimal price, BigDecimal quantity, String priceName, String quantityName) {
        BigDecimal notional = price.multiply(quantity);
        if (notional.compareTo(MAX_AMOUNT) > 0) {
            throw new IllegalArgumentException("fields '" + quantityName + "' and '" + priceName
                    + "': the notional (price × quantity) must be at most " + MAX_AMOUNT.toPlainString() + ", got "
                    + notional.toPlainString());
        }
    }

    // ------------------------------------------------------------------ other values

    static int schemaVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("missing required field 'schemaVersion' (must be >= 1, got " + version + ")");
        }
        return version;
    }

    static double probability(double value, String name) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("field '" + name + "' must be a probability in [0, 1], got " + value);
        }
        return value;
    }

    static long count(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException("field '" + name + "' must not be negative, got " + value);
        }
        return value;
    }

    /** An instant in [{@link EventBounds#MIN_INSTANT}, {@link EventBounds#MAX_INSTANT}). */
    static Instant instant(Instant value, String name) {
        field(value, name);
        long s = value.getEpochSecond();
        if (s < MIN_EPOCH_SECOND || s >= MAX_EPOCH_SECOND) {
            throw new IllegalArgumentException("field '" + name + "' must be in [" + EventBounds.MIN_INSTANT + ", "
                    + EventBounds.MAX_INSTANT + "), got " + value);
        }
        return value;
    }

    /** Null, or an {@link #instant}. */
    static Instant optionalInstant(Instant value, String name) {
        return value == null ? null : instant(value, name);
    }

    /** An instant on the {@code interval}'s grid (a candle's open time), within the instant bounds. */
    static Instant candleOpen(Instant value, Interval interval, String name) {
        instant(value, name);
        if (interval != null && !interval.isAligned(value)) {
            throw new IllegalArgumentException("field '" + name + "' must be on the " + interval.code()
                    + " grid (a multiple of " + interval.duration() + " since the epoch), got " + value);
        }
        return value;
    }

    static <T> List<T> list(List<T> value, String name) {
        List<T> copy = List.copyOf(field(value, name));
        return maxItems(copy, name);
    }

    static <T> List<T> maxItems(List<T> value, String name) {
        if (value.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("field '" + name + "' must hold at most " + MAX_ITEMS + " items, got "
                    + value.size());
        }
        return value;
    }
}
