package dev.sextant.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.topic.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicChannelsConfigSourceFactoryTest {

    @Test
    void wiresListedIncomingChannelToItsTopicAndDeadLetterTwin() {
        Map<String, String> props = TopicChannelsConfigSourceFactory.properties("t1.",
                TopicChannelsConfigSourceFactory.names("candles, control", "in"), java.util.List.of());

        assertThat(props)
                .containsEntry("mp.messaging.incoming.candles.topic", "t1.candles")
                .containsEntry("mp.messaging.incoming.candles.failure-strategy", "fail")
                .containsEntry("mp.messaging.incoming.candles.batch", "true")
                // a batch held by the policy (infrastructure retry, a loaded machine) must not fail the channel
                .containsEntry("mp.messaging.incoming.candles.throttled.unprocessed-record-max-age.ms", "0")
                .containsEntry("mp.messaging.incoming.candles.poll-timeout", "20")
                .containsEntry("mp.messaging.incoming.control.topic", "t1.control")
                .containsEntry("mp.messaging.incoming.candles.enable.auto.commit", "false");
        assertThat(props.keySet()).noneMatch(k -> k.startsWith("mp.messaging.incoming.features."));
        assertThat(props.keySet()).noneMatch(k -> k.startsWith("mp.messaging.outgoing."));
    }

    @Test
    void wiresListedOutgoingChannelWithOutSuffix() {
        Map<String, String> props = TopicChannelsConfigSourceFactory.properties("",
                java.util.List.of(), TopicChannelsConfigSourceFactory.names("features", "out"));

        assertThat(props)
                .containsEntry("mp.messaging.outgoing." + Channels.FEATURES_OUT + ".topic", Topics.FEATURES)
                .containsEntry("mp.messaging.outgoing." + Channels.FEATURES_OUT + ".acks", "all");
        assertThat(props.keySet()).allMatch(k -> k.startsWith("mp.messaging.outgoing.features-out."));
    }

    @Test
    void unknownTopicNameIsAConfigurationErrorThatSaysWhatToUse() {
        assertThatThrownBy(() -> TopicChannelsConfigSourceFactory.names("candles,candels", "sextant.messaging.incoming"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sextant.messaging.incoming names 'candels'")
                .hasMessageContaining("candles");
    }

    @Test
    void everyCatalogTopicHasAnOutgoingChannelConstant() {
        for (var spec : Topics.main()) {
            assertThat(spec.name() + Channels.OUT_SUFFIX).isIn(
                    Channels.CANDLES_OUT, Channels.MARKET_TRADES_OUT, Channels.ORDERBOOK_OUT, Channels.FEATURES_OUT,
                    Channels.PREDICTIONS_OUT, Channels.SIGNALS_OUT, Channels.ORDERS_OUT, Channels.FILLS_OUT,
                    Channels.POSITIONS_OUT, Channels.SETTLEMENTS_OUT, Channels.CONTROL_OUT);
        }
    }
}
