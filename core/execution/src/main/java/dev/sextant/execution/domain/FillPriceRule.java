package dev.sextant.execution.domain;

import dev.sextant.contracts.event.CandleClosed;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where on its fill candle a market entry fills (before slippage), when, and how that candle is then
 * checked for the new position's stop-loss and take-profit. The fill candle is the one the
 * {@link LatencyModel} picks (by default the first candle after the decision's candle).
 *
 * <p>The check of the fill candle must not use price moves the position did not live through, and
 * when the candle cannot say whether a move came before or after the fill it must assume the worse:
 * <ul>
 *   <li>{@link FillPrices#NEXT_OPEN} (the default): fills at the open, so the position lives through
 *       the whole candle, which is checked like any later one ({@link FillCandleCheck#WHOLE_CANDLE}:
 *       stop first when both are touched, gaps exit at the open);</li>
 *   <li>{@link FillPrices#NEXT_CLOSE}: fills at the close; the candle's range all came before the fill,
 *       so the fill candle is not checked at all ({@link FillCandleCheck#NONE}), the next candle is the
 *       first;</li>
 *   <li>{@link FillPrices#TYPICAL}: fills at the typical price {@code (high + low + close) / 3}, somewhere
 *       inside the candle, at a moment the candle does not tell. The stop is checked against the whole
 *       range (a stop touched anywhere in the candle is assumed to come after the fill: it stops the
 *       position out, at the stop or at the fill's market price when that is already beyond the stop),
 *       the take-profit is not (it might have been touched before the fill), see
 *       {@link FillCandleCheck#STOP_ONLY}.</li>
 * </ul>
 */
public interface FillPriceRule {
    /** The names {@link #parse} knows. */
    List<String> NAMES = List.of("next-open", "next-close", "typical");

    /** How the fill candle is checked for the stop-loss and take-profit of the position it opened. */
    enum FillCandleCheck {
        /** Like every later candle: stop, else take-profit, at the level or at the open when gapped through. */
        WHOLE_CANDLE,
        /** The stop against the whole range, exiting at the stop or at the fill's market price if beyond it; no take-profit. */
        STOP_ONLY,
        /** Not checked: the candle's range came before the fill. */
        NONE
    }

    /** The market price the entry fills at on {@code candle}, before slippage. */
    BigDecimal price(CandleClosed candle);

    /** When the entry fills: the fill event's time and the position's opening time. */
    Instant fillTime(CandleClosed candle);

    /** How the fill candle is checked for the stop-loss and take-profit. */
    FillCandleCheck fillCandleCheck();

    /** The rule's name, e.g. {@code next-open} ({@link #parse} reads it back). */
    String spec();

    /** The default: the open of the fill candle. */
    static FillPriceRule nextOpen() {
        return FillPrices.NEXT_OPEN;
    }

    /** The rule called {@code text}: {@code next-open}, {@code next-close} or {@code typical}. */
    static FillPriceRule parse(String option, String text) {
        ModelSpec spec = ModelSpec.parse(option, text).allow(Set.of());
        for (FillPrices rule : FillPrices.values()) {
            if (rule.spec().equals(spec.name())) {
                return rule;
            }
        }
        throw spec.unknown(NAMES);
    }
}
