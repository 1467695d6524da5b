package dev.sextant.feature.micro;

import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.Side;
import dev.sextant.feature.domain.Bar;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The microstructure features {@value MicroFeatureSet#VERSION} of one symbol: fed order-book
 * snapshots ({@code orderbook}), market trades ({@code market-trades}) and closed candles (for the
 * supply/demand zones and their ATR), it emits {@link MicroFeatureVector}s on demand at an event
 * time. Everything is driven by event times, never the wall clock, so a replay gives the same
 * vectors.
 *
 * <ul>
 *   <li><b>Book</b>: the snapshot with the latest event time is kept (an older one arriving later is
 *       ignored; an equal time replaces). At {@link #vector(Instant) vector(t)} the book's age is
 *       {@code t - snapshot time}; the book is <b>stale</b> when there is no snapshot or the age
 *       exceeds {@link MicroConfig#maxBookAge()}: every book feature is then NaN and the vector says
 *       {@code staleBook}. A snapshot newer than t is not stale.</li>
 *   <li><b>Trades</b> go to the trade flow and the volume profile, each a rolling window by event
 *       time that ignores a trade id already in it and a trade older than its window; the last trade
 *       price (latest event time, ties by trade id) is the reference price of the volume-profile and
 *       zone features.</li>
 *   <li><b>Candles</b> go to the supply/demand zones (one per closed candle, in open-time order).</li>
 *   <li>{@code vector(t)} first moves both trade windows' end to t (windows never move back: for a
 *       t before their end they are read at their end), then computes every feature.</li>
 * </ul>
 *
 * <p>Not thread-safe; one instance per symbol.
 */
public final class MicrostructureFeatures {

    private static final int SPREAD_BPS = MicroFeatureSet.indexOf(MicroFeatureSet.SPREAD_BPS);
    private static final int MICROPRICE_OFFSET_BPS = MicroFeatureSet.indexOf(MicroFeatureSet.MICROPRICE_OFFSET_BPS);
    private static final int OB_IMBALANCE = MicroFeatureSet.indexOf(MicroFeatureSet.OB_IMBALANCE);
    private static final int OB_IMBALANCE_NOTIONAL = MicroFeatureSet.indexOf(MicroFeatureSet.OB_IMBALANCE_NOTIONAL);
    private static final int BID_WALL_COUNT = MicroFeatureSet.indexOf(MicroFeatureSet.BID_WALL_COUNT);
    private static final int ASK_WALL_COUNT = MicroFeatureSet.indexOf(MicroFeatureSet.ASK_WALL_COUNT);
    private static final int BID_WALL_DIST_BPS = MicroFeatureSet.indexOf(MicroFeatureSet.BID_WALL_DIST_BPS);
    private static final int ASK_WALL_DIST_BPS = MicroFeatureSet.indexOf(MicroFeatureSet.ASK_WALL_DIST_BPS);
    private static final int BID_WALL_SIZE_RATIO = MicroFeatureSet.indexOf(MicroFeatureSet.BID_WALL_SIZE_RATIO);
    private static final int ASK_WALL_SIZE_RATIO = MicroFeatureSet.indexOf(MicroFeatureSet.ASK_WALL_SIZE_RATIO);
    private static final int LIQ_IMBALANCE = MicroFeatureSet.indexOf(MicroFeatureSet.LIQ_IMBALANCE);
    private static final int SLIP_BUY_BPS = MicroFeatureSet.indexOf(MicroFeatureSet.SLIP_BUY_BPS);
    private static final int SLIP_SELL_BPS = MicroFeatureSet.indexOf(MicroFeatureSet.SLIP_SELL_BPS);
    private static final int SLIP_BUY_INSUFFICIENT = MicroFeatureSet.indexOf(MicroFeatureSet.SLIP_BUY_INSUFFICIENT);
    private static final int SLIP_SELL_INSUFFICIENT = MicroFeatureSet.indexOf(MicroFeatureSet.SLIP_SELL_INSUFFICIENT);
    private static final int BOOK_CROSSED = MicroFeatureSet.indexOf(MicroFeatureSet.BOOK_CROSSED);
    private static final int FLOW_BUY_RATIO = MicroFeatureSet.indexOf(MicroFeatureSet.FLOW_BUY_RATIO);
    private static final int FLOW_CVD_DIVERGENCE = MicroFeatureSet.indexOf(MicroFeatureSet.FLOW_CVD_DIVERGENCE);
    private static final int FLOW_TRADE_RATE = MicroFeatureSet.indexOf(MicroFeatureSet.FLOW_TRADE_RATE);
    private static final int VP_POC_DIST_BPS = MicroFeatureSet.indexOf(MicroFeatureSet.VP_POC_DIST_BPS);
    private static final int VP_VA_POSITION = MicroFeatureSet.indexOf(MicroFeatureSet.VP_VA_POSITION);
    private static final int VP_HVN_BELOW_BPS = MicroFeatureSet.indexOf(MicroFeatureSet.VP_HVN_BELOW_BPS);
    private static final int VP_HVN_ABOVE_BPS = MicroFeatureSet.indexOf(MicroFeatureSet.VP_HVN_ABOVE_BPS);
    private static final int VP_IN_LVN = MicroFeatureSet.indexOf(MicroFeatureSet.VP_IN_LVN);
    private static final int SD_DEMAND_DIST_ATR = MicroFeatureSet.indexOf(MicroFeatureSet.SD_DEMAND_DIST_ATR);
    private static final int SD_SUPPLY_DIST_ATR = MicroFeatureSet.indexOf(MicroFeatureSet.SD_SUPPLY_DIST_ATR);
    private static final int SD_IN_FRESH_DEMAND = MicroFeatureSet.indexOf(MicroFeatureSet.SD_IN_FRESH_DEMAND);
    private static final int SD_IN_FRESH_SUPPLY = MicroFeatureSet.indexOf(MicroFeatureSet.SD_IN_FRESH_SUPPLY);

    private final MicroConfig config;
    private final WallDetector walls;
    private final LiquidityBand band;
    private final TradeFlow flow;
    private final VolumeProfile profile;
    private final SupplyDemandZones zones;
    private Book book;
    private Instant bookTime;
    private Trade lastTrade;

    public MicrostructureFeatures(MicroConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.walls = new WallDetector(config.wallMultiple(), config.wallBaseline());
        this.band = new LiquidityBand(config.liquidityBandPercent());
        this.flow = new TradeFlow(config.tradeWindow());
        this.profile = new VolumeProfile(config.profileWindow(), config.profileTick(), config.valueArea(),
                config.hvnMultiple(), config.lvnMultiple());
        this.zones = new SupplyDemandZones(config.zones());
    }

    /** Takes a snapshot event; false when it is older than the book held (then ignored). */
    public boolean onBook(OrderBookSnapshotTaken snapshot) {
        return onBook(snapshot.tsEvent(), Book.of(snapshot));
    }

    /** Takes a book at an event time; false when it is older than the book held (then ignored). */
    public boolean onBook(Instant time, Book snapshot) {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(snapshot, "book");
        if (bookTime != null && time.isBefore(bookTime)) {
            return false;
        }
        book = snapshot;
        bookTime = time;
        return true;
    }

    /** Takes a trade event; returns what the trade-flow window did with it. */
    public TradeAdmission onTrade(MarketTradeExecuted trade) {
        return onTrade(Trade.of(trade));
    }

    /**
     * Takes a trade; returns what the trade-flow window did with it (the volume profile's window,
     * of another length, decides for itself).
     */
    public TradeAdmission onTrade(Trade trade) {
        TradeAdmission admission = flow.offer(trade);
        profile.offer(trade);
        if (lastTrade == null || trade.time().isAfter(lastTrade.time())
                || (trade.time().equals(lastTrade.time()) && trade.tradeId() > lastTrade.tradeId())) {
            lastTrade = trade;
        }
        return admission;
    }

    /** Takes the next closed candle (for the supply/demand zones). */
    public void onBar(Bar bar) {
        zones.update(bar);
    }

    /** The features at event time {@code time}. */
    public MicroFeatureVector vector(Instant time) {
        Objects.requireNonNull(time, "time");
        flow.advanceTo(time);
        profile.advanceTo(time);
        double[] v = new double[MicroFeatureSet.SIZE];
        Duration age = bookTime == null ? null : Duration.between(bookTime, time);
        boolean stale = age == null || age.compareTo(config.maxBookAge()) > 0;
        if (stale) {
            for (int i = 0; i < MicroFeatureSet.BOOK_FEATURES; i++) {
                v[i] = Double.NaN;
            }
        } else {
            bookFeatures(v);
        }

        TradeFlow.Features f = flow.features();
        v[FLOW_BUY_RATIO] = f.buyRatio();
        v[FLOW_CVD_DIVERGENCE] = f.divergence().value();
        v[FLOW_TRADE_RATE] = f.tradeRate();

        double r = lastTrade == null ? Double.NaN : lastTrade.price();
        VolumeProfile.Profile p = profile.profile(r);
        boolean profiled = p.buckets() > 0 && !Double.isNaN(r);
        v[VP_POC_DIST_BPS] = profiled ? p.pocDistanceBps() : Double.NaN;
        v[VP_VA_POSITION] = profiled ? p.valueAreaPosition() : Double.NaN;
        v[VP_HVN_BELOW_BPS] = profiled ? p.hvnBelowDistanceBps() : Double.NaN;
        v[VP_HVN_ABOVE_BPS] = profiled ? p.hvnAboveDistanceBps() : Double.NaN;
        v[VP_IN_LVN] = profiled ? flag(p.inLvn()) : Double.NaN;

        SupplyDemandZones.Distances z = zones.distances(r);
        boolean priced = !Double.isNaN(r);
        v[SD_DEMAND_DIST_ATR] = z.demandDistanceAtr();
        v[SD_SUPPLY_DIST_ATR] = z.supplyDistanceAtr();
        v[SD_IN_FRESH_DEMAND] = priced ? flag(z.inFreshDemand()) : Double.NaN;
        v[SD_IN_FRESH_SUPPLY] = priced ? flag(z.inFreshSupply()) : Double.NaN;

        boolean warm = f.warm() && p.warm() && !Double.isNaN(zones.atr());
        return new MicroFeatureVector(MicroFeatureSet.VERSION, time, MicroFeatureSet.NAMES, v, warm, stale, age);
    }

    private void bookFeatures(double[] v) {
        TopOfBook top = TopOfBook.of(book);
        v[SPREAD_BPS] = top.spreadBps();
        v[MICROPRICE_OFFSET_BPS] = top.micropriceOffsetBps();
        v[OB_IMBALANCE] = Imbalance.quantity(book, config.imbalanceLevels());
        v[OB_IMBALANCE_NOTIONAL] = Imbalance.notional(book, config.imbalanceLevels());
        WallDetector.Walls w = walls.detect(book);
        v[BID_WALL_COUNT] = w.bids().count();
        v[ASK_WALL_COUNT] = w.asks().count();
        v[BID_WALL_DIST_BPS] = w.bids().nearestDistanceBps();
        v[ASK_WALL_DIST_BPS] = w.asks().nearestDistanceBps();
        v[BID_WALL_SIZE_RATIO] = w.bids().nearestSizeRatio();
        v[ASK_WALL_SIZE_RATIO] = w.asks().nearestSizeRatio();
        v[LIQ_IMBALANCE] = band.measure(book).imbalance();
        SlippageEstimator.Estimate buy = SlippageEstimator.estimate(book, Side.BUY, config.slippageNotional());
        SlippageEstimator.Estimate sell = SlippageEstimator.estimate(book, Side.SELL, config.slippageNotional());
        v[SLIP_BUY_BPS] = buy.insufficientDepth() ? Double.NaN : buy.slippageVsMidBps();
        v[SLIP_SELL_BPS] = sell.insufficientDepth() ? Double.NaN : sell.slippageVsMidBps();
        v[SLIP_BUY_INSUFFICIENT] = flag(buy.insufficientDepth());
        v[SLIP_SELL_INSUFFICIENT] = flag(sell.insufficientDepth());
        v[BOOK_CROSSED] = flag(top.crossed());
    }

    private static double flag(boolean b) {
        return b ? 1.0 : 0.0;
    }

    /** The trade flow (for its counters: accepted, duplicate, late trades). */
    public TradeFlow tradeFlow() {
        return flow;
    }

    /** The volume profile. */
    public VolumeProfile volumeProfile() {
        return profile;
    }

    /** The supply/demand zones. */
    public SupplyDemandZones zones() {
        return zones;
    }

    /** The parameters. */
    public MicroConfig config() {
        return config;
    }
}
