package dev.sextant.gateway.adapter;

import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.gateway.adapter.db.PlacedOrderRepository;
import dev.sextant.gateway.adapter.db.TradeRepository;
import dev.sextant.gateway.adapter.db.Transactions;
import dev.sextant.gateway.domain.ApprovedOrder;
import dev.sextant.gateway.domain.FillOrigin;
import dev.sextant.gateway.domain.Trade;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>Writes: the decisions of a consumed {@code signals} batch are stored in one transaction ({@link #onDecisions}).
 * A fill is judged and written on its own ({@link #onFill}: the check, then the hold or the booking's transaction),
 * because its verdict reads what the decisions and the earlier fills of the same position left, and a hold must be
 * stored before the lock is released (else a decision could miss the fill it releases); fills are few beside candles.
 */
@ApplicationScoped
public class TradeProjection {
    private static final Logger LOG = Logger.getLogger(TradeProjection.class);

    /** A fill booked into its trade: the trade after it. */
    public record Booked(Trade trade, FillExecuted fill) {}

    private final TradeRepository trades;
    private final PlacedOrderRepository orders;
    private final GatewayReadModel readModel;
    private final Transactions transactions;
    private final ReentrantLock lock = new ReentrantLock();

    TradeProjection(TradeRepository trades, PlacedOrderRepository orders, GatewayReadModel readModel,
                    Transactions transactions) {
        this.trades = trades;
        this.orders = orders;
        this.readModel = readModel;
        this.transactions = transactions;
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
     * A decision from {@code signals}: {@link #onDecisions} of one.
     */
    public List<Booked> onDecision(RiskDecisionMade decision) {
        return onDecisions(List.of(decision));
    }

    /**
     * The decisions of a consumed batch from {@code signals}, in order: remembered (the approved ones' entry orders; per
     * symbol, the latest decision read so far) in one transaction, then the held fills of their symbols are booked
     * (returned, oldest first) or refused when they can no longer belong, or when their time would move today too far
     * (the check {@link #onFill} makes first: a fill held before the gateway had a today was not checked then). A
     * refused held fill is kept with its reason; a decision itself is never refused for a held fill. The held fills are
     * judged once, after all the batch's decisions: {@link FillOrigin}'s verdict does not depend on the order the
     * decisions and fills arrive in. Recording the same decisions again changes nothing, so a retry is safe.
     *
     * @throws IllegalArgumentException when an approved decision places no valid order (before anything is stored)
     */
    public List<Booked> onDecisions(List<RiskDecisionMade> decisions) {
        return onDecisions(decisions, con -> null);
    }

    /** {@link #onDecisions(List)}, with {@code alsoInTransaction}'s statements in the decisions' transaction. */
    public List<Booked> onDecisions(List<RiskDecisionMade> decisions, Transactions.Work<Void> alsoInTransaction) {
        if (decisions.isEmpty()) {
            return List.of();
        }
        List<ApprovedOrder> approved = decisions.stream().filter(RiskDecisionMade::approved).map(ApprovedOrder::of).toList();
        Set<Symbol> symbols = new LinkedHashSet<>();
        decisions.forEach(d -> symbols.add(d.symbol()));
        lock.lock();
        try {
            // one transaction: the decisions, and the fills that waited for them (the lock keeps onFill from holding
            // a fill between the two)
            List<FillExecuted> waiting = transactions.run("record " + decisions.size() + " decision(s)", con -> {
                orders.recordAll(con, decisions, approved);
                alsoInTransaction.run(con);
                return orders.held(con, symbols);
            });
            List<Booked> booked = new ArrayList<>();
            for (FillExecuted held : waiting) {
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
