package dev.sextant.gateway.adapter;

import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.gateway.adapter.db.PlacedOrderRepository;
import dev.sextant.gateway.adapter.db.TradeRepository;
import dev.sextant.gateway.domain.FillOrigin;
import dev.sextant.gateway.domain.Trade;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The trade projection, fed only with fills of orders the platform placed (docs/reliability.md, "Forged input and
 * control commands"). It reads the approved decisions ({@link #onDecision}, from {@code signals}) and books a fill
 * ({@link #onFill}, from {@code fills}) only when {@link FillOrigin} says it belongs to one: a fill that contradicts
 * its decision, or whose position no decision placed, is refused (an {@link IllegalArgumentException} with the reason:
 * the consumer dead-letters it); a fill that arrives before its decision is held and booked when the decision comes,
 * or refused then if the symbol's decisions have passed it. The result is the same whatever order the two topics
 * arrive in. Market time ("today") moves only with fills that are booked, after the day-jump check.
 *
 * <p>One caller at a time (a lock): the check and the booking must not interleave with a decision's release of held
 * fills. (One gateway instance per consumer group, as deployed.)
 */
@ApplicationScoped
public class TradeProjection {
    private static final Logger LOG = Logger.getLogger(TradeProjection.class);

    /** A fill booked into its trade: the trade after it. */
    public record Booked(Trade trade, FillExecuted fill) {}

    private final TradeRepository trades;
    private final PlacedOrderRepository orders;
    private final GatewayReadModel readModel;
    private final ReentrantLock lock = new ReentrantLock();

    TradeProjection(TradeRepository trades, PlacedOrderRepository orders, GatewayReadModel readModel) {
        this.trades = trades;
        this.orders = orders;
        this.readModel = readModel;
    }

    /**
     * A fill from {@code fills}: booked (the trade after it), held until its decision (empty), or refused.
     * A fill applied before is a duplicate: empty, nothing changes.
     *
     * @throws IllegalArgumentException when refused: its time jumps too far ahead, or it does not belong to an order
     *                                  the platform placed (the reason says which)
     */
    public Optional<Booked> onFill(FillExecuted fill) {
        readModel.checkMarketTime(fill.tsEvent(), "FillExecuted " + fill.eventId() + " tsEvent");
        lock.lock();
        try {
            if (trades.isApplied(fill.eventId().value())) {
                return Optional.empty();
            }
            FillOrigin.Verdict verdict = verdict(fill);
            return switch (verdict.kind()) {
                case BOOK -> book(fill);
                case HOLD -> {
                    orders.hold(fill, verdict.reason());
                    LOG.infof("%s", verdict.reason());
                    yield Optional.empty();
                }
                case REFUSE -> throw new IllegalArgumentException(verdict.reason());
            };
        } finally {
            lock.unlock();
        }
    }

    /**
     * A decision from {@code signals}: remembered (an approved one's entry order; the symbol's decisions read so far),
     * then the symbol's held fills are booked (returned, oldest first) or refused when they can no longer belong, or
     * when their time would move today too far (the check {@link #onFill} makes first: a fill held before the gateway
     * had a today was not checked then). A refused held fill is kept with its reason; the decision itself is never
     * refused for a held fill.
     */
    public List<Booked> onDecision(RiskDecisionMade decision) {
        lock.lock();
        try {
            orders.record(decision);
            List<Booked> booked = new ArrayList<>();
            for (FillExecuted held : orders.held(decision.symbol())) {
                // held while the gateway had no today yet, it was not checked then: it is now, as onFill checks first
                Optional<String> jump = marketTimeRefusal(held);
                if (jump.isPresent()) {
                    orders.release(held, jump.get());
                    LOG.warnf("a held fill is refused: %s", jump.get());
                    continue;
                }
                FillOrigin.Verdict verdict = verdict(held);
                switch (verdict.kind()) {
                    case BOOK -> {
                        book(held).ifPresent(booked::add);
                        orders.release(held, null);
                    }
                    case REFUSE -> {
                        orders.release(held, verdict.reason());
                        LOG.warnf("a held fill is refused: %s", verdict.reason());
                    }
                    case HOLD -> { }
                }
            }
            return booked;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A position update from {@code positions}: BOOK (push it), HOLD (its decision has not been read: skip it; the
     * next update or execution's Redis state shows the position), or refused.
     *
     * @throws IllegalArgumentException when refused (see {@link FillOrigin})
     */
    public FillOrigin.Verdict checkPosition(PositionChanged position) {
        readModel.checkMarketTime(position.tsEvent(), "PositionChanged " + position.eventId() + " tsEvent");
        FillOrigin.Verdict verdict = FillOrigin.of(position, orders.approved(position.positionId()).orElse(null),
                orders.watermark(position.symbol()).orElse(null));
        if (verdict.kind() == FillOrigin.Kind.REFUSE) {
            throw new IllegalArgumentException(verdict.reason());
        }
        return verdict;
    }

    /** Why {@code fill}'s time may not move today (the day-jump check), or empty when it may. */
    private Optional<String> marketTimeRefusal(FillExecuted fill) {
        try {
            readModel.checkMarketTime(fill.tsEvent(), "FillExecuted " + fill.eventId() + " tsEvent");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private FillOrigin.Verdict verdict(FillExecuted fill) {
        return FillOrigin.of(fill, orders.approved(fill.positionId()).orElse(null), trades.find(fill.positionId()).orElse(null),
                orders.watermark(fill.symbol()).orElse(null));
    }

    private Optional<Booked> book(FillExecuted fill) {
        Optional<Trade> trade = trades.apply(fill);
        if (trade.isPresent()) {
            readModel.observeMarketTime(fill.tsEvent());
        }
        return trade.map(t -> new Booked(t, fill));
    }
}
