package dev.sextant.risk.domain;

import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The thresholds and sizing parameters risk-service enforces. Every ratio is a fraction (0.02 = 2 %).
 * The constructor validates every value and names the setting to fix; {@link #withOverrides} applies
 * runtime changes by setting name (the keys below, as in {@code sextant.risk.<name>}).
 *
 * @param confidenceThreshold  {@code confidence-threshold}: a prediction passes when its confidence is strictly above it
 * @param riskPerTrade         {@code risk-per-trade}: share of equity the stop may lose
 * @param maxDailyLoss         {@code max-daily-loss}: today's loss must stay strictly below this share of the day's starting equity
 * @param minAtrRatio          {@code min-atr-ratio}: lower bound (inclusive) of ATR/price
 * @param maxAtrRatio          {@code max-atr-ratio}: upper bound (inclusive) of ATR/price
 * @param maxSpreadRatio       {@code max-spread-ratio}: spread/mid must stay strictly below it
 * @param stopAtrMultiple      {@code stop-atr-multiple}: stop distance = this times ATR
 * @param rewardRiskRatio      {@code reward-risk-ratio}: take-profit distance = this times the stop distance
 * @param costHeadroom         {@code cost-headroom}: share of the notional reserved for the entry's slippage and fee;
 *                             the no-leverage cap is {@code notional x (1 + cost-headroom) <= available equity}.
 *                             From 0 (inclusive) to 1 (exclusive); it must be at least execution's
 *                             {@code (1 + slippage) x (1 + taker fee) - 1} (0.0015005 with its defaults)
 *                             for execution to be able to pay for a capped entry
 * @param minNotional          {@code min-notional}: the smallest notional (quantity x close, quote currency, e.g. USDT) of
 *                             an entry, like an exchange's MIN_NOTIONAL filter; a sized entry below it is denied.
 *                             0 or more (0 turns the check off)
 * @param defaultQuantityStep  {@code quantity-step}: quantity step of symbols without their own
 * @param symbolQuantitySteps  {@code symbol-quantity-step.<SYMBOL>}: per-symbol quantity steps
 * @param quantityRounding     {@code quantity-rounding}: how the risk budget's step count is rounded, DOWN or HALF_UP
 * @param pendingTimeoutCandles {@code pending-timeout-candles}: an approved, unfilled entry stops counting as open
 *                             once a prediction for a candle this many intervals later arrives
 * @param dailyLossHalt        {@code daily-loss-halt}: how long a halt caused by {@code max-daily-loss} lasts,
 *                             {@code until-next-day} (lifts at the next UTC day boundary in event time) or
 *                             {@code until-operator} (lifts only with an operator start); see {@link DailyLossHaltPolicy}
 * @param maxBookAgeSeconds    {@code max-book-age-seconds}: a symbol's latest order book taken more than this before or after
 *                             a decision (market time: the prediction's) is not used, and the book checks deny; 1 or more
 * @param maxSlippageRatio     {@code max-slippage-ratio}: the entry's average price walking the book, away from the mid,
 *                             must stay strictly below this share of the mid
 * @param liquidityBandRatio   {@code liquidity-band-ratio}: the band around the mid in which resting liquidity counts
 * @param minLiquidityMultiple {@code min-liquidity-multiple}: the notional resting within the band on the side the entry
 *                             takes from must be at least this many times the entry's notional
 */
public record RiskLimits(
        BigDecimal confidenceThreshold,
        BigDecimal riskPerTrade,
        BigDecimal maxDailyLoss,
        BigDecimal minAtrRatio,
        BigDecimal maxAtrRatio,
        BigDecimal maxSpreadRatio,
        BigDecimal stopAtrMultiple,
        BigDecimal rewardRiskRatio,
        BigDecimal costHeadroom,
        BigDecimal minNotional,
        BigDecimal defaultQuantityStep,
        Map<String, BigDecimal> symbolQuantitySteps,
        RoundingMode quantityRounding,
        int pendingTimeoutCandles,
        DailyLossHaltPolicy dailyLossHalt,
        int maxBookAgeSeconds,
        BigDecimal maxSlippageRatio,
        BigDecimal liquidityBandRatio,
        BigDecimal minLiquidityMultiple) {

    public static final String CONFIDENCE_THRESHOLD = "confidence-threshold";
    public static final String RISK_PER_TRADE = "risk-per-trade";
    public static final String MAX_DAILY_LOSS = "max-daily-loss";
    public static final String MIN_ATR_RATIO = "min-atr-ratio";
    public static final String MAX_ATR_RATIO = "max-atr-ratio";
    public static final String MAX_SPREAD_RATIO = "max-spread-ratio";
    public static final String STOP_ATR_MULTIPLE = "stop-atr-multiple";
    public static final String REWARD_RISK_RATIO = "reward-risk-ratio";
    public static final String COST_HEADROOM = "cost-headroom";
    public static final String MIN_NOTIONAL = "min-notional";
    public static final String QUANTITY_STEP = "quantity-step";
    public static final String SYMBOL_QUANTITY_STEP = "symbol-quantity-step";
    public static final String QUANTITY_ROUNDING = "quantity-rounding";
    public static final String PENDING_TIMEOUT_CANDLES = "pending-timeout-candles";
    public static final String DAILY_LOSS_HALT = "daily-loss-halt";
    public static final String MAX_BOOK_AGE_SECONDS = "max-book-age-seconds";
    public static final String MAX_SLIPPAGE_RATIO = "max-slippage-ratio";
    public static final String LIQUIDITY_BAND_RATIO = "liquidity-band-ratio";
    public static final String MIN_LIQUIDITY_MULTIPLE = "min-liquidity-multiple";

    private static final List<String> NAMES = List.of(CONFIDENCE_THRESHOLD, RISK_PER_TRADE, MAX_DAILY_LOSS,
            MIN_ATR_RATIO, MAX_ATR_RATIO, MAX_SPREAD_RATIO, STOP_ATR_MULTIPLE, REWARD_RISK_RATIO, COST_HEADROOM,
            MIN_NOTIONAL, QUANTITY_STEP, SYMBOL_QUANTITY_STEP + ".<SYMBOL>", QUANTITY_ROUNDING, PENDING_TIMEOUT_CANDLES,
            DAILY_LOSS_HALT, MAX_BOOK_AGE_SECONDS, MAX_SLIPPAGE_RATIO, LIQUIDITY_BAND_RATIO, MIN_LIQUIDITY_MULTIPLE);

    /** The defaults of the design's worked example, as written in {@link RiskDefaults} (their only source). */
    public static RiskLimits defaults() {
        return new RiskLimits(new BigDecimal(RiskDefaults.CONFIDENCE_THRESHOLD), new BigDecimal(RiskDefaults.RISK_PER_TRADE),
                new BigDecimal(RiskDefaults.MAX_DAILY_LOSS), new BigDecimal(RiskDefaults.MIN_ATR_RATIO),
                new BigDecimal(RiskDefaults.MAX_ATR_RATIO), new BigDecimal(RiskDefaults.MAX_SPREAD_RATIO),
                new BigDecimal(RiskDefaults.STOP_ATR_MULTIPLE), new BigDecimal(RiskDefaults.REWARD_RISK_RATIO),
                new BigDecimal(RiskDefaults.COST_HEADROOM), new BigDecimal(RiskDefaults.MIN_NOTIONAL),
                new BigDecimal(RiskDefaults.QUANTITY_STEP), Map.of(), RoundingMode.valueOf(RiskDefaults.QUANTITY_ROUNDING),
                Integer.parseInt(RiskDefaults.PENDING_TIMEOUT_CANDLES), DailyLossHaltPolicy.parse(RiskDefaults.DAILY_LOSS_HALT),
                Integer.parseInt(RiskDefaults.MAX_BOOK_AGE_SECONDS), new BigDecimal(RiskDefaults.MAX_SLIPPAGE_RATIO),
                new BigDecimal(RiskDefaults.LIQUIDITY_BAND_RATIO), new BigDecimal(RiskDefaults.MIN_LIQUIDITY_MULTIPLE));
    }

    /** The limits as they were before the book checks existed, with their settings at the defaults. */
    public RiskLimits(BigDecimal confidenceThreshold, BigDecimal riskPerTrade, BigDecimal maxDailyLoss, BigDecimal minAtrRatio,
                      BigDecimal maxAtrRatio, BigDecimal maxSpreadRatio, BigDecimal stopAtrMultiple, BigDecimal rewardRiskRatio,
                      BigDecimal costHeadroom, BigDecimal minNotional, BigDecimal defaultQuantityStep,
                      Map<String, BigDecimal> symbolQuantitySteps, RoundingMode quantityRounding, int pendingTimeoutCandles,
                      DailyLossHaltPolicy dailyLossHalt) {
        this(confidenceThreshold, riskPerTrade, maxDailyLoss, minAtrRatio, maxAtrRatio, maxSpreadRatio, stopAtrMultiple,
                rewardRiskRatio, costHeadroom, minNotional, defaultQuantityStep, symbolQuantitySteps, quantityRounding,
                pendingTimeoutCandles, dailyLossHalt, Integer.parseInt(RiskDefaults.MAX_BOOK_AGE_SECONDS),
                new BigDecimal(RiskDefaults.MAX_SLIPPAGE_RATIO), new BigDecimal(RiskDefaults.LIQUIDITY_BAND_RATIO),
                new BigDecimal(RiskDefaults.MIN_LIQUIDITY_MULTIPLE));
    }

    /**
     * The limits as they were before {@code daily-loss-halt} existed, with that setting at its default
     * ({@value RiskDefaults#DAILY_LOSS_HALT}); kept so existing callers compile unchanged.
     */
    public RiskLimits(BigDecimal confidenceThreshold, BigDecimal riskPerTrade, BigDecimal maxDailyLoss, BigDecimal minAtrRatio,
                      BigDecimal maxAtrRatio, BigDecimal maxSpreadRatio, BigDecimal stopAtrMultiple, BigDecimal rewardRiskRatio,
                      BigDecimal costHeadroom, BigDecimal minNotional, BigDecimal defaultQuantityStep,
                      Map<String, BigDecimal> symbolQuantitySteps, RoundingMode quantityRounding, int pendingTimeoutCandles) {
        this(confidenceThreshold, riskPerTrade, maxDailyLoss, minAtrRatio, maxAtrRatio, maxSpreadRatio, stopAtrMultiple,
                rewardRiskRatio, costHeadroom, minNotional, defaultQuantityStep, symbolQuantitySteps, quantityRounding,
                pendingTimeoutCandles, DailyLossHaltPolicy.parse(RiskDefaults.DAILY_LOSS_HALT));
    }

    public RiskLimits {
        symbolQuantitySteps = Map.copyOf(required(symbolQuantitySteps, SYMBOL_QUANTITY_STEP + ".<SYMBOL>"));
        fraction(confidenceThreshold, CONFIDENCE_THRESHOLD, true);
        positiveFraction(riskPerTrade, RISK_PER_TRADE);
        positiveFraction(maxDailyLoss, MAX_DAILY_LOSS);
        positiveFraction(minAtrRatio, MIN_ATR_RATIO);
        positiveFraction(maxAtrRatio, MAX_ATR_RATIO);
        if (minAtrRatio.compareTo(maxAtrRatio) > 0) {
            throw new IllegalArgumentException(describe(MIN_ATR_RATIO) + " (" + minAtrRatio.toPlainString()
                    + ") must not exceed " + describe(MAX_ATR_RATIO) + " (" + maxAtrRatio.toPlainString() + ")");
        }
        positiveFraction(maxSpreadRatio, MAX_SPREAD_RATIO);
        positive(stopAtrMultiple, STOP_ATR_MULTIPLE);
        positive(rewardRiskRatio, REWARD_RISK_RATIO);
        required(costHeadroom, COST_HEADROOM);
        if (costHeadroom.signum() < 0 || costHeadroom.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException(describe(COST_HEADROOM) + " must be a fraction from 0 up to but excluding 1"
                    + " (0.002 means 0.2 % of the notional reserved for slippage and fee), got " + costHeadroom.toPlainString());
        }
        required(minNotional, MIN_NOTIONAL);
        if (minNotional.signum() < 0) {
            throw new IllegalArgumentException(describe(MIN_NOTIONAL) + " must be an amount of 0 or more in the quote currency"
                    + " (10 means an entry's notional must be at least 10 USDT; 0 turns the check off), got "
                    + minNotional.toPlainString());
        }
        positive(defaultQuantityStep, QUANTITY_STEP);
        symbolQuantitySteps.forEach((symbol, step) -> {
            try {
                Symbol.of(symbol);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(describe(SYMBOL_QUANTITY_STEP + "." + symbol) + " names no valid symbol: " + e.getMessage());
            }
            positive(step, SYMBOL_QUANTITY_STEP + "." + symbol);
        });
        required(quantityRounding, QUANTITY_ROUNDING);
        if (quantityRounding != RoundingMode.DOWN && quantityRounding != RoundingMode.HALF_UP) {
            throw new IllegalArgumentException(describe(QUANTITY_ROUNDING) + " must be DOWN or HALF_UP, got " + quantityRounding);
        }
        if (pendingTimeoutCandles < 1) {
            throw new IllegalArgumentException(describe(PENDING_TIMEOUT_CANDLES)
                    + " must be a whole number of candles >= 1, got " + pendingTimeoutCandles);
        }
        if (dailyLossHalt == null) {
            throw new IllegalArgumentException(describe(DAILY_LOSS_HALT) + " is missing: set it to one of "
                    + DailyLossHaltPolicy.UNTIL_NEXT_DAY.value() + ", " + DailyLossHaltPolicy.UNTIL_OPERATOR.value());
        }
        if (maxBookAgeSeconds < 1) {
            throw new IllegalArgumentException(describe(MAX_BOOK_AGE_SECONDS)
                    + " must be a whole number of seconds >= 1, got " + maxBookAgeSeconds);
        }
        positiveFraction(maxSlippageRatio, MAX_SLIPPAGE_RATIO);
        positiveFraction(liquidityBandRatio, LIQUIDITY_BAND_RATIO);
        required(minLiquidityMultiple, MIN_LIQUIDITY_MULTIPLE);
        if (minLiquidityMultiple.signum() < 0) {
            throw new IllegalArgumentException(describe(MIN_LIQUIDITY_MULTIPLE) + " must be 0 or more (3 means three times"
                    + " the entry's notional must rest within the band; 0 turns the check off), got "
                    + minLiquidityMultiple.toPlainString());
        }
    }

    /** The quantity step of {@code symbol}: its own, or the default. */
    public BigDecimal quantityStep(Symbol symbol) {
        return symbolQuantitySteps.getOrDefault(symbol.value(), defaultQuantityStep);
    }

    /**
     * These limits with {@code settings} (name to value, names as in {@code sextant.risk.<name>})
     * applied. Throws IllegalArgumentException naming the setting when a name is unknown or a value invalid.
     */
    public RiskLimits withOverrides(Map<String, String> settings) {
        BigDecimal confidence = confidenceThreshold;
        BigDecimal risk = riskPerTrade;
        BigDecimal dailyLoss = maxDailyLoss;
        BigDecimal minAtr = minAtrRatio;
        BigDecimal maxAtr = maxAtrRatio;
        BigDecimal spread = maxSpreadRatio;
        BigDecimal stopMultiple = stopAtrMultiple;
        BigDecimal reward = rewardRiskRatio;
        BigDecimal headroom = costHeadroom;
        BigDecimal minimum = minNotional;
        BigDecimal step = defaultQuantityStep;
        Map<String, BigDecimal> steps = new TreeMap<>(symbolQuantitySteps);
        RoundingMode rounding = quantityRounding;
        int timeout = pendingTimeoutCandles;
        DailyLossHaltPolicy halt = dailyLossHalt;
        int bookAge = maxBookAgeSeconds;
        BigDecimal slippage = maxSlippageRatio;
        BigDecimal band = liquidityBandRatio;
        BigDecimal liquidity = minLiquidityMultiple;
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            switch (name) {
                case CONFIDENCE_THRESHOLD -> confidence = decimal(name, value);
                case RISK_PER_TRADE -> risk = decimal(name, value);
                case MAX_DAILY_LOSS -> dailyLoss = decimal(name, value);
                case MIN_ATR_RATIO -> minAtr = decimal(name, value);
                case MAX_ATR_RATIO -> maxAtr = decimal(name, value);
                case MAX_SPREAD_RATIO -> spread = decimal(name, value);
                case STOP_ATR_MULTIPLE -> stopMultiple = decimal(name, value);
                case REWARD_RISK_RATIO -> reward = decimal(name, value);
                case COST_HEADROOM -> headroom = decimal(name, value);
                case MIN_NOTIONAL -> minimum = decimal(name, value);
                case QUANTITY_STEP -> step = decimal(name, value);
                case QUANTITY_ROUNDING -> rounding = rounding(value);
                case PENDING_TIMEOUT_CANDLES -> timeout = integer(name, value);
                case DAILY_LOSS_HALT -> halt = DailyLossHaltPolicy.parse(value);
                case MAX_BOOK_AGE_SECONDS -> bookAge = integer(name, value);
                case MAX_SLIPPAGE_RATIO -> slippage = decimal(name, value);
                case LIQUIDITY_BAND_RATIO -> band = decimal(name, value);
                case MIN_LIQUIDITY_MULTIPLE -> liquidity = decimal(name, value);
                default -> {
                    if (name.startsWith(SYMBOL_QUANTITY_STEP + ".")) {
                        steps.put(name.substring(SYMBOL_QUANTITY_STEP.length() + 1), decimal(name, value));
                    } else {
                        throw new IllegalArgumentException("unknown risk setting '" + name + "' (known: " + String.join(", ", NAMES) + ")");
                    }
                }
            }
        }
        return new RiskLimits(confidence, risk, dailyLoss, minAtr, maxAtr, spread, stopMultiple, reward, headroom, minimum, step,
                steps, rounding, timeout, halt, bookAge, slippage, band, liquidity);
    }

    /** Every setting by name, as text (for the state API and audit). */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(CONFIDENCE_THRESHOLD, confidenceThreshold.toPlainString());
        map.put(RISK_PER_TRADE, riskPerTrade.toPlainString());
        map.put(MAX_DAILY_LOSS, maxDailyLoss.toPlainString());
        map.put(MIN_ATR_RATIO, minAtrRatio.toPlainString());
        map.put(MAX_ATR_RATIO, maxAtrRatio.toPlainString());
        map.put(MAX_SPREAD_RATIO, maxSpreadRatio.toPlainString());
        map.put(STOP_ATR_MULTIPLE, stopAtrMultiple.toPlainString());
        map.put(REWARD_RISK_RATIO, rewardRiskRatio.toPlainString());
        map.put(COST_HEADROOM, costHeadroom.toPlainString());
        map.put(MIN_NOTIONAL, minNotional.toPlainString());
        map.put(QUANTITY_STEP, defaultQuantityStep.toPlainString());
        new TreeMap<>(symbolQuantitySteps).forEach((s, v) -> map.put(SYMBOL_QUANTITY_STEP + "." + s, v.toPlainString()));
        map.put(QUANTITY_ROUNDING, quantityRounding.name());
        map.put(PENDING_TIMEOUT_CANDLES, Integer.toString(pendingTimeoutCandles));
        map.put(DAILY_LOSS_HALT, dailyLossHalt.value());
        map.put(MAX_BOOK_AGE_SECONDS, Integer.toString(maxBookAgeSeconds));
        map.put(MAX_SLIPPAGE_RATIO, maxSlippageRatio.toPlainString());
        map.put(LIQUIDITY_BAND_RATIO, liquidityBandRatio.toPlainString());
        map.put(MIN_LIQUIDITY_MULTIPLE, minLiquidityMultiple.toPlainString());
        return map;
    }

    static String describe(String name) {
        return "risk setting '" + name + "' (sextant.risk." + name + ")";
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(describe(name) + " is missing: set it");
        }
        return value;
    }

    private static void positive(BigDecimal value, String name) {
        required(value, name);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(describe(name) + " must be greater than 0, got " + value.toPlainString());
        }
    }

    private static void positiveFraction(BigDecimal value, String name) {
        fraction(value, name, false);
    }

    private static void fraction(BigDecimal value, String name, boolean zeroAllowed) {
        required(value, name);
        boolean low = zeroAllowed ? value.signum() < 0 : value.signum() <= 0;
        if (low || value.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(describe(name) + " must be a fraction " + (zeroAllowed ? "from 0" : "above 0")
                    + " up to 1 (0.02 means 2 %), got " + value.toPlainString());
        }
    }

    private static BigDecimal decimal(String name, String value) {
        try {
            return new BigDecimal(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(describe(name) + " must be a decimal number, got '" + value + "'");
        }
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(describe(name) + " must be a whole number, got '" + value + "'");
        }
    }

    private static RoundingMode rounding(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (!v.equals("DOWN") && !v.equals("HALF_UP")) {
            throw new IllegalArgumentException(describe(QUANTITY_ROUNDING) + " must be DOWN or HALF_UP, got '" + value + "'");
        }
        return RoundingMode.valueOf(v);
    }
}
