package dev.sextant.execution.domain;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PositionCloseRequested;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Hand-written fixtures: the worked example of the design (BTCUSDT 1h, close 67,650, stop 65,870, target 71,210). */
final class TestEvents {
    static final Symbol BTC = Symbol.of("BTCUSDT");
    static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private TestEvents() {}

    static Instant hour(int n) {
        return T0.plusSeconds(3600L * n);
    }

    static BigDecimal bd(String v) {
        return new BigDecimal(v);
    }

    /** A 1h BTCUSDT candle opening {@code n} hours after T0. */
    static CandleClosed candle(int n, String open, String high, String low, String close) {
        Instant openTime = hour(n);
        return new CandleClosed(Ids.candleId("binance", BTC, Interval.H1, openTime), openTime.plusSeconds(3600), CLOCK.instant(),
                null, CandleClosed.SCHEMA_VERSION, "binance", BTC, Interval.H1, openTime, openTime.plusSeconds(3600),
                bd(open), bd(high), bd(low), bd(close), bd("12.5"), bd("845000"), 1000);
    }

    /** An approved decision on the candle opening {@code n} hours after T0: buy 0.1124, stop 65,870, target 71,210. */
    static RiskDecisionMade approved(String id, int n) {
        return approved(id, n, "0.1124", "65870", "71210");
    }

    static RiskDecisionMade approved(String id, int n, String quantity, String stop, String target) {
        OrderIntent intent = new OrderIntent(Side.BUY, OrderType.MARKET, bd(quantity), bd("67650"), bd(stop), bd(target),
                bd("200"));
        return new RiskDecisionMade(Ids.derive("test", id), hour(n + 1), CLOCK.instant(), Ids.derive("test", "prediction-" + id),
                RiskDecisionMade.SCHEMA_VERSION, BTC, Interval.H1, hour(n), true, intent,
                List.of(new RiskCheck("confidence", true, bd("0.61"), ">", bd("0.55"), null, null)), null);
    }

    static RiskDecisionMade denied(String id, int n) {
        return new RiskDecisionMade(Ids.derive("test", id), hour(n + 1), CLOCK.instant(), Ids.derive("test", "prediction-" + id),
                RiskDecisionMade.SCHEMA_VERSION, BTC, Interval.H1, hour(n), false, null,
                List.of(new RiskCheck("confidence", false, bd("0.40"), ">", bd("0.55"), null, null)), "confidence too low");
    }

    static PositionCloseRequested closeRequest(String id) {
        return new PositionCloseRequested(Ids.derive("test", id), T0, CLOCK.instant(), null, PositionCloseRequested.SCHEMA_VERSION,
                BTC, "test");
    }

    static ExecutionSettings settings(String slippage) {
        return new ExecutionSettings(bd("10000"), bd(slippage), bd("0.001"), "USDT", "paper", 50);
    }
}
