package dev.sextant.contracts.json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The ISO-8601 UTC text of an {@link Instant} as the platform writes it, without {@link DateTimeFormatter}:
 * {@code 2024-04-05T12:00:00Z}, with a fraction of 3, 6 or 9 digits when the nanoseconds need it
 * ({@code 12:59:59.999Z}, {@code .000001Z}, {@code .123456789Z}). {@link #format} gives exactly what
 * {@link DateTimeFormatter#ISO_INSTANT} gives (it falls back to it outside the years 0000-9999), and
 * {@link #parse} reads exactly that form ({@code Instant.parse} is the oracle in {@code IsoInstantsTest}),
 * or answers null for any other text, which the caller then hands to the general parser.
 */
final class IsoInstants {
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch seconds: the years whose text has 4 digits. */
    private static final long MIN_FAST_SECOND = -62_167_219_200L;
    private static final long MAX_FAST_SECOND = 253_402_300_800L;
    /** Longest text: {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
    static final int MAX_LENGTH = 30;

    private IsoInstants() {}

    /** The text of {@code t}, as {@link DateTimeFormatter#ISO_INSTANT} formats it. */
    static String format(Instant t) {
        char[] buf = new char[MAX_LENGTH];
        int n = format(t, buf);
        return n < 0 ? DateTimeFormatter.ISO_INSTANT.format(t) : new String(buf, 0, n);
    }

    /**
     * Writes the text of {@code t} into {@code buf} (at least {@link #MAX_LENGTH} long) and returns its length,
     * or -1 when {@code t} is outside the years 0000-9999 (then use {@link DateTimeFormatter#ISO_INSTANT}).
     */
    static int format(Instant t, char[] buf) {
        long seconds = t.getEpochSecond();
        if (seconds < MIN_FAST_SECOND || seconds >= MAX_FAST_SECOND) {
            return -1;
        }
        long day = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(day);
        int year = date.getYear();
        buf[0] = digit(year / 1000);
        buf[1] = digit(year / 100 % 10);
        buf[2] = digit(year / 10 % 10);
        buf[3] = digit(year % 10);
        buf[4] = '-';
        two(buf, 5, date.getMonthValue());
        buf[7] = '-';
        two(buf, 8, date.getDayOfMonth());
        buf[10] = 'T';
        two(buf, 11, secondOfDay / 3600);
        buf[13] = ':';
        two(buf, 14, secondOfDay / 60 % 60);
        buf[16] = ':';
        two(buf, 17, secondOfDay % 60);
        int n = 19;
        int nano = t.getNano();
        if (nano != 0) {
            buf[n++] = '.';
            int digits;
            int value;
            if (nano % 1_000_000 == 0) {
                digits = 3;
                value = nano / 1_000_000;
            } else if (nano % 1_000 == 0) {
                digits = 6;
                value = nano / 1_000;
            } else {
                digits = 9;
                value = nano;
            }
            for (int i = digits - 1; i >= 0; i--) {
                buf[n + i] = digit(value % 10);
                value /= 10;
            }
            n += digits;
        }
        buf[n++] = 'Z';
        return n;
    }

    private static char digit(int d) {
        return (char) ('0' + d);
    }

    private static void two(char[] buf, int at, int value) {
        buf[at] = digit(value / 10);
        buf[at + 1] = digit(value % 10);
    }

    /**
     * The instant of {@code text} when it is exactly {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} (upper-case T and Z,
     * a valid date, hours 00-23, minutes and seconds 00-59), else null: the caller then parses it the general
     * way, which also reads what this form leaves out (an offset, a leap second, lower case) or refuses it
     * with its own message.
     */
    static Instant parse(char[] text, int offset, int length) {
        if (length < 20 || length > MAX_LENGTH) {
            return null;
        }
        int end = offset + length;
        int year = digits4(text, offset);
        int month = digits2(text, offset + 5);
        int day = digits2(text, offset + 8);
        int hour = digits2(text, offset + 11);
        int minute = digits2(text, offset + 14);
        int second = digits2(text, offset + 17);
        if ((year | month | day | hour | minute | second) < 0
                || text[offset + 4] != '-' || text[offset + 7] != '-' || text[offset + 10] != 'T'
                || text[offset + 13] != ':' || text[offset + 16] != ':' || text[end - 1] != 'Z'
                || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59
                || day > daysInMonth(year, month)) {
            return null;
        }
        int nano = 0;
        int at = offset + 19;
        if (at < end - 1) {
            if (text[at] != '.') {
                return null;
            }
            int fractionDigits = end - 1 - (at + 1);
            if (fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            for (int i = at + 1; i < end - 1; i++) {
                int d = text[i] - '0';
                if (d < 0 || d > 9) {
                    return null;
                }
                nano = nano * 10 + d;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nano *= 10;
            }
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nano);
    }

    /** {@link #parse(char[], int, int)} of a String. */
    static Instant parse(String text) {
        if (text.length() < 20 || text.length() > MAX_LENGTH) {
            return null;
        }
        return parse(text.toCharArray(), 0, text.length());
    }

    private static int digits2(char[] s, int at) {
        int a = s[at] - '0';
        int b = s[at + 1] - '0';
        return (a < 0 || a > 9 || b < 0 || b > 9) ? -1 : a * 10 + b;
    }

    private static int digits4(char[] s, int at) {
        int hi = digits2(s, at);
        int lo = digits2(s, at + 2);
        return (hi < 0 || lo < 0) ? -1 : hi * 100 + lo;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
