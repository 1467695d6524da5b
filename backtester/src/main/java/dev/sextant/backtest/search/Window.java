package dev.sextant.backtest.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One walk-forward step: parameters are chosen on [{@code trainStart}, {@code trainEnd}) and scored on
 * the test window [{@code testStart}, {@code testEnd}) that follows it ({@code trainEnd == testStart}).
 * Times are candle open times, start inclusive, end exclusive, as {@code --from}/{@code --to}.
 *
 * @param index 1-based
 */
public record Window(int index, Instant trainStart, Instant trainEnd, Instant testStart, Instant testEnd) {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})([hdw])");

    /**
     * The windows over [{@code from}, {@code to}): the test windows tile [{@code from + train}, {@code to})
     * without gap or overlap, each {@code test} long (the last one is cut at {@code to} when the range
     * does not divide evenly); each train window ends where its test window starts and is {@code train}
     * long (rolling), or starts at {@code from} and grows (anchored). IllegalArgumentException when the
     * range cannot hold a train window and a test window.
     */
    public static List<Window> plan(Instant from, Instant to, Duration train, Duration test, boolean anchored, Duration bar) {
        if (train.compareTo(bar) < 0 || test.compareTo(bar) < 0) {
            throw new IllegalArgumentException("--train and --test must each be at least one candle (" + text(bar) + "), got --train "
                    + text(train) + " and --test " + text(test));
        }
        Instant firstTest = from.plus(train);
        if (!firstTest.isBefore(to)) {
            throw new IllegalArgumentException("the train window (--train " + text(train) + ") is not shorter than the range " + from + " to "
                    + to + " (" + text(Duration.between(from, to)) + "), so no test window is left: shorten --train or widen --from/--to");
        }
        List<Window> windows = new ArrayList<>();
        int index = 1;
        for (Instant start = firstTest; start.isBefore(to); start = start.plus(test)) {
            Instant end = start.plus(test).isAfter(to) ? to : start.plus(test);
            windows.add(new Window(index++, anchored ? from : start.minus(train), start, start, end));
        }
        return windows;
    }

    /** {@code 180d}, {@code 12h}, {@code 8w} (days, hours, weeks). */
    public static Duration parseDuration(String text, String option) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration: write a whole number of days, hours or weeks, e.g. 180d, 36h, 8w");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** {@code 180d}, {@code 36h}, {@code 90m}. */
    public static String text(Duration d) {
        if (d.toMinutesPart() != 0 || d.toSecondsPart() != 0) {
            return d.toMinutes() + "m";
        }
        return d.toHoursPart() == 0 ? d.toDays() + "d" : d.toHours() + "h";
    }
}
