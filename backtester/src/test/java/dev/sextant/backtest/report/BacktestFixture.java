package dev.sextant.backtest.report;

import dev.sextant.performance.EquitySample;
import dev.sextant.performance.PerformanceCalculator;
import dev.sextant.performance.TradeRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds a realistic, deterministic {@link BacktestResult}: two symbols (BTCUSDT, ETHUSDT) of hourly candles from a
 * seeded random walk starting 2023-12-20 (so the monthly table crosses a year boundary), about ten non-overlapping
 * trades of 2,000 USDT notional with 0.1 % fees per side, the equity marked to market at each candle close, and the
 * buy-and-hold and always-long baselines.
 */
final class BacktestFixture {
    static final Duration HOUR = Duration.ofHours(1);
    static final Instant START = Instant.parse("2023-12-20T00:00:00Z");
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    private static final double[] FIRST_PRICE = {42150.0, 2231.5};
    private static final BigDecimal FEE_RATE = new BigDecimal("0.001");
    private static final BigDecimal NOTIONAL = new BigDecimal("2000");

    /** How the trades' sides are chosen. */
    enum Outcome {
        /** Mostly long, every third short, whatever the price does. */
        MIXED,
        /** With hindsight: every trade is on the side of the largest move within its window (all winners). */
        WIN,
        /** Against hindsight: every trade is against the largest move within its window (all losers). */
        LOSE
    }

    private String strategy = "momentum-lgbm";
    private int bars = 360;
    private long seed = 11;
    private double drift = 0.0002;
    private int trades = 10;
    private Outcome outcome = Outcome.MIXED;
    private String modelId = "lgbm-btc-eth-2024-01-15";
    private String initialEquity = "10000";
    private Map<String, String> parameters = new LinkedHashMap<>(Map.of());
    private String exitReason;

    static BacktestFixture builder() {
        return new BacktestFixture();
    }

    BacktestFixture strategy(String name) {
        this.strategy = name;
        return this;
    }

    /** Candles per symbol (and equity samples); at least 120. */
    BacktestFixture bars(int count) {
        if (count < 120) {
            throw new IllegalArgumentException("the fixture needs at least 120 bars");
        }
        this.bars = count;
        return this;
    }

    BacktestFixture seed(long value) {
        this.seed = value;
        return this;
    }

    /** Mean hourly price change (0.0002 = +0.02 % per hour). */
    BacktestFixture drift(double value) {
        this.drift = value;
        return this;
    }

    /** Number of trades, 0 to 10. */
    BacktestFixture trades(int count) {
        this.trades = count;
        return this;
    }

    BacktestFixture outcome(Outcome value) {
        this.outcome = value;
        return this;
    }

    BacktestFixture modelId(String id) {
        this.modelId = id;
        return this;
    }

    /** The first equity sample's value, exactly as given (e.g. {@code 1E+4}). */
    BacktestFixture initialEquity(String value) {
        this.initialEquity = value;
        return this;
    }

    BacktestFixture parameter(String key, String value) {
        parameters.put(key, value);
        return this;
    }

    /** Every trade's exit reason (default: TAKE_PROFIT / STOP_LOSS / SIGNAL by outcome). */
    BacktestFixture exitReason(String reason) {
        this.exitReason = reason;
        return this;
    }

    BacktestResult build() {
        Random random = new Random(seed);
        double[][] close = new double[SYMBOLS.size()][bars];
        Map<String, List<PriceBar>> prices = new LinkedHashMap<>();
        for (int s = 0; s < SYMBOLS.size(); s++) {
            List<PriceBar> series = new ArrayList<>();
            double previous = FIRST_PRICE[s];
            for (int i = 0; i < bars; i++) {
                double open = previous;
                double c = round(open * (1 + drift + random.nextGaussian() * 0.006));
                double high = Math.max(round(Math.max(open, c) * (1 + Math.abs(random.nextGaussian()) * 0.002)), Math.max(open, c));
                double low = Math.min(round(Math.min(open, c) * (1 - Math.abs(random.nextGaussian()) * 0.002)), Math.min(open, c));
                series.add(new PriceBar(START.plus(HOUR.multipliedBy(i)), open, high, low, c));
                close[s][i] = c;
                previous = c;
            }
            prices.put(SYMBOLS.get(s), series);
        }

        // trades: k-th enters at the close of bar entry[k], exits at the close of bar exit[k]
        int n = Math.max(0, Math.min(10, trades));
        int spacing = (bars - 10) / 10;
        List<TradeRecord> tradeList = new ArrayList<>();
        int[] entryBar = new int[n];
        int[] exitBar = new int[n];
        int[] symbol = new int[n];
        BigDecimal[] qty = new BigDecimal[n];
        int[] sign = new int[n];
        for (int k = 0; k < n; k++) {
            entryBar[k] = 5 + k * spacing;
            exitBar[k] = Math.min(entryBar[k] + 6 + random.nextInt(Math.min(18, spacing - 7)), bars - 1);
            symbol[k] = k % 2;
            if (outcome != Outcome.MIXED) {
                // hindsight: exit on the bar of the largest move, so the result clears the fees
                for (int j = entryBar[k] + 6; j < Math.min(entryBar[k] + spacing - 1, bars); j++) {
                    double[] c = close[symbol[k]];
                    if (Math.abs(c[j] - c[entryBar[k]]) > Math.abs(c[exitBar[k]] - c[entryBar[k]])) {
                        exitBar[k] = j;
                    }
                }
            }
            double in = close[symbol[k]][entryBar[k]];
            double out = close[symbol[k]][exitBar[k]];
            boolean up = out >= in;
            boolean longTrade = switch (outcome) {
                case MIXED -> k % 3 != 2;
                case WIN -> up;
                case LOSE -> !up;
            };
            sign[k] = longTrade ? 1 : -1;
            BigDecimal entryPrice = BigDecimal.valueOf(in);
            BigDecimal exitPrice = BigDecimal.valueOf(out);
            qty[k] = NOTIONAL.divide(entryPrice, 6, RoundingMode.HALF_EVEN);
            BigDecimal fees = entryPrice.add(exitPrice).multiply(qty[k]).multiply(FEE_RATE).setScale(8, RoundingMode.HALF_EVEN);
            BigDecimal gross = exitPrice.subtract(entryPrice).multiply(qty[k]).multiply(BigDecimal.valueOf(sign[k]));
            BigDecimal net = gross.subtract(fees).setScale(8, RoundingMode.HALF_EVEN);
            String reason = exitReason != null ? exitReason
                    : k % 4 == 3 ? "SIGNAL" : net.signum() > 0 ? "TAKE_PROFIT" : "STOP_LOSS";
            tradeList.add(new TradeRecord(SYMBOLS.get(symbol[k]), longTrade ? TradeRecord.LONG : TradeRecord.SHORT,
                    closeTime(entryBar[k]), entryPrice, closeTime(exitBar[k]), exitPrice, qty[k], fees, net, reason));
        }

        // equity at each close: cash plus the open position marked to market
        BigDecimal first = new BigDecimal(initialEquity);
        BigDecimal cash = first;
        List<EquitySample> equity = new ArrayList<>();
        int current = 0;
        for (int i = 0; i < bars; i++) {
            boolean inMarket = false;
            BigDecimal value = cash;
            if (current < n && i > entryBar[current]) {
                inMarket = true;
                if (i == exitBar[current]) {
                    cash = cash.add(tradeList.get(current).netPnl());
                    value = cash;
                    current++;
                } else {
                    BigDecimal mark = BigDecimal.valueOf(close[symbol[current]][i]);
                    value = cash.add(mark.subtract(tradeList.get(current).entryPrice()).multiply(qty[current])
                            .multiply(BigDecimal.valueOf(sign[current])));
                }
            }
            equity.add(new EquitySample(closeTime(i), i == 0 ? first : value.setScale(2, RoundingMode.HALF_EVEN), inMarket));
        }

        List<EquitySample> buyAndHold = new ArrayList<>();
        List<EquitySample> alwaysLong = new ArrayList<>();
        double start = first.doubleValue();
        for (int i = 0; i < bars; i++) {
            double held = 0;
            double longs = start;
            for (int s = 0; s < SYMBOLS.size(); s++) {
                held += start / SYMBOLS.size() * (1 - FEE_RATE.doubleValue()) * close[s][i] / close[s][0];
                longs += NOTIONAL.doubleValue() * (close[s][i] / close[s][0] - 1) - NOTIONAL.doubleValue() * FEE_RATE.doubleValue();
            }
            buyAndHold.add(new EquitySample(closeTime(i), i == 0 ? first : money(held), i > 0));
            alwaysLong.add(new EquitySample(closeTime(i), i == 0 ? first : money(longs), i > 0));
        }
        Map<String, BaselineResult> baselines = new LinkedHashMap<>();
        baselines.put(BaselineResult.BUY_AND_HOLD, new BaselineResult(BaselineResult.BUY_AND_HOLD,
                "Buys both symbols in equal parts at the first close (fee paid once) and holds to the end.",
                PerformanceCalculator.compute(buyAndHold, List.of(), HOUR), buyAndHold));
        baselines.put(BaselineResult.ALWAYS_LONG, new BaselineResult(BaselineResult.ALWAYS_LONG,
                "Always long each symbol with the strategy's position size (2,000 USDT), never exits.",
                PerformanceCalculator.compute(alwaysLong, List.of(), HOUR), alwaysLong));

        Map<String, String> params = new LinkedHashMap<>();
        params.put("entryThreshold", "0.58");
        params.put("exitThreshold", "0.45");
        params.put("horizonBars", "12");
        params.putAll(parameters);
        Map<String, String> costs = new LinkedHashMap<>();
        costs.put("initialEquity", new BigDecimal(initialEquity).toPlainString());
        costs.put("feeRate", FEE_RATE.toPlainString());
        costs.put("slippageBps", "2");
        costs.put("sizing", "fixed 2,000 USDT notional per position");
        RunInfo run = new RunInfo(strategy, params, SYMBOLS, "1h", START, START.plus(HOUR.multipliedBy(bars)),
                List.of("data/market/BTCUSDT-1h.csv (Binance spot klines)", "data/market/ETHUSDT-1h.csv (Binance spot klines)"),
                "perf@0a1b2c3", modelId, costs, 2L * bars, 48_213.7);
        return new BacktestResult(run, PerformanceCalculator.compute(equity, tradeList, HOUR), equity, tradeList, prices,
                baselines);
    }

    static Instant closeTime(int bar) {
        return START.plus(HOUR.multipliedBy(bar + 1L));
    }

    private static double round(double price) {
        return Math.round(price * 100) / 100.0;
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
    }
}
