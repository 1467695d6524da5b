package dev.sextant.collector.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The rules a kline must pass before it becomes a {@code CandleClosed}. The checks are about one
 * row plus the last accepted open time of its symbol (for duplicates and order); gaps are not
 * errors (see {@link GapDetector}).
 *
 * <p>Real anomalies that are valid: a zero-volume candle with open = high = low = close (Binance
 * writes them for hours without trades), and a close time shorter than the interval next to an
 * exchange outage.
 */
public final class CandleValidator {

    /**
     * Checks {@code k}.
     *
     * @param lastAccepted open time of the last candle of this symbol accepted or stored, or null
     * @return the rejection, or empty when the row is a valid candle
     */
    public Optional<Rejection> validate(Kline k, Instant lastAccepted) {
        if (!k.interval().isAligned(k.openTime())) {
            return reject(k, InvalidReason.MISALIGNED_OPEN_TIME,
                    "open time " + k.openTime() + " is not aligned to the " + k.interval().code() + " grid");
        }
        if (lastAccepted != null && k.openTime().equals(lastAccepted)) {
            return reject(k, InvalidReason.DUPLICATE, "a " + k.interval().code() + " candle of " + k.symbol()
                    + " opening at " + k.openTime() + " was already accepted");
        }
        if (lastAccepted != null && k.openTime().isBefore(lastAccepted)) {
            return reject(k, InvalidReason.OUT_OF_ORDER, "open time " + k.openTime()
                    + " is before the last accepted candle's open time " + lastAccepted);
        }
        for (BigDecimal price : new BigDecimal[] {k.open(), k.high(), k.low(), k.close()}) {
            if (price.signum() <= 0) {
                return reject(k, InvalidReason.NON_POSITIVE_PRICE,
                        "prices must be positive, got " + price.toPlainString());
            }
        }
        BigDecimal bodyTop = k.open().max(k.close());
        BigDecimal bodyBottom = k.open().min(k.close());
        if (k.high().compareTo(bodyTop) < 0) {
            return reject(k, InvalidReason.HIGH_BELOW_BODY, "high " + k.high().toPlainString()
                    + " is below max(open, close) " + bodyTop.toPlainString());
        }
        if (k.low().compareTo(bodyBottom) > 0) {
            return reject(k, InvalidReason.LOW_ABOVE_BODY, "low " + k.low().toPlainString()
                    + " is above min(open, close) " + bodyBottom.toPlainString());
        }
        if (k.volume().signum() < 0 || k.quoteVolume().signum() < 0 || k.tradeCount() < 0) {
            return reject(k, InvalidReason.NEGATIVE_VOLUME, "volume " + k.volume().toPlainString() + ", quote volume "
                    + k.quoteVolume().toPlainString() + " and trade count " + k.tradeCount() + " must not be negative");
        }
        Duration sinceOpen = Duration.between(k.openTime(), k.rawCloseTime());
        if (sinceOpen.isNegative() || sinceOpen.isZero() || sinceOpen.compareTo(k.interval().duration()) > 0) {
            return reject(k, InvalidReason.CLOSE_TIME_OUT_OF_RANGE, "close time " + k.rawCloseTime()
                    + " is not within (" + k.openTime() + ", " + k.openTime().plus(k.interval().duration()) + "]");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(Kline k, InvalidReason reason, String detail) {
        return Optional.of(new Rejection(k.symbol(), k.raw(), reason, detail));
    }
}
