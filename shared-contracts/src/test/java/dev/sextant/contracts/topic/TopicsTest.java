package dev.sextant.contracts.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.PositionChanged;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsTest {
    /** One line of {@code TopicAdmin --list}: name, partitions, cleanup.policy, retention.ms. */
    private static final Pattern LIST_LINE = Pattern.compile("([a-z0-9][a-z0-9.-]*) ([1-9][0-9]*) (delete|compact) (-1|[1-9][0-9]*)");

    @Test
    void theMainTopicsAreTheOnesOfTheDesign() {
        assertThat(Topics.main()).extracting(TopicSpec::name).containsExactlyInAnyOrder(
                Topics.CANDLES, Topics.MARKET_TRADES, Topics.ORDERBOOK, Topics.FEATURES, Topics.PREDICTIONS,
                Topics.SIGNALS, Topics.ORDERS, Topics.FILLS, Topics.POSITIONS, Topics.CONTROL);
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
    void topicAdminListLinesAreWellFormed() {
        List<TopicSpec> catalog = TopicAdmin.catalog("");
        assertThat(catalog).hasSameSizeAs(Topics.all());
        for (TopicSpec spec : catalog) {
            String line = spec.name() + " " + spec.partitions() + " " + spec.configs().get("cleanup.policy") + " "
                    + spec.configs().get("retention.ms");
            Matcher m = LIST_LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(spec.partitions());
            assertThat(m.group(3)).isEqualTo(spec.compacted() ? "compact" : "delete");
            assertThat(m.group(4)).isEqualTo(spec.retention() == null ? "-1" : Long.toString(spec.retention().toMillis()));
        }
    }

    @Test
    void topicAdminListPrintsTheCatalogWithoutABroker() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            TopicAdmin.main(new String[] {"--list", "--prefix", "it-42-"});
        } finally {
            System.setOut(original);
        }
        List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSameSizeAs(Topics.all()).allMatch(l -> LIST_LINE.matcher(l).matches());
        assertThat(lines).allMatch(l -> l.startsWith("it-42-"));
        Set<String> names = lines.stream().map(l -> l.split(" ")[0]).collect(Collectors.toSet());
        assertThat(names).contains("it-42-candles", "it-42-candles.dlq", "it-42-positions");
        assertThat(lines).contains("it-42-positions 3 compact -1", "it-42-candles 3 delete 2592000000");
    }

    @Test
    void aPrefixAppliesToEveryTopicAndChangesNothingElse() {
        List<TopicSpec> prefixed = TopicAdmin.catalog("run7-");
        for (int i = 0; i < prefixed.size(); i++) {
            TopicSpec plain = Topics.all().get(i);
            TopicSpec spec = prefixed.get(i);
            assertThat(spec.name()).isEqualTo("run7-" + plain.name());
            assertThat(spec.configs()).isEqualTo(plain.configs());
            assertThat(spec.partitions()).isEqualTo(plain.partitions());
        }
        assertThat(TopicAdmin.catalog(null)).isEqualTo(Topics.all());
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
