package dev.sextant.feature.micro;

import dev.sextant.contracts.event.Side;
import java.time.Duration;
import java.time.Instant;

/**
 * Trade-flow features over a rolling event-time window {@code (end - W, end]} (see
 * {@link TradeWindow} for how the window moves and how duplicate and late trades are turned away).
 * Volumes are base-asset quantities; a trade's signed volume is {@code +quantity} when the
 * aggressor bought and {@code -quantity} when it sold.
 *
 * <ul>
 *   <li>{@code cvd}: cumulative volume delta, the sum of the signed volumes of every trade accepted
 *       since this object was created (base units). It keeps trades that have left the window;
 *       trades turned away as late or duplicate are not in it.</li>
 *   <li>{@code cvdChange = buyVolume - sellVolume} over the window: the change of the CVD across
 *       the window (base units).</li>
 *   <li>{@code buyRatio = buyVolume / (buyVolume + sellVolume)} over the window, in [0, 1]; NaN
 *       when the window holds no volume. ({@code cvdChange / volume = 2 * buyRatio - 1}.)</li>
 *   <li>{@code tradeRate = tradeCount / W} in trades per second.</li>
 *   <li>{@code divergence}: the window is split into an older half {@code H1 = (end - W, m]} and a
 *       newer half {@code H2 = (m, end]}, {@code m = end - W/2} (W/2 rounded down to the
 *       nanosecond). The CVD path is the running sum of signed volumes over the window's trades in
 *       time order (ties by trade id), taken after each trade; for each half, P_hi/P_lo are the
 *       highest/lowest trade price and C_hi/C_lo the highest/lowest value of the CVD path at its
 *       trades. <b>Bearish</b> when {@code P_hi(H2) > P_hi(H1)} and {@code C_hi(H2) < C_hi(H1)}
 *       (a higher price high on a lower CVD high); <b>bullish</b> when {@code P_lo(H2) < P_lo(H1)}
 *       and {@code C_lo(H2) > C_lo(H1)}; both or neither: none; a half without trades: undefined.
 *       All comparisons strict.</li>
 *   <li>{@code warm}: the window has run a whole W since the first accepted trade.</li>
 * </ul>
 *
 * <p>Cost: accepting or evicting a trade updates the window sums in O(1); to keep rounding errors
 * from adding up, the sums are recomputed from the window's trades after as many evictions as the
 * window holds (O(1) amortised). The divergence is computed when features are asked for, one pass
 * over the window (O(n)).
 *
 * <p>Not thread-safe.
 */
public final class TradeFlow {

    /** Default window: 1 minute. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    /**
     * Trade-flow features at the window's end.
     *
     * @param windowEnd the window's end (largest event time seen), null before the first trade
     * @param tradeCount trades in the window
     * @param buyVolume base volume bought by aggressors in the window
     * @param sellVolume base volume sold by aggressors in the window
     * @param cvd cumulative volume delta since the start
     * @param cvdChange buyVolume - sellVolume
     * @param buyRatio buyVolume / (buyVolume + sellVolume), NaN without volume
     * @param tradeRate trades per second over W
     * @param divergence CVD-price divergence over the window
     * @param warm true once the window has been covered
     */
    public record Features(Instant windowEnd, int tradeCount, double buyVolume, double sellVolume, double cvd,
            double cvdChange, double buyRatio, double tradeRate, Divergence divergence, boolean warm) {
    }

    private final TradeWindow window;
    private final double windowSeconds;
    private double buyVolume;
    private double sellVolume;
    private double cvd;
    private int evictedSinceResync;
    private long accepted;
    private long duplicates;
    private long late;

    /** A flow over the {@link #DEFAULT_WINDOW}. */
    public TradeFlow() {
        this(DEFAULT_WINDOW);
    }

    /** @param window W, positive */
    public TradeFlow(Duration window) {
        this.window = new TradeWindow(window, this::evicted);
        this.windowSeconds = this.window.length() / 1e9;
    }

    /** Offers a trade; see {@link TradeWindow} for what is accepted. */
    public TradeAdmission offer(Trade trade) {
        TradeAdmission admission = window.offer(trade);
        switch (admission) {
            case ACCEPTED -> {
                accepted++;
                if (trade.aggressor() == Side.BUY) {
                    buyVolume += trade.quantity();
                } else {
                    sellVolume += trade.quantity();
                }
                cvd += trade.signedQuantity();
            }
            case DUPLICATE -> duplicates++;
            case LATE -> late++;
        }
        return admission;
    }

    /** Moves the window's end to {@code time} if later (e.g. the time features are wanted for). */
    public void advanceTo(Instant time) {
        window.advanceTo(EventTime.nanos(time));
    }

    private void evicted(Trade trade) {
        if (trade.aggressor() == Side.BUY) {
            buyVolume -= trade.quantity();
        } else {
            sellVolume -= trade.quantity();
        }
        if (++evictedSinceResync >= Math.max(64, window.size())) {
            resync();
        }
    }

    private void resync() {
        evictedSinceResync = 0;
        double buy = 0;
        double sell = 0;
        for (int i = 0; i < window.size(); i++) {
            Trade t = window.get(i);
            if (t.aggressor() == Side.BUY) {
                buy += t.quantity();
            } else {
                sell += t.quantity();
            }
        }
        buyVolume = buy;
        sellVolume = sell;
    }

    /** The features at the window's current end. */
    public Features features() {
        if (window.size() == 0) { // exactly nothing, not the remains of rounding
            buyVolume = 0;
            sellVolume = 0;
        }
        double volume = buyVolume + sellVolume;
        return new Features(window.started() ? EventTime.instant(window.end()) : null, window.size(), buyVolume,
                sellVolume, cvd, buyVolume - sellVolume, volume > 0 ? buyVolume / volume : Double.NaN,
                window.size() / windowSeconds, divergence(), window.covered());
    }

    private Divergence divergence() {
        if (window.size() == 0) {
            return Divergence.UNDEFINED;
        }
        long mid = window.end() - window.length() / 2;
        double path = 0;
        double pHi1 = Double.NEGATIVE_INFINITY;
        double pLo1 = Double.POSITIVE_INFINITY;
        double cHi1 = Double.NEGATIVE_INFINITY;
        double cLo1 = Double.POSITIVE_INFINITY;
        double pHi2 = Double.NEGATIVE_INFINITY;
        double pLo2 = Double.POSITIVE_INFINITY;
        double cHi2 = Double.NEGATIVE_INFINITY;
        double cLo2 = Double.POSITIVE_INFINITY;
        int n1 = 0;
        int n2 = 0;
        for (int i = 0; i < window.size(); i++) {
            Trade t = window.get(i);
            path += t.signedQuantity();
            double p = t.price();
            if (window.timeOf(i) <= mid) {
                n1++;
                pHi1 = Math.max(pHi1, p);
                pLo1 = Math.min(pLo1, p);
                cHi1 = Math.max(cHi1, path);
                cLo1 = Math.min(cLo1, path);
            } else {
                n2++;
                pHi2 = Math.max(pHi2, p);
                pLo2 = Math.min(pLo2, p);
                cHi2 = Math.max(cHi2, path);
                cLo2 = Math.min(cLo2, path);
            }
        }
        if (n1 == 0 || n2 == 0) {
            return Divergence.UNDEFINED;
        }
        boolean bearish = pHi2 > pHi1 && cHi2 < cHi1;
        boolean bullish = pLo2 < pLo1 && cLo2 > cLo1;
        if (bearish == bullish) {
            return Divergence.NONE;
        }
        return bearish ? Divergence.BEARISH : Divergence.BULLISH;
    }

    /** Trades accepted since the start. */
    public long acceptedCount() {
        return accepted;
    }

    /** Trades ignored because their id was already in the window. */
    public long duplicateCount() {
        return duplicates;
    }

    /** Trades ignored because they were at or before the window's start. */
    public long lateCount() {
        return late;
    }

    /** W. */
    public Duration window() {
        return Duration.ofNanos(window.length());
    }
}
