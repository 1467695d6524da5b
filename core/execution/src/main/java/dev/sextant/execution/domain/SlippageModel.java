package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Side;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How far a market order's fill price moves against it from the market price. Used for market
 * entries and closes on request; stop-loss and take-profit exits fill at their level without
 * slippage ({@link ExitRule}). Implementations are immutable and return prices at price scale
 * ({@link Scales#price}); a sell never fills at or below zero.
 *
 * <ul>
 *   <li>{@link ProportionalSlippage} (the default, {@code proportional:rate=0.0005}):
 *       {@code price × (1 ± rate)};</li>
 *   <li>{@link FixedSlippage} ({@code fixed:amount=0.5}): {@code price ± amount}, a fixed amount of
 *       the quote asset per unit (e.g. some ticks of the book);</li>
 *   <li>{@link VolumeSlippage} ({@code volume:impact=0.1,cap=0.01}): the fraction grows with the
 *       order's share of the fill candle's volume, {@code min(cap, impact × quantity / volume)}.</li>
 * </ul>
 */
public interface SlippageModel {
    /** The names {@link #parse} knows. */
    List<String> NAMES = List.of(ProportionalSlippage.NAME, FixedSlippage.NAME, VolumeSlippage.NAME);

    /**
     * The price a market order fills at.
     *
     * @param side         the order's side: a buy pays more, a sell receives less
     * @param price        the market price before slippage (e.g. the fill candle's open)
     * @param quantity     the order's quantity (base asset)
     * @param candleVolume the base-asset volume of the fill candle, or null when it is not known yet
     *                     (the pre-trade cash check); a model that needs it then assumes the worst case
     */
    BigDecimal fillPrice(Side side, BigDecimal price, BigDecimal quantity, BigDecimal candleVolume);

    /** The model in its text form, e.g. {@code proportional:rate=0.0005} ({@link #parse} reads it back). */
    String spec();

    /** The default: {@code price × (1 ± rate)}. */
    static SlippageModel proportional(BigDecimal rate) {
        return new ProportionalSlippage(rate);
    }

    /**
     * A model from its text form: {@code proportional} (rate = {@code defaultRate}),
     * {@code proportional:rate=R}, {@code fixed:amount=A}, {@code volume:impact=K[,cap=C]} (cap
     * {@value VolumeSlippage#DEFAULT_CAP} when omitted).
     *
     * @param option      the option or setting being read, named in error messages
     * @param defaultRate the proportional rate when none is written (the {@code slippage} setting)
     */
    static SlippageModel parse(String option, String text, BigDecimal defaultRate) {
        ModelSpec spec = ModelSpec.parse(option, text);
        return switch (spec.name()) {
            case ProportionalSlippage.NAME -> new ProportionalSlippage(
                    spec.allow(Set.of("rate")).decimal("rate", defaultRate, "proportional:rate=0.0005"));
            case FixedSlippage.NAME -> new FixedSlippage(
                    spec.allow(Set.of("amount")).decimal("amount", null, "fixed:amount=0.5"));
            case VolumeSlippage.NAME -> {
                spec.allow(new LinkedHashSet<>(List.of("impact", "cap")));
                yield new VolumeSlippage(spec.decimal("impact", null, "volume:impact=0.1,cap=0.01"),
                        spec.decimal("cap", new BigDecimal(VolumeSlippage.DEFAULT_CAP), "volume:impact=0.1,cap=0.01"));
            }
            default -> throw spec.unknown(NAMES);
        };
    }
}
