package dev.sextant.contracts.kafka;

import dev.sextant.contracts.topic.TopicSpec;
import dev.sextant.contracts.topic.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the catalog's topics on a broker (missing ones only; idempotent) and lists them.
 *
 * <pre>
 * java -cp ... dev.sextant.contracts.kafka.TopicAdmin --bootstrap 127.0.0.1:19092 [--prefix P] [--list]
 * </pre>
 * {@code --list} only prints the catalog ({@code name partitions cleanup.policy retention.ms}) without
 * touching a broker; otherwise it ensures the topics exist and prints them as the broker reports them.
 */
public final class TopicAdmin {
    private TopicAdmin() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        String prefix = "";
        boolean listOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--prefix" -> prefix = args[++i];
                case "--list" -> listOnly = true;
                default -> {
                    System.err.println("unknown argument " + args[i]
                            + "; usage: TopicAdmin --bootstrap HOST:PORT [--prefix P] | --list [--prefix P]");
                    System.exit(2);
                }
            }
        }
        List<TopicSpec> specs = catalog(prefix);
        if (listOnly) {
            specs.forEach(s -> System.out.println(line(s.name(), s.partitions(), s.configs())));
            return;
        }
        if (bootstrap == null) {
            System.err.println("--bootstrap HOST:PORT is required (e.g. --bootstrap 127.0.0.1:19092)");
            System.exit(2);
        }
        try (Admin admin = Admin.create(adminProperties(bootstrap))) {
            List<String> created = ensureTopics(admin, specs);
            Map<String, TopicDescription> described = admin
                    .describeTopics(specs.stream().map(TopicSpec::name).toList())
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicSpec spec : specs) {
                TopicDescription d = described.get(spec.name());
                System.out.println(line(spec.name(), d.partitions().size(), spec.configs())
                        + (created.contains(spec.name()) ? " (created)" : ""));
            }
        }
    }

    /** The catalog with an optional name prefix. */
    public static List<TopicSpec> catalog(String prefix) {
        return Topics.all().stream().map(s -> s.withPrefix(prefix)).toList();
    }

    /** Creates whichever of {@code specs} do not exist yet; returns the names it created. */
    public static List<String> ensureTopics(Admin admin, List<TopicSpec> specs)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                missing.add(new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs()));
            }
        }
        List<String> created = new ArrayList<>();
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                entry.getValue().get(30, TimeUnit.SECONDS);
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    public static Properties adminProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return props;
    }

    private static String line(String name, int partitions, Map<String, String> configs) {
        return name + " " + partitions + " " + configs.get("cleanup.policy") + " " + configs.get("retention.ms");
    }
}
