package dev.sextant.replay;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code replay dump}: records of one or more topics, filtered by event time (or record time), offsets, symbol and
 * type, as JSON lines or CSV with their coordinates and headers. A value that is not one JSON object (a malformed
 * record, e.g. on a {@code .dlq} topic) is written as a string in {@code raw}, so nothing is dropped from a dump.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Write records of topics as JSON lines or CSV (with partition, offset, timestamp, key, headers).")
public final class DumpCommand implements Callable<Integer> {

    enum Format { jsonl, csv }

    enum TimeBasis { event, record }

    @Mixin KafkaOptions kafka;

    @Spec CommandSpec spec;

    @Option(names = {"-t", "--topic"}, required = true, split = ",", paramLabel = "TOPIC",
            description = "Topics by catalog name (candles, signals, fills.dlq, ...); the --prefix is added.")
    List<String> topics;

    @Option(names = "--from", converter = Times.class, paramLabel = "TIME", description = "Only records at or after TIME.")
    Instant from;

    @Option(names = "--to", converter = Times.class, paramLabel = "TIME", description = "Only records before TIME.")
    Instant to;

    @Option(names = "--time", defaultValue = "event", paramLabel = "event|record",
            description = "What --from/--to compare: the event's own tsEvent (default; a record without one is skipped) "
                    + "or the broker's record timestamp (seeks directly, faster on long topics).")
    TimeBasis time;

    @Option(names = "--from-offset", split = ",", paramLabel = "[P:]OFFSET",
            description = "Start offset, for every partition or for partition P (e.g. 0:120,1:98).")
    List<String> fromOffsets = List.of();

    @Option(names = "--to-offset", split = ",", paramLabel = "[P:]OFFSET",
            description = "End offset (exclusive), for every partition or for partition P.")
    List<String> toOffsets = List.of();

    @Option(names = {"-s", "--symbol"}, split = ",", paramLabel = "SYMBOL", description = "Only records keyed by SYMBOL.")
    Set<String> symbols = Set.of();

    @Option(names = "--type", split = ",", paramLabel = "TYPE", description = "Only events of TYPE (e.g. RiskDecisionMade).")
    Set<String> types = Set.of();

    @Option(names = {"-f", "--format"}, defaultValue = "jsonl", paramLabel = "jsonl|csv", description = "Output format (${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path out;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N records written.")
    Long limit;

    private long written;

    @Override
    public Integer call() throws IOException {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " is not before --to " + to);
        }
        long started = System.nanoTime();
        long read = 0;
        OutputStream sink = out == null ? System.out : Files.newOutputStream(out);
        try (OutputStream os = new BufferedOutputStream(sink, 1 << 16);
                TopicScan scan = new TopicScan(kafka.clientProperties("sextant-replay-dump"))) {
            if (format == Format.csv) {
                os.write("topic,partition,offset,timestamp,key,type,eventId,tsEvent,causationId,headers,value\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
            for (String name : topics) {
                String topic = kafka.topic(name.trim());
                List<TopicScan.Range> ranges = ranges(scan, topic);
                read += scan.read(ranges, rec -> {
                    write(os, rec);
                    return limit == null || written < limit;
                });
                if (limit != null && written >= limit) {
                    break;
                }
            }
            os.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (out != null) {
                sink.close();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        spec.commandLine().getErr().printf("dumped %d of %d records read from %s in %.2f s (%.0f records/s read)%n",
                written, read, topics, seconds, read / Math.max(seconds, 1e-9));
        return 0;
    }

    private List<TopicScan.Range> ranges(TopicScan scan, String topic) {
        List<TopicPartition> partitions = scan.partitions(topic);
        Map<TopicPartition, Long> begin = scan.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = scan.endOffsets(partitions);
        Map<TopicPartition, Long> start = new HashMap<>(begin);
        Map<TopicPartition, Long> stop = new HashMap<>(end);
        if (time == TimeBasis.record) {
            if (from != null) {
                start.putAll(scan.offsetsAt(partitions, from));
            }
            if (to != null) {
                stop.putAll(scan.offsetsAt(partitions, to));
            }
        }
        apply(fromOffsets, partitions, start, true);
        apply(toOffsets, partitions, stop, false);
        List<TopicScan.Range> ranges = new ArrayList<>();
        for (TopicPartition p : partitions) {
            long a = Math.max(start.get(p), begin.get(p));
            long b = Math.min(stop.get(p), end.get(p));
            ranges.add(new TopicScan.Range(p, a, b));
        }
        return ranges;
    }

    private static void apply(List<String> specs, List<TopicPartition> partitions, Map<TopicPartition, Long> into,
            boolean isStart) {
        for (String s : specs) {
            String[] parts = s.trim().split(":");
            try {
                if (parts.length == 1) {
                    long o = Long.parseLong(parts[0]);
                    partitions.forEach(p -> into.put(p, isStart ? Math.max(into.get(p), o) : Math.min(into.get(p), o)));
                } else if (parts.length == 2) {
                    int partition = Integer.parseInt(parts[0]);
                    TopicPartition p = partitions.stream().filter(tp -> tp.partition() == partition).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "partition " + partition + " does not exist in " + partitions.getFirst().topic()));
                    into.put(p, Long.parseLong(parts[1]));
                } else {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not an offset: write OFFSET or PARTITION:OFFSET");
            }
        }
    }

    private void write(OutputStream os, ConsumerRecord<byte[], byte[]> rec) {
        String key = rec.key() == null ? null : new String(rec.key(), StandardCharsets.UTF_8);
        if (!symbols.isEmpty() && (key == null || !symbols.contains(key))) {
            return;
        }
        // Always read: the JSON-lines form needs to know whether the value is one JSON object to embed it as is.
        EventHead head = EventHead.read(rec.value());
        if (!types.isEmpty() && (head.type() == null || !types.contains(head.type()))) {
            return;
        }
        if (time == TimeBasis.event && (from != null || to != null)) {
            Instant ts = head.tsEvent();
            if (ts == null || (from != null && ts.isBefore(from)) || (to != null && !ts.isBefore(to))) {
                return;
            }
        }
        try {
            if (format == Format.jsonl) {
                writeJsonLine(os, rec, key, head);
            } else {
                writeCsvLine(os, rec, key, head);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written++;
    }

    /** JSON-quoted topics and keys: few distinct values, written once per record. */
    private final Map<String, String> quoted = new HashMap<>();
    private final StringBuilder line = new StringBuilder(256);

    private void writeJsonLine(OutputStream os, ConsumerRecord<byte[], byte[]> rec, String key, EventHead head)
            throws IOException {
        StringBuilder b = line;
        b.setLength(0);
        b.append("{\"topic\":").append(quoted.computeIfAbsent(rec.topic(), DumpCommand::quote))
                .append(",\"partition\":").append(rec.partition())
                .append(",\"offset\":").append(rec.offset())
                .append(",\"timestamp\":\"").append(Instant.ofEpochMilli(rec.timestamp())).append('"')
                .append(",\"key\":").append(key == null ? "null" : quoted.computeIfAbsent(key, DumpCommand::quote))
                .append(",\"headers\":");
        headersJson(b, rec);
        if (head.valid()) {
            b.append(",\"event\":");
            os.write(b.toString().getBytes(StandardCharsets.UTF_8));
            os.write(rec.value());
            os.write('}');
        } else {
            b.append(",\"raw\":").append(rec.value() == null ? "null"
                    : quote(new String(rec.value(), StandardCharsets.UTF_8))).append('}');
            os.write(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        os.write('\n');
    }

    private static void writeCsvLine(OutputStream os, ConsumerRecord<byte[], byte[]> rec, String key, EventHead head)
            throws IOException {
        String value = rec.value() == null ? "" : new String(rec.value(), StandardCharsets.UTF_8);
        String line = String.join(",", csv(rec.topic()), String.valueOf(rec.partition()), String.valueOf(rec.offset()),
                Instant.ofEpochMilli(rec.timestamp()).toString(), csv(key), csv(head.type()), csv(head.eventId()),
                head.tsEvent() == null ? "" : head.tsEvent().toString(), csv(head.causationId()),
                csv(headersJson(rec)), csv(value)) + "\n";
        os.write(line.getBytes(StandardCharsets.UTF_8));
    }

    static String headersJson(ConsumerRecord<byte[], byte[]> rec) {
        StringBuilder b = new StringBuilder();
        headersJson(b, rec);
        return b.toString();
    }

    static void headersJson(StringBuilder b, ConsumerRecord<byte[], byte[]> rec) {
        b.append('{');
        boolean first = true;
        for (Header h : rec.headers()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append(quote(h.key())).append(':')
                    .append(h.value() == null ? "null" : quote(new String(h.value(), StandardCharsets.UTF_8)));
        }
        b.append('}');
    }

    static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    static String csv(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
