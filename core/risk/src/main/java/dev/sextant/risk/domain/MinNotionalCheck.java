package dev.sextant.risk.domain;

import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.util.List;

/**
 * The sized entry's notional (quantity x close) must be at least {@code min-notional}, like an
 * exchange's MIN_NOTIONAL / NOTIONAL filter (5 to 10 USDT on Binance): an entry starved by the
 * no-leverage cap to a dust quantity is denied rather than sent to be refused (or to trade for cents).
 * Runs after {@value PositionSizer#NAME}, on the final (possibly capped) intent only. Value = the
 * notional, comparator {@code ">="}, threshold = {@code min-notional}.
 */
public final class MinNotionalCheck {
    public static final String NAME = "min_notional";

    /** Quote assets recognised at the end of a symbol, longest first, to name the unit in the detail. */
    private static final List<String> QUOTE_ASSETS = List.of("FDUSD", "USDT", "USDC", "BUSD", "TUSD");
    /** The detail's unit of each quote asset, " USDT" for USDT. */
    private static final List<String> UNITS = QUOTE_ASSETS.stream().map(q -> " " + q).toList();

    /** The text of {@code min-notional} (the same instance until a settings update). */
    private final TextMemo minimumText = new TextMemo(MinNotionalCheck::amount);

    /** Checks {@code intent} (a sized entry of {@code symbol}) against {@code minNotional}. */
    public RiskCheck evaluate(Symbol symbol, OrderIntent intent, BigDecimal minNotional) {
        BigDecimal notional = intent.notional();
        String unit = quoteAsset(symbol);
        boolean passed = notional.compareTo(minNotional) >= 0;
        String minimum = minimumText.of(minNotional);
        String detail = passed
                ? "notional " + amount(notional) + unit + " >= venue minimum " + minimum + unit
                : "notional " + amount(notional) + unit + " is below the venue minimum of " + minimum + unit;
        return new RiskCheck(NAME, passed, notional, ">=", minNotional, null, detail);
    }

    private static String amount(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /** " USDT" for BTCUSDT, empty when the symbol's quote asset is not recognised. */
    static String quoteAsset(Symbol symbol) {
        String value = symbol.value();
        for (int i = 0; i < QUOTE_ASSETS.size(); i++) {
            String quote = QUOTE_ASSETS.get(i);
            if (value.endsWith(quote) && value.length() > quote.length()) {
                return UNITS.get(i);
            }
        }
        return "";
    }
}
