package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.OrderPurpose;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a fill pays the venue: each fill is either a taker or a maker fill ({@link #liquidity}), and
 * pays {@code price × quantity × rate(liquidity)} in the quote asset, at quote scale.
 *
 * <ul>
 *   <li>{@link TakerFee} (the default, {@code taker:rate=0.001}): every fill takes liquidity;</li>
 *   <li>{@link MakerTakerFee} ({@code maker-taker:maker=0.0002,taker=0.001}): a take-profit rests on
 *       the book as a limit order and fills as a maker; entries, stops and closes on request are
 *       market orders and take.</li>
 * </ul>
 */
public interface FeeModel {
    /** The names {@link #parse} knows. */
    List<String> NAMES = List.of(TakerFee.NAME, MakerTakerFee.NAME);

    /** Whether a fill of an order with this purpose takes or makes liquidity. */
    Liquidity liquidity(OrderPurpose purpose);

    /** The fee rate of a fill of this liquidity, a fraction of its notional. */
    BigDecimal rate(Liquidity liquidity);

    /** The model in its text form, e.g. {@code taker:rate=0.001} ({@link #parse} reads it back). */
    String spec();

    /** The fee of a fill of {@code quantity} at {@code price} for an order with this purpose, at quote scale. */
    default BigDecimal fee(OrderPurpose purpose, BigDecimal price, BigDecimal quantity) {
        return Scales.quote(price.multiply(quantity).multiply(rate(liquidity(purpose))));
    }

    /** The default: every fill pays the taker {@code rate}. */
    static FeeModel taker(BigDecimal rate) {
        return new TakerFee(rate);
    }

    /**
     * A model from its text form: {@code taker} (rate = {@code defaultTakerRate}), {@code taker:rate=R},
     * {@code maker-taker:maker=M[,taker=T]} (taker rate = {@code defaultTakerRate} when omitted).
     *
     * @param option           the option or setting being read, named in error messages
     * @param defaultTakerRate the taker rate when none is written (the {@code taker-fee} setting)
     */
    static FeeModel parse(String option, String text, BigDecimal defaultTakerRate) {
        ModelSpec spec = ModelSpec.parse(option, text);
        return switch (spec.name()) {
            case TakerFee.NAME -> new TakerFee(spec.allow(Set.of("rate")).decimal("rate", defaultTakerRate, "taker:rate=0.001"));
            case MakerTakerFee.NAME -> {
                spec.allow(new LinkedHashSet<>(List.of("maker", "taker")));
                yield new MakerTakerFee(spec.decimal("maker", null, "maker-taker:maker=0.0002,taker=0.001"),
                        spec.decimal("taker", defaultTakerRate, "maker-taker:maker=0.0002,taker=0.001"));
            }
            default -> throw spec.unknown(NAMES);
        };
    }

    /** A fee rate must be a fraction in [0, 0.1). */
    static BigDecimal checkRate(BigDecimal rate, String what) {
        if (rate == null || rate.signum() < 0 || rate.compareTo(new BigDecimal("0.1")) >= 0) {
            throw new IllegalArgumentException(what + " must be a fraction of notional in [0, 0.1) (0.001 = 0.1 %), got "
                    + (rate == null ? "nothing" : rate.toPlainString()));
        }
        return rate;
    }
}
