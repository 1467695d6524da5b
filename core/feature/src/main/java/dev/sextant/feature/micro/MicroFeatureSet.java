package dev.sextant.feature.micro;

import java.util.List;

/**
 * The microstructure feature set {@value #VERSION}: names, order and meaning. Every value is
 * stationary: basis points, ratios, bounded imbalances, counts, rates, flags (0/1) or distances in
 * ATRs; never a raw price or a raw quantity. NaN marks a missing value.
 *
 * <p>Book features (from the last snapshot; <b>all NaN when the book is stale</b>, see
 * {@link MicrostructureFeatures}); mid, best bid/ask as in {@link TopOfBook}:
 * <ul>
 *   <li>{@code spread_bps}: (best ask - best bid) / mid * 10^4.</li>
 *   <li>{@code microprice_offset_bps}: (microprice - mid) / mid * 10^4.</li>
 *   <li>{@code ob_imbalance}, {@code ob_imbalance_notional}: (bid - ask) / (bid + ask) of the
 *       quantities / quote notionals of the top N levels per side, in [-1, 1] ({@link Imbalance}).</li>
 *   <li>{@code bid_wall_count}, {@code ask_wall_count}: levels with quantity &gt;= k * the side's
 *       median; {@code bid_wall_dist_bps}, {@code ask_wall_dist_bps}: |price - mid| / mid * 10^4 of the
 *       nearest wall; {@code bid_wall_size_ratio}, {@code ask_wall_size_ratio}: its quantity / the
 *       median. The last four are NaN when the side has no wall ({@link WallDetector}).</li>
 *   <li>{@code liq_imbalance}: (bid - ask) / (bid + ask) of the quote notional within x % of mid
 *       ({@link LiquidityBand}); the bounded form of the bid/ask liquidity ratio.</li>
 *   <li>{@code slip_buy_bps}, {@code slip_sell_bps}: slippage vs mid in bps of a market order of the
 *       configured quote notional ({@link SlippageEstimator}); NaN when the visible book cannot fill
 *       it, which {@code slip_buy_insufficient}, {@code slip_sell_insufficient} (1/0) then say.</li>
 *   <li>{@code book_crossed}: 1 when best bid &gt;= best ask, else 0.</li>
 * </ul>
 * Trade-flow features over the trade window ({@link TradeFlow}):
 * <ul>
 *   <li>{@code flow_buy_ratio}: aggressor buy volume / volume, in [0, 1] (the normalised CVD change
 *       over the window is 2 * flow_buy_ratio - 1, so it is not repeated); NaN without trades.</li>
 *   <li>{@code flow_cvd_divergence}: +1 bullish, -1 bearish, 0 none, NaN undefined.</li>
 *   <li>{@code flow_trade_rate}: trades per second.</li>
 * </ul>
 * Volume-profile features, measured from the last trade price r ({@link VolumeProfile}); NaN
 * without trades in the profile window:
 * <ul>
 *   <li>{@code vp_poc_dist_bps}: (r - POC) / r * 10^4.</li>
 *   <li>{@code vp_va_position}: (r - VAL) / (VAH + tick - VAL); 0..1 inside the value area.</li>
 *   <li>{@code vp_hvn_below_bps}, {@code vp_hvn_above_bps}: distance to the nearest high-volume node
 *       at or below / above r in bps of r (NaN when none).</li>
 *   <li>{@code vp_in_lvn}: 1 when r is in a low-volume node, else 0.</li>
 * </ul>
 * Supply/demand zones from candles, measured from r ({@link SupplyDemandZones}):
 * <ul>
 *   <li>{@code sd_demand_dist_atr}, {@code sd_supply_dist_atr}: distance to the nearest demand zone
 *       below / supply zone above in ATRs (0 inside; NaN when none or while the ATR is undefined).</li>
 *   <li>{@code sd_in_fresh_demand}, {@code sd_in_fresh_supply}: 1 when r is inside a zone on its
 *       first visit, else 0 (NaN without a trade price).</li>
 * </ul>
 */
public final class MicroFeatureSet {

    /** Version string of this feature set. */
    public static final String VERSION = "ms-v1";

    public static final String SPREAD_BPS = "spread_bps";
    public static final String MICROPRICE_OFFSET_BPS = "microprice_offset_bps";
    public static final String OB_IMBALANCE = "ob_imbalance";
    public static final String OB_IMBALANCE_NOTIONAL = "ob_imbalance_notional";
    public static final String BID_WALL_COUNT = "bid_wall_count";
    public static final String ASK_WALL_COUNT = "ask_wall_count";
    public static final String BID_WALL_DIST_BPS = "bid_wall_dist_bps";
    public static final String ASK_WALL_DIST_BPS = "ask_wall_dist_bps";
    public static final String BID_WALL_SIZE_RATIO = "bid_wall_size_ratio";
    public static final String ASK_WALL_SIZE_RATIO = "ask_wall_size_ratio";
    public static final String LIQ_IMBALANCE = "liq_imbalance";
    public static final String SLIP_BUY_BPS = "slip_buy_bps";
    public static final String SLIP_SELL_BPS = "slip_sell_bps";
    public static final String SLIP_BUY_INSUFFICIENT = "slip_buy_insufficient";
    public static final String SLIP_SELL_INSUFFICIENT = "slip_sell_insufficient";
    public static final String BOOK_CROSSED = "book_crossed";
    public static final String FLOW_BUY_RATIO = "flow_buy_ratio";
    public static final String FLOW_CVD_DIVERGENCE = "flow_cvd_divergence";
    public static final String FLOW_TRADE_RATE = "flow_trade_rate";
    public static final String VP_POC_DIST_BPS = "vp_poc_dist_bps";
    public static final String VP_VA_POSITION = "vp_va_position";
    public static final String VP_HVN_BELOW_BPS = "vp_hvn_below_bps";
    public static final String VP_HVN_ABOVE_BPS = "vp_hvn_above_bps";
    public static final String VP_IN_LVN = "vp_in_lvn";
    public static final String SD_DEMAND_DIST_ATR = "sd_demand_dist_atr";
    public static final String SD_SUPPLY_DIST_ATR = "sd_supply_dist_atr";
    public static final String SD_IN_FRESH_DEMAND = "sd_in_fresh_demand";
    public static final String SD_IN_FRESH_SUPPLY = "sd_in_fresh_supply";

    /** All names, in vector order. */
    public static final List<String> NAMES = List.of(SPREAD_BPS, MICROPRICE_OFFSET_BPS, OB_IMBALANCE,
            OB_IMBALANCE_NOTIONAL, BID_WALL_COUNT, ASK_WALL_COUNT, BID_WALL_DIST_BPS, ASK_WALL_DIST_BPS,
            BID_WALL_SIZE_RATIO, ASK_WALL_SIZE_RATIO, LIQ_IMBALANCE, SLIP_BUY_BPS, SLIP_SELL_BPS, SLIP_BUY_INSUFFICIENT,
            SLIP_SELL_INSUFFICIENT, BOOK_CROSSED, FLOW_BUY_RATIO, FLOW_CVD_DIVERGENCE, FLOW_TRADE_RATE, VP_POC_DIST_BPS,
            VP_VA_POSITION, VP_HVN_BELOW_BPS, VP_HVN_ABOVE_BPS, VP_IN_LVN, SD_DEMAND_DIST_ATR, SD_SUPPLY_DIST_ATR,
            SD_IN_FRESH_DEMAND, SD_IN_FRESH_SUPPLY);

    /** The book features: the first {@value #BOOK_FEATURES} names, missing when the book is stale. */
    public static final int BOOK_FEATURES = 16;

    /** Number of features in a vector. */
    public static final int SIZE = NAMES.size();

    private MicroFeatureSet() {
    }

    /**
     * Position of a feature in the vector.
     *
     * @throws IllegalArgumentException when the name is not part of this feature set
     */
    public static int indexOf(String name) {
        int index = NAMES.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no feature named '" + name + "' in feature set " + VERSION);
        }
        return index;
    }

    /** True for a feature that comes from the order book (and is missing when the book is stale). */
    public static boolean fromBook(String name) {
        return indexOf(name) < BOOK_FEATURES;
    }
}
