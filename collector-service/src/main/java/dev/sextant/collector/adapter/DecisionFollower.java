package dev.sextant.collector.adapter;

import dev.sextant.collector.domain.ReplayLead;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads risk-service's decisions ({@code signals}) for the replay's flow control ({@link ReplayLead}): the latest
 * decided candle per symbol. A plain consumer without a group: it commits nothing and, on start, reads the last
 * {@value #TAIL} records of each partition (the latest decision of every symbol in it) and then follows the topic.
 * A record it cannot read as a decision is skipped (risk's own consumers deal with bad records; here it only means
 * one decision less to follow). The broker being down only delays the decisions: the consumer reconnects by itself.
 */
@ApplicationScoped
public class DecisionFollower {
    private static final Logger LOG = Logger.getLogger(DecisionFollower.class);
    static final int TAIL = 2_000;

    private final String bootstrap;
    private final String topic;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    public DecisionFollower(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                            @ConfigProperty(name = "sextant.topic-prefix") Optional<String> topicPrefix) {
        this.bootstrap = bootstrap;
        this.topic = topicPrefix.orElse("") + Topics.SIGNALS;
    }

    /** Starts following the decisions into {@code lead} (once; later calls change nothing). */
    public synchronized void follow(ReplayLead lead) {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(() -> run(lead), "collector-decisions");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ReplayLead lead) {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, "collector-decisions",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"))) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = awaitPartitions(c);
            c.assign(partitions);
            c.seekToEnd(partitions);
            Map<TopicPartition, Long> beginning = c.beginningOffsets(partitions);
            for (TopicPartition tp : partitions) {
                c.seek(tp, Math.max(beginning.get(tp), c.position(tp) - TAIL));
            }
            LOG.infof("replay flow control: following risk-service's decisions on %s (%d partitions), at most %d candles"
                    + " ahead per symbol", topic, partitions.size(), lead.maxLead());
            while (running) {
                for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(200))) {
                    try {
                        RiskDecisionMade d = EventCodec.decode(record.value(), RiskDecisionMade.class);
                        lead.decided(d.symbol(), d.candleOpenTime());
                    } catch (RuntimeException e) {
                        LOG.debugf("skipping %s-%d@%d, not a decision: %s", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            LOG.debug("decision follower stopped");
        } catch (RuntimeException e) {
            LOG.errorf(e, "replay flow control stopped following %s: %s; the replay waits once it is %d candles ahead",
                    topic, e.getMessage(), lead.maxLead());
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, String> c) throws InterruptedException {
        while (running) {
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) { // the broker is not reachable yet
                LOG.debugf("no metadata for %s yet: %s", topic, e.getMessage());
                infos = null;
            }
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = new ArrayList<>();
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                return partitions;
            }
            Thread.sleep(1_000); // the topic or the broker is not there yet
        }
        throw new InterruptedException("stopped");
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
