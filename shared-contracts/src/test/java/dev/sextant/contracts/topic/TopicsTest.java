package dev.sextant.contracts.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.PositionChanged;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void theMainTopicsAreTheOnesOfTheDesign() {
        assertThat(Topics.main()).extracting(TopicSpec::name).containsExactlyInAnyOrder(
                Topics.CANDLES, Topics.MARKET_TRADES, Topics.ORDERBOOK, Topics.FEATURES, Topics.PREDICTIONS,
                Topics.SIGNALS, Topics.ORDERS, Topics.FILLS, Topics.POSITIONS, Topics.SETTLEMENTS, Topics.CONTROL);
        assertThat(List.of(Topics.CANDLES, Topics.FEATURES, Topics.PREDICTIONS, Topics.SIGNALS, Topics.FILLS))
                .containsExactly("candles", "features", "predictions", "signals", "fills");
    }

    @Test
    void everyTopicNameIsUnique() {
        assertThat(Topics.main()).extracting(TopicSpec::name).doesNotHaveDuplicates();
        assertThat(Topics.all()).extracting(TopicSpec::name).doesNotHaveDuplicates();
    }

    @Test
    void everyConsumedTopicHasADlqTwin() {
        Map<String, TopicSpec> all = Topics.all().stream().collect(Collectors.toMap(TopicSpec::name, t -> t));
        List<TopicSpec> consumed = Topics.main().stream().filter(TopicSpec::consumed).toList();
        assertThat(consumed).isNotEmpty();
        for (TopicSpec topic : consumed) {
            assertThat(topic.dlqName()).isEqualTo(topic.name() + ".dlq");
            assertThat(all).containsKey(topic.dlqName());
            TopicSpec dlq = all.get(topic.dlqName());
            assertThat(dlq.consumed()).as("a DLQ is not consumed, so it has no DLQ of its own").isFalse();
            assertThat(dlq.compacted()).isFalse();
            assertThat(dlq.retention()).isNotNull();
        }
        assertThat(Topics.all()).hasSize(Topics.main().size() + consumed.size());
        assertThat(Topics.all()).filteredOn(t -> t.name().endsWith(Topics.DLQ_SUFFIX))
                .allMatch(t -> all.containsKey(t.name().substring(0, t.name().length() - Topics.DLQ_SUFFIX.length())));
    }

    @Test
    void positionsIsCompactedAndKeptAndNoOtherTopicIs() {
        TopicSpec positions = Topics.find(Topics.POSITIONS).orElseThrow();
        assertThat(positions.compacted()).isTrue();
        assertThat(positions.payload()).isEqualTo(PositionChanged.class);
        assertThat(positions.configs()).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1");
        assertThat(Topics.all()).filteredOn(TopicSpec::compacted).extracting(TopicSpec::name).containsExactly(Topics.POSITIONS);
        assertThat(Topics.find(Topics.FILLS).orElseThrow().retention()).as("fills are the books: kept forever").isNull();
    }

    @Test
    void everyMainTopicsPayloadIsAnEventAndDlqsCarryRawPayloads() {
        for (TopicSpec topic : Topics.main()) {
            assertThat(topic.payload()).as(topic.name()).isNotNull();
            assertThat(Event.class.isAssignableFrom(topic.payload())).as(topic.name()).isTrue();
        }
        assertThat(Topics.all()).filteredOn(t -> t.name().endsWith(Topics.DLQ_SUFFIX))
                .allMatch(t -> t.payload() == null);
    }

    @Test
    void noTwoMainTopicsCarryTheSameEvents() {
        List<Class<? extends Event>> payloads = Topics.main().stream().map(TopicSpec::payload).toList();
        for (Class<? extends Event> a : payloads) {
            for (Class<? extends Event> b : payloads) {
                if (a != b) {
                    assertThat(a.isAssignableFrom(b)).as("%s vs %s", a.getSimpleName(), b.getSimpleName()).isFalse();
                }
            }
        }
    }

    @Test
    void controlHasOnePartitionSoCommandsStayOrdered() {
        assertThat(Topics.find(Topics.CONTROL).orElseThrow().partitions()).isEqualTo(1);
    }

    @Test
    void topicSpecRejectsBadNamesAndPartitionCounts() {
        assertThatThrownBy(() -> new TopicSpec("Candles", 1, null, false, true, Event.class, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicSpec("candles_1", 1, null, false, true, Event.class, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicSpec("candles", 0, null, false, true, Event.class, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findKnowsEveryTopicAndNothingElse() {
        for (TopicSpec spec : Topics.all()) {
            assertThat(Topics.find(spec.name())).contains(spec);
        }
        assertThat(Topics.find("candle")).isEmpty();
    }
}
