package dev.sextant.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.topic.TopicSpec;
import dev.sextant.contracts.topic.Topics;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The topic catalog tool: its listing and its prefixes, without a broker. */
class TopicAdminTest {
    /** One line of {@code TopicAdmin --list}: name, partitions, cleanup.policy, retention.ms. */
    private static final Pattern LIST_LINE = Pattern.compile("([a-z0-9][a-z0-9.-]*) ([1-9][0-9]*) (delete|compact) (-1|[1-9][0-9]*)");

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
}
