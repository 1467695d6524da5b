package dev.sextant.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import org.junit.jupiter.api.Test;

class QueryParamsTest {
    private static final Symbol BTC = new Symbol("BTCUSDT");

    @Test
    void symbolDefaultsAndValidates() {
        assertThat(QueryParams.symbol(null, BTC)).isEqualTo(BTC);
        assertThat(QueryParams.symbol(" ", BTC)).isEqualTo(BTC);
        assertThat(QueryParams.symbol("ETHUSDT", BTC)).isEqualTo(new Symbol("ETHUSDT"));
        assertThatThrownBy(() -> QueryParams.symbol("btc-usdt", BTC))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("invalid symbol 'btc-usdt'")
                .hasMessageContaining("upper-case");
    }

    @Test
    void limitMustBeAWholeNumberIn1To1000() {
        assertThat(QueryParams.limit(null, 500)).isEqualTo(500);
        assertThat(QueryParams.limit("1", 500)).isEqualTo(1);
        assertThat(QueryParams.limit("1000", 500)).isEqualTo(1000);
        assertThatThrownBy(() -> QueryParams.limit("0", 500)).hasMessage("limit 0 is out of range: must be in 1..1000");
        assertThatThrownBy(() -> QueryParams.limit("1001", 500)).hasMessage("limit 1001 is out of range: must be in 1..1000");
        assertThatThrownBy(() -> QueryParams.limit("abc", 500))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("invalid limit 'abc': must be a whole number in 1..1000");
    }

    @Test
    void pageAndSize() {
        assertThat(QueryParams.page(null)).isZero();
        assertThat(QueryParams.page("3")).isEqualTo(3);
        assertThatThrownBy(() -> QueryParams.page("-1")).hasMessage("page -1 is out of range: must be >= 0");
        assertThat(QueryParams.size(null, 50)).isEqualTo(50);
        assertThatThrownBy(() -> QueryParams.size("0", 50)).hasMessage("size 0 is out of range: must be in 1..500");
    }

    @Test
    void interval() {
        assertThat(QueryParams.interval(null)).isNull();
        assertThat(QueryParams.interval("1h")).isEqualTo(Interval.H1);
        assertThatThrownBy(() -> QueryParams.interval("7m"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("unknown interval '7m'");
    }
}
