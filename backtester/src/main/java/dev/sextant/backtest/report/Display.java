package dev.sextant.backtest.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How figures read in the HTML report. */
final class Display {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Display() {
    }

    /** A fraction as a signed percentage: {@code +5.00 %}; "n/a" for NaN; "∞" for infinity. */
    static String signedPercent(double fraction) {
        return percent(fraction, true);
    }

    static String percent(double fraction) {
        return percent(fraction, false);
    }

    private static String percent(double fraction, boolean signed) {
        if (Double.isNaN(fraction)) {
            return "n/a";
        }
        if (Double.isInfinite(fraction)) {
            return fraction > 0 ? "∞" : "−∞";
        }
        double pct = fraction * 100;
        String text = Math.abs(pct) >= 1e6
                ? String.format(Locale.ROOT, signed ? "%+.2e %%" : "%.2e %%", pct)
                : String.format(Locale.ROOT, signed ? "%+,.2f %%" : "%,.2f %%", pct);
        return text.replace('-', '−');
    }

    static String ratio(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "−∞";
        }
        String text = Math.abs(value) >= 1e6
                ? String.format(Locale.ROOT, "%.2e", value)
                : String.format(Locale.ROOT, "%,.2f", value);
        return text.replace('-', '−');
    }

    static String money(BigDecimal value) {
        return String.format(Locale.ROOT, "%,.2f", value).replace('-', '−');
    }

    static String signedMoney(BigDecimal value) {
        return String.format(Locale.ROOT, "%+,.2f", value).replace('-', '−');
    }

    /** A decimal as given (plain string), for prices and quantities. */
    static String decimal(BigDecimal value) {
        return value.toPlainString();
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** {@code 3d 4h}, {@code 5h 30m}, {@code 45m}, {@code 0m}. */
    static String duration(Duration d) {
        long days = d.toDays();
        int hours = d.toHoursPart();
        int minutes = d.toMinutesPart();
        if (days > 0) {
            return hours > 0 ? days + "d " + hours + "h" : days + "d";
        }
        if (hours > 0) {
            return minutes > 0 ? hours + "h " + minutes + "m" : hours + "h";
        }
        if (minutes == 0 && d.toSecondsPart() > 0) {
            return d.toSecondsPart() + "s";
        }
        return minutes + "m";
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
