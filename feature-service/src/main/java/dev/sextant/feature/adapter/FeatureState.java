package dev.sextant.feature.adapter;

import dev.sextant.feature.domain.FeatureStreams;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The live feature engines, available once the start-up rebuild has installed them. The consumer
 * waits for that; readiness reports it.
 */
@ApplicationScoped
public class FeatureState {

    private final CountDownLatch rebuilt = new CountDownLatch(1);
    private volatile FeatureStreams streams;
    private volatile String lastRebuildError;

    /** Makes the rebuilt engines live; from now on candles are processed. */
    void install(FeatureStreams rebuiltStreams) {
        this.streams = rebuiltStreams;
        this.lastRebuildError = null;
        rebuilt.countDown();
    }

    void rebuildFailed(String error) {
        this.lastRebuildError = error;
    }

    /** True once the engines were rebuilt from {@code candle_window}. */
    public boolean isRebuilt() {
        return rebuilt.getCount() == 0;
    }

    /** Why the last rebuild attempt failed, or null. */
    public String lastRebuildError() {
        return lastRebuildError;
    }

    /**
     * The live engines, waiting up to {@code wait} for the rebuild.
     *
     * @throws dev.sextant.kit.consumer.InfrastructureException when the rebuild has not finished in time
     */
    FeatureStreams awaitStreams(Duration wait) {
        try {
            if (!rebuilt.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new dev.sextant.kit.consumer.InfrastructureException("feature state not rebuilt after " + wait
                        + (lastRebuildError == null ? "" : " (last error: " + lastRebuildError + ")")
                        + "; candle not processed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.sextant.kit.consumer.InfrastructureException("interrupted while waiting for the feature state rebuild", e);
        }
        return streams;
    }

    /** Number of series with an engine (0 before the rebuild). */
    public int seriesCount() {
        FeatureStreams s = streams;
        return s == null ? 0 : s.seriesCount();
    }
}
