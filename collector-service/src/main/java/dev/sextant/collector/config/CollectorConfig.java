package dev.sextant.collector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of collector-service ({@code sextant.collector.*}); see the module README. */
@ConfigMapping(prefix = "sextant.collector")
public interface CollectorConfig {

    /** Exchange name written into candles (and part of their ids). */
    @WithDefault("binance")
    String exchange();

    /**
     * Where candles come from: {@code replay} (the bundled files, the default), {@code binance} (Binance spot's REST
     * API) or {@code binance-testnet} (Binance's spot testnet). Checked by {@link BinancePlan#from}.
     */
    @WithDefault("replay")
    String source();

    Replay replay();

    Binance binance();

    /** The Binance REST source ({@code source=binance|binance-testnet}); see the module README. */
    interface Binance {
        /** REST base URL; none = https://api.binance.com (binance) or https://testnet.binance.vision (binance-testnet). */
        Optional<String> restUrl();

        @WithDefault("BTCUSDT,ETHUSDT")
        List<String> symbols();

        /** Kline intervals followed for every symbol (1m, 5m, 15m, 1h, 4h, 1d). */
        @WithDefault("1m,15m,1h")
        List<String> intervals();

        /**
         * First open time fetched for a series with nothing stored: an ISO-8601 instant, or a duration before the
         * exchange's time at start-up ({@code 30d}, {@code 12h}, {@code P30D}).
         */
        @WithDefault("30d")
        String backfillStart();

        /** Longest pause between two looks at the exchange while following (the next interval close rules otherwise). */
        @WithDefault("60s")
        Duration pollMax();

        /** Time allowed for one HTTP request (connect and response). */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * The egress IP's name in the shared request-weight budget's Redis keys: instances behind one IP must use the
         * same value, instances behind different IPs different ones (Binance counts weight per IP).
         */
        @WithDefault("default")
        String egressId();

        /** The share of Binance's request-weight limit never used, in [0, 0.5]. */
        @WithDefault("0.10")
        double safetyMargin();
    }

    /** The historical replay source (the default and, for now, only market-data source). */
    interface Replay {
        /** Start replaying when the service starts; false = only on {@code POST /collector/replay/start}. */
        @WithDefault("true")
        boolean autostart();

        @WithDefault("BTCUSDT,ETHUSDT")
        List<String> symbols();

        @WithDefault("1h")
        String interval();

        /** First open time replayed (ISO-8601 instant). */
        @WithDefault("2025-06-01T00:00:00Z")
        String start();

        /** Open time at which the replay stops (exclusive, ISO-8601 instant); none = to the end of the data. */
        Optional<String> end();

        /** At most this many candles per symbol from {@code start}; none = no limit. */
        Optional<Long> maxCandles();

        /** {@code max} or one step (one candle per symbol) per duration: {@code 1s}, {@code 500ms}, {@code PT1S}. */
        @WithDefault("1s")
        String pace();

        /** Candles published and awaiting the broker's acknowledgement at most, at pace {@code max}. */
        @WithDefault("500")
        int maxInFlight();

        /**
         * At pace {@code max}: candles a symbol may be published ahead of the latest candle risk-service decided on
         * (read from {@code signals}); the replay waits beyond it. 0 = no flow control. At least
         * {@value ReplayPlan#MIN_LEAD} (the features' warm-up comes before the first decision), and below
         * execution-service's {@code sextant.execution.candle-window}, so a late decision still finds its candle.
         */
        @WithDefault("500")
        int maxLead();

        /** Directory with {@code binance_spot_<SYMBOL>_<interval>.csv[.gz]} files; none = the bundled data. */
        Optional<String> dataDir();

        /** How long to wait for the broker's acknowledgements of one batch. */
        @WithDefault("30s")
        Duration ackTimeout();

        /** Pause before the replay reopens its sources after a failure (broker, database or Redis down). */
        @WithDefault("5s")
        Duration retryDelay();
    }
}
