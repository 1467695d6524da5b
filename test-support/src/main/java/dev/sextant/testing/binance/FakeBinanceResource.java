package dev.sextant.testing.binance;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Instant;
import java.util.Map;

/**
 * Starts a {@link FakeBinance} before a {@code @QuarkusTest}'s application and points the collector at it
 * ({@code sextant.collector.binance.rest-url}). Init args: {@code time} (the exchange's time at the start, ISO-8601,
 * default 2024-01-02T00:00:30Z) and {@code serve} ({@code SYMBOL/interval} pairs, comma-separated, default
 * {@code BTCUSDT/1h,ETHUSDT/1h}) and {@code faults} (queued before the application starts, so they hit its start-up:
 * {@code <path>=<fault>} pairs separated by {@code ;}, e.g. {@code /api/v3/klines=none;/api/v3/klines=reset}, faults
 * as {@link FakeBinance.Fault#parse}). Inject it with {@code @InjectFakeBinance FakeBinance fake}.
 */
public class FakeBinanceResource implements QuarkusTestResourceLifecycleManager {
    private FakeBinance fake;
    private Instant time = Instant.parse("2024-01-02T00:00:30Z");
    private String serve = "BTCUSDT/1h,ETHUSDT/1h";
    private String faults = "";

    @Override
    public void init(Map<String, String> initArgs) {
        time = Instant.parse(initArgs.getOrDefault("time", time.toString()));
        serve = initArgs.getOrDefault("serve", serve);
        faults = initArgs.getOrDefault("faults", faults);
    }

    @Override
    public Map<String, String> start() {
        fake = FakeBinance.start(FakeBinance.carriedData(), time);
        for (String pair : serve.split(",")) {
            String[] p = pair.strip().split("/");
            fake.serve(p[0], p[1]);
        }
        for (String entry : faults.split(";")) {
            if (!entry.isBlank()) {
                String[] pf = entry.strip().split("=", 2);
                fake.failNext(pf[0], FakeBinance.Fault.parse(pf[1]), 1);
            }
        }
        return Map.of("sextant.collector.binance.rest-url", fake.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(fake, new TestInjector.AnnotatedAndMatchesType(InjectFakeBinance.class, FakeBinance.class));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
