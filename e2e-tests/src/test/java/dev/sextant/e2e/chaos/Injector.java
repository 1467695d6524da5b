package dev.sextant.e2e.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.Json;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.e2e.stack.Service;
import dev.sextant.testing.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds the {@link Malformed} records and publishes them to the run's topics. Every record it sends
 * carries the header {@value #HEADER} (the services ignore it; their dead letters and parked rows keep it),
 * so that the test's own taps set it aside instead of decoding it ({@link #isInjected}); its topic,
 * partition and offset identify it in the dead-letter topics and the parked tables.
 */
public final class Injector implements AutoCloseable {
    /** Header marking a record the chaos test injected; its value is the injection's sequence number. */
    public static final String HEADER = "sextant-chaos-injected";
    private static final ObjectMapper MAPPER = Json.mapper();

    /** The services that consume each catalog topic (their {@code @Incoming} channels). */
    public static final Map<String, Set<Service>> CONSUMERS = Map.of(
            Topics.CANDLES, Set.of(Service.FEATURE, Service.PREDICTION, Service.EXECUTION, Service.GATEWAY),
            Topics.FEATURES, Set.of(Service.PREDICTION, Service.RISK),
            Topics.PREDICTIONS, Set.of(Service.RISK, Service.GATEWAY),
            Topics.SIGNALS, Set.of(Service.EXECUTION),
            Topics.ORDERS, Set.of(Service.RISK),
            Topics.FILLS, Set.of(Service.RISK, Service.GATEWAY),
            Topics.POSITIONS, Set.of(Service.RISK, Service.GATEWAY),
            Topics.SETTLEMENTS, Set.of(Service.RISK),
            Topics.CONTROL, Set.of(Service.GATEWAY, Service.EXECUTION, Service.RISK));

    /** Topics a non-JSON payload is drawn from. */
    private static final List<String> ANY_TOPIC = List.of(Topics.CANDLES, Topics.FEATURES, Topics.PREDICTIONS,
            Topics.SIGNALS, Topics.ORDERS, Topics.FILLS, Topics.POSITIONS, Topics.SETTLEMENTS, Topics.CONTROL);
    private static final BigDecimal HUGE = new BigDecimal("1E+400");

    /** One injected record: what, where (the run's topic, partition, offset), when (trial), its key and value. */
    public record Injection(int seq, int trial, Malformed kind, String catalogTopic, String topic, int partition,
                            long offset, String key, String value) {
        public String where() {
            return topic + "/" + partition + "@" + offset;
        }

        public String describe() {
            return "#" + seq + " " + kind + " (" + kind.description() + ", trial " + trial + ") at " + where();
        }
    }

    private final TestInfra infra;
    private final KafkaProducer<String, String> producer;
    private final List<Injection> injections = new CopyOnWriteArrayList<>();
    private int seq;

    public Injector(TestInfra infra) {
        this.infra = infra;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Whether a record was injected by a chaos test (it carries {@link #HEADER}). */
    public static boolean isInjected(ConsumerRecord<String, String> record) {
        return record.headers().lastHeader(HEADER) != null;
    }

    public List<Injection> injections() {
        return List.copyOf(injections);
    }

    /**
     * Builds {@code kind} (not {@link Malformed#REPLAYED_CONTROL_COMMAND}: see {@link #replay}) from a
     * replayed candle ({@code template} and the exact JSON it was published as) and publishes it. Forged fills and
     * positions are dated at the template's open: give one the pipeline has decided on (see {@link Malformed#forged()}).
     */
    public Injection inject(int trial, Malformed kind, CandleClosed template, String templateJson, Random random) {
        int n = ++seq;
        String symbol = template.symbol().value();
        String topic = kind.topic() != null ? kind.topic() : ANY_TOPIC.get(random.nextInt(ANY_TOPIC.size()));
        String value = switch (kind) {
            case CANDLE_OPEN_TIME_YEAR_1000000000 -> candle(templateJson, n, Instant.parse("+1000000000-01-01T00:00:00Z"), null);
            case CANDLE_DATED_9999_12_31 -> candle(templateJson, n, Instant.parse("9999-12-31T00:00:00Z"), null);
            case CANDLE_NEGATIVE_PRICES -> candle(templateJson, n, null, c -> prices(c, template, BigDecimal.valueOf(-1)));
            case CANDLE_ZERO_PRICES -> candle(templateJson, n, null, c -> prices(c, template, BigDecimal.ZERO));
            case CANDLE_1E400_PRICES -> candle(templateJson, n, null, c -> {
                for (String f : List.of("open", "high", "low", "close")) {
                    c.set(f, DecimalNode.valueOf(HUGE));
                }
            });
            case CANDLE_HIGH_BELOW_LOW -> candle(templateJson, n, null, c -> {
                c.set("high", DecimalNode.valueOf(template.low().divide(BigDecimal.TWO, RoundingMode.HALF_EVEN)));
                c.set("low", DecimalNode.valueOf(template.high()));
            });
            case CANDLE_1E400_VOLUME -> candle(templateJson, n, null, c -> {
                c.set("volume", DecimalNode.valueOf(HUGE));
                c.set("quoteVolume", DecimalNode.valueOf(HUGE));
            });
            case CANDLE_JSON_WITH_TRAILING_GARBAGE -> templateJson + "}garbage{\"x\":";
            case NON_JSON_PAYLOAD -> "\u0000\u0007 this is not JSON: sextant chaos #" + n + " \uFFFF";
            case FORGED_ENTRY_FILL -> EventCodec.encode(forgedFill(n, template, OrderPurpose.ENTRY, Side.BUY, null));
            case FORGED_EXIT_FILL -> EventCodec.encode(forgedFill(n, template, OrderPurpose.CLOSE, Side.SELL,
                    new BigDecimal("1000000")));
            case FORGED_POSITION -> EventCodec.encode(forgedPosition(n, template));
            case FILL_1E400_QUANTITY -> mutate(EventCodec.encode(forgedFill(n, template, OrderPurpose.ENTRY, Side.BUY, null)),
                    f -> f.set("quantity", DecimalNode.valueOf(HUGE)));
            case FILL_ZERO_PRICE -> mutate(EventCodec.encode(forgedFill(n, template, OrderPurpose.ENTRY, Side.BUY, null)),
                    f -> f.set("price", DecimalNode.valueOf(BigDecimal.ZERO)));
            case REPLAYED_CONTROL_COMMAND -> throw new IllegalArgumentException("a replayed command is sent by replay()");
        };
        return send(n, trial, kind, topic, Topics.CONTROL.equals(topic) ? "*" : symbol, value);
    }

    /** Publishes {@code record} (a control command already applied) again: same key, same value, same event id. */
    public Injection replay(int trial, String catalogTopic, String key, String value) {
        return send(++seq, trial, Malformed.REPLAYED_CONTROL_COMMAND, catalogTopic, key, value);
    }

    private Injection send(int n, int trial, Malformed kind, String catalogTopic, String key, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER, Integer.toString(n).getBytes(StandardCharsets.UTF_8));
        String topic = infra.topic(catalogTopic);
        try {
            RecordMetadata meta = producer.send(new ProducerRecord<>(topic, null, key, value, headers))
                    .get(60, TimeUnit.SECONDS);
            Injection injection = new Injection(n, trial, kind, catalogTopic, topic, meta.partition(), meta.offset(), key, value);
            injections.add(injection);
            return injection;
        } catch (Exception e) {
            throw new IllegalStateException("cannot inject " + kind + " into " + topic, e);
        }
    }

    private interface Edit {
        void apply(ObjectNode node);
    }

    /** The template candle re-dated to {@code openTime} (if given) and edited, under a fresh id. */
    private static String candle(String templateJson, int n, Instant openTime, Edit edit) {
        return mutate(templateJson, c -> {
            c.put("eventId", chaosId("candle", n).value());
            c.put("tsInit", Instant.now().toString());
            if (openTime != null) {
                Instant close = openTime.plusSeconds(3600);
                c.put("openTime", openTime.toString());
                c.put("closeTime", close.toString());
                c.put("tsEvent", close.toString());
            }
            if (edit != null) {
                edit.apply(c);
            }
        });
    }

    private static void prices(ObjectNode c, CandleClosed t, BigDecimal factor) {
        c.set("open", DecimalNode.valueOf(t.open().multiply(factor)));
        c.set("high", DecimalNode.valueOf(t.high().multiply(factor).max(t.low().multiply(factor))));
        c.set("low", DecimalNode.valueOf(t.high().multiply(factor).min(t.low().multiply(factor))));
        c.set("close", DecimalNode.valueOf(t.close().multiply(factor)));
    }

    private static String mutate(String json, Edit edit) {
        try {
            ObjectNode node = (ObjectNode) MAPPER.readTree(json);
            edit.apply(node);
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EventId chaosId(String kind, int n) {
        return Ids.derive("chaos-forged-" + kind, n, System.nanoTime());
    }

    /**
     * A fill of a position no order of execution-service ever opened, valid in every field but its provenance, dated
     * at the open of {@code market} (as execution's fills are: at a candle's open).
     */
    private static FillExecuted forgedFill(int n, CandleClosed market, OrderPurpose purpose, Side side, BigDecimal pnl) {
        String positionId = "sx-chaos-forged-" + n;
        Instant at = market.openTime();
        BigDecimal price = market.close();
        BigDecimal quantity = new BigDecimal("0.5");
        return new FillExecuted(chaosId("fill", n), at, Instant.now(), chaosId("order", n), FillExecuted.SCHEMA_VERSION,
                ClientOrderId.of(positionId), positionId, market.symbol(), "paper", purpose, side, price, quantity,
                price.multiply(quantity).multiply(new BigDecimal("0.001")).setScale(8, RoundingMode.HALF_EVEN), "USDT",
                Liquidity.TAKER, pnl);
    }

    /** An open position no fill of execution-service ever made, dated at the open of {@code market}. */
    private static PositionChanged forgedPosition(int n, CandleClosed market) {
        String positionId = "sx-chaos-forged-" + n;
        return new PositionChanged(chaosId("position", n), market.openTime(), Instant.now(), chaosId("fill", n),
                PositionChanged.SCHEMA_VERSION, market.symbol(), positionId, PositionSide.LONG, new BigDecimal("2"),
                market.close(), market.close().multiply(new BigDecimal("0.95")).setScale(2, RoundingMode.HALF_EVEN),
                market.close().multiply(new BigDecimal("1.05")).setScale(2, RoundingMode.HALF_EVEN), BigDecimal.ZERO,
                BigDecimal.ONE, market.openTime(), null);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
