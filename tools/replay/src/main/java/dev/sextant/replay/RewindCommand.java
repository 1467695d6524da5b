package dev.sextant.replay;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code replay rewind}: moves one consumer group's committed offsets back to the first record at or after a time
 * (the broker's record timestamp), so that the stopped service reads those records again when it starts. Refuses
 * while the group has members (the service must be stopped) and never moves an offset forward. Shows the plan and
 * asks for confirmation; {@code --dry-run} only shows it.
 */
@Command(name = "rewind", mixinStandardHelpOptions = true,
        description = "Reset a stopped service's consumer group to a time (dry run and confirmation).")
public final class RewindCommand implements Callable<Integer> {

    /** Where the confirmation is read from (standard input; tests replace it). */
    static java.io.InputStream input = System.in;

    @Mixin KafkaOptions kafka;

    @Spec CommandSpec spec;

    @Option(names = {"-g", "--group"}, required = true, paramLabel = "GROUP",
            description = "The consumer group (a service's kafka.group.id, e.g. risk-service).")
    String group;

    @Option(names = "--to", required = true, converter = Times.class, paramLabel = "TIME",
            description = "Rewind to the first record whose broker timestamp is at or after TIME.")
    Instant to;

    @Option(names = {"-t", "--topic"}, split = ",", paramLabel = "TOPIC",
            description = "Only these topics (catalog names; the --prefix is added). Default: every topic the group has offsets on.")
    List<String> topics = List.of();

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Apply without asking.")
    boolean yes;

    /** One partition's move. */
    record Move(TopicPartition partition, long current, long target) {
        long reread() {
            return current - target;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(kafka.clientProperties("sextant-replay-rewind"));
                TopicScan scan = new TopicScan(kafka.clientProperties("sextant-replay-rewind-scan"))) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(30, TimeUnit.SECONDS);
            if (!description.members().isEmpty()) {
                throw new IllegalStateException("consumer group " + group + " has " + description.members().size()
                        + " active member(s): stop the service first (e.g. ./sextant down " + group + ")");
            }
            if (description.groupState() != GroupState.EMPTY && description.groupState() != GroupState.DEAD) {
                throw new IllegalStateException("consumer group " + group + " is " + description.groupState()
                        + ": stop the service first and wait until the group is empty");
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            if (committed.isEmpty()) {
                throw new IllegalStateException("consumer group " + group + " has no committed offsets: nothing to rewind");
            }
            List<String> wanted = topics.stream().map(t -> kafka.topic(t.trim())).toList();
            Map<TopicPartition, Long> current = new TreeMap<>((a, b) -> a.topic().equals(b.topic())
                    ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
            committed.forEach((p, o) -> {
                if (o != null && (wanted.isEmpty() || wanted.contains(p.topic()))) {
                    current.put(p, o.offset());
                }
            });
            for (String t : wanted) {
                if (current.keySet().stream().noneMatch(p -> p.topic().equals(t))) {
                    throw new IllegalArgumentException("consumer group " + group + " has no offsets on topic " + t);
                }
            }
            List<Move> moves = plan(scan, current);
            print(out, moves);
            long total = moves.stream().mapToLong(Move::reread).sum();
            if (total == 0) {
                out.println("nothing to do: every offset is already at or before " + to);
                return 0;
            }
            if (dryRun) {
                out.println("dry run: nothing changed");
                return 0;
            }
            if (!yes && !confirmed(out)) {
                out.println("not confirmed: nothing changed");
                return 1;
            }
            Map<TopicPartition, OffsetAndMetadata> target = new HashMap<>();
            for (Move m : moves) {
                if (m.reread() > 0) {
                    target.put(m.partition(), new OffsetAndMetadata(m.target(), "rewound by sextant replay to " + to));
                }
            }
            admin.alterConsumerGroupOffsets(group, target).all().get(30, TimeUnit.SECONDS);
            out.printf("rewound %s on %d partition(s): %d record(s) will be read again%n", group, target.size(), total);
            return 0;
        }
    }

    private List<Move> plan(TopicScan scan, Map<TopicPartition, Long> current) {
        Map<String, List<TopicPartition>> byTopic = new TreeMap<>();
        current.keySet().forEach(p -> byTopic.computeIfAbsent(p.topic(), k -> new ArrayList<>()).add(p));
        List<Move> moves = new ArrayList<>();
        for (Collection<TopicPartition> partitions : byTopic.values()) {
            List<TopicPartition> list = List.copyOf(partitions);
            Map<TopicPartition, Long> at = scan.offsetsAt(list, to);
            Map<TopicPartition, Long> begin = scan.beginningOffsets(list);
            for (TopicPartition p : list) {
                long cur = current.get(p);
                long target = Math.max(begin.get(p), Math.min(cur, at.get(p)));
                moves.add(new Move(p, cur, target));
            }
        }
        return moves;
    }

    private void print(PrintWriter out, List<Move> moves) {
        out.printf("consumer group %s, rewind to %s (record time)%n", group, to);
        out.printf("%-32s %9s %12s %12s %10s%n", "topic", "partition", "committed", "new", "re-read");
        for (Move m : moves) {
            out.printf("%-32s %9d %12d %12d %10d%n", m.partition().topic(), m.partition().partition(), m.current(),
                    m.target(), m.reread());
        }
        out.flush();
    }

    private boolean confirmed(PrintWriter out) throws Exception {
        out.print("type 'rewind' to apply: ");
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line != null && line.trim().equals("rewind");
    }
}
