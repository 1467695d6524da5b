package dev.sextant.kernel;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.execution.domain.ClosedTrade;
import dev.sextant.execution.domain.Effects;
import dev.sextant.execution.domain.EquityPoint;
import dev.sextant.execution.domain.PaperExchange;
import dev.sextant.feature.domain.FeatureStreams;
import dev.sextant.feature.domain.FeatureVector;
import dev.sextant.feature.domain.FeaturesEvents;
import dev.sextant.risk.domain.MarketMark;
import dev.sextant.risk.domain.RiskEngine;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The order of events for the symbol streams of one account, owned by one class. For each closed
 * candle, in this order:
 * <ol>
 *   <li><b>execution</b> sees the candle first: a working entry fills at its open, an open
 *       position is checked for its stop-loss and take-profit, the account is marked to market;</li>
 *   <li>the resulting <b>fills, position changes and order outcomes reach risk</b>, so the account
 *       risk sizes from already holds them (a daily-loss halt they cause takes effect now, and one
 *       of an earlier UTC day lifts, by default, at the first input of a new day);</li>
 *   <li>the <b>features</b> of the candle are computed;</li>
 *   <li>the <b>strategy</b> turns them into a prediction (or nothing);</li>
 *   <li><b>risk decides</b> on the prediction with the candle's mark;</li>
 *   <li><b>execution takes the order</b> of an approved decision (it fills on a later candle, or is
 *       rejected now, and a rejection reaches risk at once).</li>
 * </ol>
 * Every event id is derived from its cause, so the same candles through the same engines give the
 * same events; only {@code tsInit} comes from {@code clock}. The live services run the same engines
 * on the same events over Kafka, in this order: execution announces per-candle settlements and risk
 * sequences its inputs by them ({@code KernelSequencer}; docs/architecture.md, "The kernel's order in the
 * live pipeline").
 *
 * <p>Not thread-safe: one caller. Candles of several symbols may be interleaved (in time order, as
 * the backtester merges them); each symbol's candles must come in open-time order, and a candle seen
 * twice changes nothing.
 */
public final class TradingKernel {
    private final Strategy strategy;
    private final RiskEngine risk;
    private final PaperExchange exchange;
    private final Clock clock;
    private final KernelListener listener;
    private final FeatureStreams features = new FeatureStreams();
    private long candles;

    public TradingKernel(Strategy strategy, RiskEngine risk, PaperExchange exchange, Clock clock, KernelListener listener) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.risk = Objects.requireNonNull(risk, "risk");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** One closed candle through the whole chain (see the class doc). */
    public void onCandle(CandleClosed candle) {
        Effects marked = exchange.onCandle(candle);
        if (marked.outcome() == Effects.Outcome.DUPLICATE) {
            return;
        }
        candles++;
        deliver(marked);

        Optional<FeatureVector> vector = features.accept(FeaturesEvents.key(candle), FeaturesEvents.bar(candle));
        if (vector.isEmpty()) {
            return;
        }
        FeaturesComputed computed = FeaturesEvents.featuresComputed(candle, vector.get(), clock.instant());
        listener.onEvent(computed);

        Optional<PredictionMade> prediction = strategy.signal(computed);
        if (prediction.isEmpty()) {
            return;
        }
        listener.onEvent(prediction.get());

        RiskDecisionMade decision = risk.decide(prediction.get(), MarketMark.of(computed));
        publishStateChanges();
        listener.onEvent(decision);
        if (decision.approved()) {
            deliver(exchange.onDecision(decision));
        }
    }

    /** An operator command (start, stop, pause, resume, settings) for risk, at its place in the stream. */
    public void onControl(ControlEvent command) {
        listener.onEvent(command);
        risk.onControl(command).ifPresent(listener::onEvent);
    }

    /** Publishes execution's effects in order and hands risk what it books: fills, positions, order outcomes. */
    private void deliver(Effects effects) {
        for (Event event : effects.events()) {
            listener.onEvent(event);
            switch (event) {
                case FillExecuted fill -> {
                    Optional<TradingStateChanged> halt = risk.onFill(fill);
                    publishStateChanges();
                    halt.ifPresent(listener::onEvent);
                }
                case PositionChanged position -> risk.onPosition(position);
                case OrderEvent order -> risk.onOrder(order);
                default -> { }
            }
        }
        for (ClosedTrade trade : effects.trades()) {
            listener.onTrade(trade);
        }
        for (EquityPoint point : effects.equity()) {
            listener.onEquity(point);
        }
    }

    /**
     * Trading-state changes risk made on its own while taking an input (a daily-loss halt lifted at
     * the UTC day boundary), published before the input's own result, as risk-service does.
     */
    private void publishStateChanges() {
        List<TradingStateChanged> changes = risk.takeStateChanges(); // almost always empty: no iterator for it
        for (int i = 0; i < changes.size(); i++) {
            listener.onEvent(changes.get(i));
        }
    }

    /** Candles taken (duplicates excluded). */
    public long candles() {
        return candles;
    }

    public RiskEngine risk() {
        return risk;
    }

    public PaperExchange exchange() {
        return exchange;
    }

    public Strategy strategy() {
        return strategy;
    }
}
