package dev.sextant.bench.codec;

import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.json.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Average time of one {@link EventCodec} call per event type, on the paths the services take: Kafka's
 * serializer ({@code encodeBytes}) and deserializer ({@code decode(byte[], T)}), the consumers that read a
 * record's String ({@code decode(String, T)}) and the stores that write JSON text ({@code encode}).
 *
 * <p>Events: the DESIGN.md worked example of {@link TestEvents} (a BTCUSDT 1h candle, an approved decision
 * with its five checks) and a warm feature vector of eight full-precision doubles, as feature-service
 * computes them (the fixture's rounded values would flatter the double formatting).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
public class CodecBenchmark {

    @Param({"CandleClosed", "FeaturesComputed", "RiskDecisionMade"})
    public String type;

    private Event event;
    private Class<? extends Event> eventClass;
    private String json;
    private byte[] bytes;

    @Setup(Level.Trial)
    public void setUp() {
        event = switch (type) {
            case "CandleClosed" -> TestEvents.candle();
            case "FeaturesComputed" -> computedFeatures();
            case "RiskDecisionMade" -> TestEvents.riskDecisionApproved();
            default -> throw new IllegalArgumentException("unknown event type " + type);
        };
        eventClass = event.getClass();
        json = EventCodec.encode(event);
        bytes = json.getBytes(StandardCharsets.UTF_8);
        if (!EventCodec.decode(bytes, eventClass).equals(event)) {
            throw new IllegalStateException("the codec does not round-trip " + type + ": " + json);
        }
    }

    /** A warm vector as the engine computes it: every value a full double, not a rounded literal. */
    static FeaturesComputed computedFeatures() {
        FeaturesComputed fixture = TestEvents.features();
        List<Double> values = List.of(0.004902163245837561, 0.011210378212985347, 58.31274036281921,
                890.0271463519744, 1.3156351128653035, 1.0041837160931467, 0.8427381047736213, 0.0015237710449867082);
        return new FeaturesComputed(Ids.derivedFrom("features", fixture.causationId()), fixture.tsEvent(),
                fixture.tsInit(), fixture.causationId(), FeaturesComputed.SCHEMA_VERSION, fixture.symbol(),
                fixture.interval(), fixture.candleOpenTime(), fixture.featureSetVersion(), fixture.names(), values, true);
    }

    @Benchmark
    public String encode() {
        return EventCodec.encode(event);
    }

    @Benchmark
    public byte[] encodeBytes() {
        return EventCodec.encodeBytes(event);
    }

    @Benchmark
    public Event decodeString() {
        return EventCodec.decode(json, eventClass);
    }

    @Benchmark
    public Event decodeBytes() {
        return EventCodec.decode(bytes, eventClass);
    }
}
