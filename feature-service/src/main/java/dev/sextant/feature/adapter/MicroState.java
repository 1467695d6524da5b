package dev.sextant.feature.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.feature.config.MicroSettings;
import dev.sextant.feature.domain.Bar;
import dev.sextant.feature.micro.MicroConfig;
import dev.sextant.feature.micro.MicroFeatureVector;
import dev.sextant.feature.micro.MicrostructureFeatures;
import dev.sextant.feature.micro.TradeAdmission;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The microstructure features of every symbol this instance has seen, in memory ({@link MicrostructureFeatures}, one
 * per symbol, fed by {@link MicroConsumers} and the candle consumer). Thread-safe: the consumers' threads and the REST
 * readers meet here under one lock. Nothing is stored: after a restart the windows fill again from the topics (the
 * vectors say {@code warm=false} until they have), and the book is stale until the next snapshot.
 */
@ApplicationScoped
public class MicroState {
    /** The volume-profile tick of a symbol without one configured: this share of its first price, floored to a power of ten. */
    static final double AUTO_TICK_SHARE = 0.0005;

    private final MicroSettings settings;
    private final Map<Symbol, MicrostructureFeatures> symbols = new HashMap<>();
    /** The newest event time seen per symbol (book, trade or candle close): where {@link #latest} reads the vector. */
    private final Map<Symbol, Instant> newest = new HashMap<>();

    public MicroState(MicroSettings settings) {
        this.settings = settings;
        // a broken setting stops start-up here, not at a symbol's first record (which would be dead-lettered for it)
        config(1.0);
        settings.defaultProfileTick().ifPresent(tick -> config(tick, "default-profile-tick"));
        settings.profileTick().forEach((symbol, tick) -> {
            try {
                Symbol.of(symbol);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sextant.feature.micro.profile-tick." + symbol + " names no valid symbol: "
                        + e.getMessage());
            }
            config(tick, "profile-tick." + symbol);
        });
        if (settings.maxClockLead().isNegative()) {
            throw new IllegalArgumentException("sextant.feature.micro.max-clock-lead must be zero or more, got "
                    + settings.maxClockLead());
        }
    }

    private void config(double tick, String key) {
        if (!(tick > 0) || !Double.isFinite(tick)) {
            throw new IllegalArgumentException("sextant.feature.micro." + key + " must be a price step above 0, got " + tick);
        }
        config(tick);
    }

    /** Takes a snapshot; false when it is older than the book held (then ignored). */
    public synchronized boolean onBook(OrderBookSnapshotTaken book) {
        double reference = book.bids().isEmpty() ? (book.asks().isEmpty() ? 0 : book.asks().get(0).price().doubleValue())
                : book.bids().get(0).price().doubleValue();
        boolean taken = features(book.symbol(), reference).onBook(book);
        seen(book.symbol(), book.tsEvent());
        return taken;
    }

    public synchronized TradeAdmission onTrade(MarketTradeExecuted trade) {
        TradeAdmission admission = features(trade.symbol(), trade.price().doubleValue()).onTrade(trade);
        seen(trade.symbol(), trade.tsEvent());
        return admission;
    }

    /** Takes a closed candle for the supply/demand zones (the candle consumer calls it after the candle was accepted). */
    public synchronized void onCandle(CandleClosed candle, Bar bar) {
        features(candle.symbol(), candle.close().doubleValue()).onBar(bar);
        seen(candle.symbol(), candle.closeTime());
    }

    /** The vector of {@code symbol} at its newest event time; empty when nothing of it was seen. */
    public synchronized Optional<MicroFeatureVector> latest(Symbol symbol) {
        MicrostructureFeatures f = symbols.get(symbol);
        return f == null ? Optional.empty() : Optional.of(f.vector(newest.get(symbol)));
    }

    /** The vector of {@code symbol} at {@code time} (trade windows never move back: see MicrostructureFeatures). */
    public synchronized Optional<MicroFeatureVector> at(Symbol symbol, Instant time) {
        MicrostructureFeatures f = symbols.get(symbol);
        return f == null ? Optional.empty() : Optional.of(f.vector(time));
    }

    public synchronized List<String> symbols() {
        TreeSet<String> names = new TreeSet<>();
        symbols.keySet().forEach(s -> names.add(s.value()));
        return List.copyOf(names);
    }

    /** The volume-profile tick the symbol's features use (null before the symbol was seen). */
    public synchronized Double profileTick(Symbol symbol) {
        MicrostructureFeatures f = symbols.get(symbol);
        return f == null ? null : f.config().profileTick();
    }

    private void seen(Symbol symbol, Instant time) {
        newest.merge(symbol, time, (a, b) -> a.isAfter(b) ? a : b);
    }

    private MicrostructureFeatures features(Symbol symbol, double referencePrice) {
        MicrostructureFeatures f = symbols.get(symbol);
        if (f == null) {
            f = new MicrostructureFeatures(config(tick(symbol, referencePrice)));
            symbols.put(symbol, f);
        }
        return f;
    }

    double tick(Symbol symbol, double referencePrice) {
        Double configured = settings.profileTick().get(symbol.value());
        if (configured != null) {
            return configured;
        }
        if (settings.defaultProfileTick().isPresent()) {
            return settings.defaultProfileTick().get();
        }
        return autoTick(referencePrice);
    }

    /** The power of ten at or below {@link #AUTO_TICK_SHARE} of the price (1e-8 at the least). */
    static double autoTick(double price) {
        if (!(price > 0) || !Double.isFinite(price)) {
            return 1e-8;
        }
        double exponent = Math.floor(Math.log10(price * AUTO_TICK_SHARE));
        return Math.max(1e-8, Math.pow(10, exponent));
    }

    private MicroConfig config(double tick) {
        try {
            return MicroConfig.defaults(tick).withMaxBookAge(settings.maxBookAge())
                    .withWindows(settings.tradeWindow(), settings.profileWindow())
                    .withSlippageNotional(settings.slippageNotional());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sextant.feature.micro: " + e.getMessage()
                    + " (fix max-book-age, trade-window, profile-window, slippage-notional or profile-tick)", e);
        }
    }
}
