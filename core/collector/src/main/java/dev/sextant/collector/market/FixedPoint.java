package dev.sextant.collector.market;

import java.math.BigDecimal;

/**
 * Binance's decimal strings as scaled {@code long}s: the value times 10^{@value #SCALE}, so {@code "20377.00"}
 * is {@code 2_037_700_000_000} and {@code "0.001"} is {@code 100_000}. Binance writes prices and quantities with
 * at most 8 decimals (the spot REST and stream payloads print exactly 8, e.g. {@code "0.01634790"}), so every
 * value it sends is exact at this scale, and the order book compares and stores plain {@code long}s instead of
 * {@link BigDecimal}s (no allocation, one-instruction comparison).
 *
 * <p>Accepted text: one or more ASCII digits, optionally followed by {@code '.'} and one or more digits. No sign,
 * no exponent, no blanks, no {@code NaN}/{@code Infinity}. Digits beyond the 8th decimal are accepted only when
 * they are zeros (the value is still exact); any other is refused. The largest value is
 * {@code Long.MAX_VALUE / 10^8} = 92,233,720,368.54775807, above every price of the platform
 * ({@code EventBounds.MAX_PRICE} = 10^9) and just under its largest quantity ({@code EventBounds.MAX_QUANTITY} =
 * 10^11): a book level of more than 92 billion units (possible only for a few meme coins) is refused as an
 * overflow rather than wrapped.
 *
 * <p>{@link #parse} never throws and never allocates: it returns the value (≥ 0) or a negative error code whose
 * sentence is {@link #error(long)}.
 */
public final class FixedPoint {
    /** Decimal places of every scaled value. */
    public static final int SCALE = 8;
    /** 10^{@value #SCALE}: the scaled value of 1. */
    public static final long ONE = 100_000_000L;

    /** Error code: null or empty text. */
    public static final long EMPTY = -1;
    /** Error code: a character other than digits and one inner '.' (a sign, an exponent, NaN, a blank). */
    public static final long NOT_PLAIN = -2;
    /** Error code: a non-zero digit after the 8th decimal. */
    public static final long TOO_MANY_DECIMALS = -3;
    /** Error code: larger than {@link Long#MAX_VALUE} / 10^8. */
    public static final long OVERFLOW = -4;
    /** Error code: a leading '-' (prices and quantities are never negative). */
    public static final long NEGATIVE = -5;

    private static final long[] POW10 = new long[SCALE + 1];

    static {
        POW10[0] = 1;
        for (int i = 1; i <= SCALE; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private FixedPoint() {}

    /**
     * {@code text} × 10^8 as a {@code long}, or a negative error code ({@link #EMPTY}, {@link #NOT_PLAIN},
     * {@link #TOO_MANY_DECIMALS}, {@link #OVERFLOW}, {@link #NEGATIVE}).
     */
    public static long parse(CharSequence text) {
        if (text == null) {
            return EMPTY;
        }
        int n = text.length();
        if (n == 0) {
            return EMPTY;
        }
        int i = 0;
        if (text.charAt(0) == '-') {
            return n > 1 && isDigit(text.charAt(1)) ? NEGATIVE : NOT_PLAIN;
        }
        long value = 0;
        int intDigits = 0;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                break;
            }
            if (!isDigit(c)) {
                return NOT_PLAIN;
            }
            int d = c - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                return overflowUnlessPlain(text, i + 1, false);
            }
            value = value * 10 + d;
            intDigits++;
        }
        if (intDigits == 0) {
            return NOT_PLAIN;
        }
        int decimals = 0;
        if (i < n) {  // text.charAt(i) == '.'
            i++;
            if (i == n) {
                return NOT_PLAIN;
            }
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (!isDigit(c)) {
                    return NOT_PLAIN;
                }
                if (decimals == SCALE) {
                    if (c != '0') {
                        return restIsPlain(text, i + 1) ? TOO_MANY_DECIMALS : NOT_PLAIN;
                    }
                    continue;  // a trailing zero beyond the scale: exact, ignored
                }
                int d = c - '0';
                if (value > (Long.MAX_VALUE - d) / 10) {
                    return overflowUnlessPlain(text, i + 1, true);
                }
                value = value * 10 + d;
                decimals++;
            }
        }
        long factor = POW10[SCALE - decimals];
        if (value > Long.MAX_VALUE / factor) {
            return OVERFLOW;
        }
        return value * factor;
    }

    /** True when {@code code} is one of {@link #parse}'s error codes rather than a value. */
    public static boolean isError(long code) {
        return code < 0;
    }

    /** The sentence of an error code of {@link #parse}, e.g. "more than 8 decimal places". */
    public static String error(long code) {
        if (code == EMPTY) {
            return "empty";
        }
        if (code == NOT_PLAIN) {
            return "not a plain decimal (digits with an optional '.' and decimals: no sign, exponent, blank or NaN)";
        }
        if (code == TOO_MANY_DECIMALS) {
            return "more than " + SCALE + " decimal places";
        }
        if (code == OVERFLOW) {
            return "larger than " + toPlainString(Long.MAX_VALUE);
        }
        if (code == NEGATIVE) {
            return "negative";
        }
        return code >= 0 ? "not an error (" + code + ")" : "unknown error code " + code;
    }

    /** The exact decimal of a scaled value, without trailing zeros and never in exponent form. */
    public static BigDecimal toBigDecimal(long scaled) {
        BigDecimal value = BigDecimal.valueOf(scaled, SCALE).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    /** The scaled value of an exact decimal with at most 8 decimal places (for tests and fixtures). */
    public static long of(BigDecimal value) {
        return value.movePointRight(SCALE).longValueExact();
    }

    /** {@link #toBigDecimal} as text, e.g. {@code "20377"} or {@code "0.001"}. */
    public static String toPlainString(long scaled) {
        return toBigDecimal(scaled).toPlainString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** OVERFLOW when the rest of the text is still a plain decimal, else NOT_PLAIN (the text's first fault). */
    private static long overflowUnlessPlain(CharSequence text, int from, boolean dotSeen) {
        boolean dot = dotSeen;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' && !dot && i + 1 < text.length() && isDigit(text.charAt(i + 1))) {
                dot = true;
            } else if (!isDigit(c)) {
                return NOT_PLAIN;
            }
        }
        return OVERFLOW;
    }

    private static boolean restIsPlain(CharSequence text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
