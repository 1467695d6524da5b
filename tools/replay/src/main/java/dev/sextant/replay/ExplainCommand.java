package dev.sextant.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.contracts.topic.TopicSpec;
import dev.sextant.contracts.topic.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code replay explain}: the causal chain of one event, from the events stored on the topics. Every event names the
 * event it was derived from ({@code causationId}); the chain is the target's ancestors (a decision's prediction, its
 * features, its candle) followed by everything derived from the target (a decision's orders, their fills, the
 * exits and positions that follow from those fills), in causal order (event time, then publication order), each
 * with its fields.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Print the causal chain of an event (candle → features → prediction → decision → orders → fills).")
public final class ExplainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COMMON = Set.of("type", "eventId", "tsEvent", "tsInit", "causationId", "schemaVersion");

    @Mixin KafkaOptions kafka;

    @Spec CommandSpec spec;

    @Option(names = "--id", required = true, paramLabel = "EVENT_ID", description = "The event (decision, order, fill, ...) to explain.")
    String id;

    @Option(names = "--from", converter = Times.class, paramLabel = "TIME",
            description = "Only index events whose tsEvent is at or after TIME (shorter scans of long topics).")
    Instant from;

    @Option(names = "--to", converter = Times.class, paramLabel = "TIME", description = "Only index events before TIME.")
    Instant to;

    @Option(names = "--json", description = "Print the chain as a JSON array of the stored events (with their coordinates).")
    boolean json;

    /** Where an event is stored, and what it derives from. */
    record Node(String eventId, String type, Instant tsEvent, String causationId, TopicPartition partition, long offset,
            long recordTime) {}

    /** One event of the chain: its stored record and its depth below the root. */
    public record Link(Node node, JsonNode event, int depth, boolean target) {}

    @Override
    public Integer call() throws IOException {
        List<Link> chain;
        try (TopicScan scan = new TopicScan(kafka.clientProperties("sextant-replay-explain"))) {
            chain = explain(scan, catalogTopics());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode array = JSON.createArrayNode();
            for (Link l : chain) {
                ObjectNode o = array.addObject();
                o.put("topic", l.node().partition().topic());
                o.put("partition", l.node().partition().partition());
                o.put("offset", l.node().offset());
                o.put("depth", l.depth());
                o.put("target", l.target());
                o.set("event", l.event());
            }
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } else {
            for (Link l : chain) {
                out.print(render(l));
            }
        }
        out.flush();
        return 0;
    }

    private List<String> catalogTopics() {
        List<String> names = new ArrayList<>();
        for (TopicSpec s : Topics.main()) {
            names.add(kafka.topic(s.name()));
        }
        return names;
    }

    /** Indexes the topics and returns the chain of {@link #id}; fails with a sentence when the event is not stored. */
    List<Link> explain(TopicScan scan, List<String> topics) {
        Map<String, Node> byId = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        for (String topic : topics) {
            List<TopicPartition> partitions;
            try {
                partitions = scan.partitions(topic);
            } catch (IllegalArgumentException e) {
                continue; // a topic this deployment does not have (yet)
            }
            Map<TopicPartition, Long> begin = scan.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = scan.endOffsets(partitions);
            List<TopicScan.Range> ranges = partitions.stream()
                    .map(p -> new TopicScan.Range(p, begin.get(p), end.get(p))).toList();
            scan.read(ranges, rec -> {
                index(rec, byId, children);
                return true;
            });
        }
        Node target = byId.get(id);
        if (target == null) {
            throw new IllegalArgumentException("no event " + id + " is stored on " + topics
                    + (from != null || to != null ? " between " + from + " and " + to : "")
                    + " (expired by the topic's retention, or a wrong id)");
        }
        // Ancestors, root first.
        List<Node> up = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node n = target; n != null && seen.add(n.eventId()); n = n.causationId() == null ? null : byId.get(n.causationId())) {
            up.addFirst(n);
        }
        List<Link> chain = new ArrayList<>();
        for (int i = 0; i < up.size(); i++) {
            chain.add(link(scan, up.get(i), i, up.get(i) == target));
        }
        // Descendants of the target, depth first in causal (event-time, then offset) order.
        Deque<Map.Entry<Node, Integer>> stack = new ArrayDeque<>();
        pushChildren(stack, target, up.size(), byId, children, seen);
        while (!stack.isEmpty()) {
            Map.Entry<Node, Integer> e = stack.pop();
            chain.add(link(scan, e.getKey(), e.getValue(), false));
            pushChildren(stack, e.getKey(), e.getValue() + 1, byId, children, seen);
        }
        return chain;
    }

    private void index(ConsumerRecord<byte[], byte[]> rec, Map<String, Node> byId, Map<String, List<String>> children) {
        EventHead head = EventHead.read(rec.value());
        if (!head.valid() || head.eventId() == null) {
            return;
        }
        if (head.tsEvent() != null && ((from != null && head.tsEvent().isBefore(from)) || (to != null && !head.tsEvent().isBefore(to)))) {
            return;
        }
        Node node = new Node(head.eventId(), head.type(), head.tsEvent(), head.causationId(),
                new TopicPartition(rec.topic(), rec.partition()), rec.offset(), rec.timestamp());
        if (byId.putIfAbsent(head.eventId(), node) == null && head.causationId() != null) {
            children.computeIfAbsent(head.causationId(), k -> new ArrayList<>()).add(head.eventId());
        }
    }

    private static void pushChildren(Deque<Map.Entry<Node, Integer>> stack, Node parent, int depth, Map<String, Node> byId,
            Map<String, List<String>> children, Set<String> seen) {
        List<Node> kids = new ArrayList<>();
        for (String k : children.getOrDefault(parent.eventId(), List.of())) {
            Node n = byId.get(k);
            if (n != null && seen.add(k)) {
                kids.add(n);
            }
        }
        // Event time first; events of the same instant in the order they were published.
        kids.sort(Comparator.comparing((Node n) -> n.tsEvent() == null ? Instant.MAX : n.tsEvent())
                .thenComparingLong(Node::recordTime).thenComparing(n -> n.partition().topic())
                .thenComparingLong(Node::offset));
        for (int i = kids.size() - 1; i >= 0; i--) {
            stack.push(Map.entry(kids.get(i), depth));
        }
    }

    private static Link link(TopicScan scan, Node node, int depth, boolean target) {
        ConsumerRecord<byte[], byte[]> rec = scan.fetch(node.partition(), node.offset());
        JsonNode event;
        try {
            event = rec == null ? JSON.createObjectNode().put("missing", "record no longer on the broker")
                    : JSON.readTree(rec.value());
        } catch (IOException e) {
            event = JSON.createObjectNode().put("unreadable", e.getMessage());
        }
        return new Link(node, event, depth, target);
    }

    /** The text form: one header line per event, then its own fields (lists one element per line). */
    static String render(Link l) {
        String indent = "  ".repeat(l.depth());
        Node n = l.node();
        StringBuilder b = new StringBuilder();
        b.append(indent).append(l.target() ? "▶ " : "- ").append(n.type()).append(' ').append(n.eventId())
                .append("  ").append(n.tsEvent()).append("  ").append(n.partition().topic()).append('/')
                .append(n.partition().partition()).append('@').append(n.offset()).append('\n');
        l.event().fields().forEachRemaining(f -> {
            if (COMMON.contains(f.getKey())) {
                return;
            }
            JsonNode v = f.getValue();
            if (v.isArray() && v.size() > 0 && v.get(0).isObject()) {
                b.append(indent).append("    ").append(f.getKey()).append(":\n");
                v.forEach(e -> b.append(indent).append("      ").append(e).append('\n'));
            } else {
                b.append(indent).append("    ").append(f.getKey()).append(": ")
                        .append(v.isTextual() ? v.asText() : v.toString()).append('\n');
            }
        });
        return b.toString();
    }
}
