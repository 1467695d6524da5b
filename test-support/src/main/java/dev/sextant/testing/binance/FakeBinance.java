package dev.sextant.testing.binance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A fake of Binance spot's public REST API for tests, on WireMock (an HTTP server on a free local port). It serves:
 * <ul>
 *   <li>{@code GET /api/v3/klines}: the carried kline files ({@code data/market/binance_spot_<SYMBOL>_<interval>.csv.gz},
 *   {@link #serve}) as Binance documents it: 12-element arrays {@code [openTime, "open", "high", "low", "close",
 *   "volume", closeTime, "quoteVolume", trades, "takerBuyBase", "takerBuyQuote", "0"]}; {@code startTime} /
 *   {@code endTime} bound the open time (inclusive); {@code limit} defaults to 500, at most 1000 (more: HTTP 400
 *   -1130); with {@code startTime} the oldest {@code limit} klines from it, otherwise the newest {@code limit} up to
 *   {@code endTime}. Only klines opened by the fake's {@link #time()} exist; the newest is the still-open one (its
 *   close time is after the server time), as on Binance. An unknown symbol is HTTP 400 -1121, an unknown interval
 *   400 -1120. 6-column files get Binance's close time (open + interval - 1 ms) and zeros for the missing columns.</li>
 *   <li>{@code GET /api/v3/exchangeInfo} (optionally {@code ?symbols=["A","B"]}): {@code rateLimits} (REQUEST_WEIGHT
 *   6000 per minute...) and per served symbol the {@code PRICE_FILTER}, {@code LOT_SIZE} and {@code NOTIONAL} filters
 *   ({@link #filters} to change them).</li>
 *   <li>{@code GET /api/v3/time}: {@code {"serverTime":...}} from a controllable clock ({@link #time(Instant)},
 *   {@link #advance}).</li>
 * </ul>
 * Every answered response carries {@code X-MBX-USED-WEIGHT-1M}: the weight (time 1, klines 2, exchangeInfo 20) of the
 * requests received in the current minute of the journal clock, plus {@link #extraUsedWeight}.
 *
 * <p><b>Faults</b> ({@link #failNext}): the next requests (of one path, or any) are answered with a {@link Fault}: 429
 * or 418 with {@code Retry-After}, a 5xx, a connection reset, a slow response, a malformed 200 body. After a 429 the
 * fake expects silence for {@code Retry-After} seconds, after a 418 it is banned for that long and answers 418 to
 * anything; requests received in such a window are marked {@link Request#duringBlock()} in the journal, so a test
 * asserts there are none.
 *
 * <p><b>Journal</b>: {@link #requests()} lists what was received, in order, with the journal clock's time, path,
 * query, status (0 for a reset) and fault. Thread-safe.
 */
public final class FakeBinance implements AutoCloseable {

    /** What a faulty response is. Make one with the factories. */
    public record Fault(String kind, int status, long retryAfterSeconds, String body, Duration delay) {
        /** HTTP 429 with {@code Retry-After}: the client must send nothing for that long. */
        public static Fault tooManyRequests(long retryAfterSeconds) {
            return new Fault("429", 429, retryAfterSeconds,
                    "{\"code\":-1003,\"msg\":\"Too many requests; current limit is 6000 request weight per 1 MINUTE.\"}", null);
        }

        /** HTTP 418 with {@code Retry-After}: the IP is banned for that long (the fake answers 418 meanwhile). */
        public static Fault banned(long retryAfterSeconds) {
            return new Fault("418", 418, retryAfterSeconds, "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned.\"}", null);
        }

        /** A 5xx with a Binance-like body. */
        public static Fault serverError(int status) {
            return new Fault("5xx", status, 0, "{\"code\":-1001,\"msg\":\"Internal error; unable to process your request.\"}", null);
        }

        /** The connection is reset before any response. */
        public static Fault connectionReset() {
            return new Fault("reset", 0, 0, null, null);
        }

        /** The normal response, after {@code delay}. */
        public static Fault slow(Duration delay) {
            return new Fault("slow", 0, 0, null, delay);
        }

        /** No fault: the normal response (to let requests through between faults in a queue). */
        public static Fault none() {
            return new Fault("none", 0, 0, null, null);
        }

        /**
         * The fault named {@code spec}: {@code reset}, {@code none}, {@code slow:<ms>}, {@code 429:<s>}, {@code 418:<s>},
         * {@code 5xx status such as 503}, {@code malformed:<body>}.
         */
        public static Fault parse(String spec) {
            String[] p = spec.strip().split(":", 2);
            return switch (p[0]) {
                case "reset" -> connectionReset();
                case "none" -> none();
                case "slow" -> slow(Duration.ofMillis(Long.parseLong(p[1])));
                case "429" -> tooManyRequests(Long.parseLong(p[1]));
                case "418" -> banned(Long.parseLong(p[1]));
                case "malformed" -> malformed(p[1]);
                default -> serverError(Integer.parseInt(p[0]));
            };
        }

        /** HTTP 200 with this body instead of the real one. */
        public static Fault malformed(String body) {
            return new Fault("malformed", 200, 0, body, null);
        }
    }

    /**
     * One received request.
     *
     * @param status the HTTP status answered, 0 when the connection was reset
     * @param fault the injected fault's kind, or null
     * @param duringBlock received while a 429's Retry-After or a 418's ban was running: a client that obeys never does
     */
    public record Request(Instant at, String path, Map<String, String> query, int status, String fault, boolean duringBlock) {}

    private record PendingFault(String path, Fault fault) {}

    private static final Map<String, Long> INTERVALS = Map.of("1m", 60_000L, "5m", 300_000L, "15m", 900_000L,
            "1h", 3_600_000L, "4h", 14_400_000L, "1d", 86_400_000L);
    private static final Map<String, Integer> WEIGHTS = Map.of("/api/v3/time", 1, "/api/v3/klines", 2,
            "/api/v3/exchangeInfo", 20);

    private final Path dataDir;
    private final Clock journalClock;
    private final WireMockServer server;
    private final Map<String, NavigableMap<Long, String[]>> klines = new HashMap<>();
    private final Map<String, String[]> filters = new LinkedHashMap<>();
    private final Deque<PendingFault> faults = new ArrayDeque<>();
    private final List<Request> journal = new ArrayList<>();
    private final Map<Long, Long> weightPerMinute = new HashMap<>();
    private Instant time;
    private Instant blockedUntil = Instant.MIN;
    private long extraUsedWeight;
    private boolean ignoreEndTime;

    private FakeBinance(Path dataDir, Clock journalClock, Instant time) {
        this.dataDir = dataDir;
        this.journalClock = journalClock;
        this.time = time;
        this.server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new Transformer()));
    }

    /**
     * Starts a fake on a free port.
     *
     * @param dataDir the directory of the kline files (the project's {@code data/market})
     * @param serverTime the exchange's time at the start
     */
    public static FakeBinance start(Path dataDir, Instant serverTime) {
        FakeBinance fake = new FakeBinance(dataDir, Clock.systemUTC(), serverTime);
        fake.server.start();
        fake.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        return fake;
    }

    /** The project's {@code data/market}, found from the working directory (a module or the root). */
    public static Path carriedData() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("data/market");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("data/market not found above " + Path.of("").toAbsolutePath());
    }

    /** {@code http://127.0.0.1:<port>}: the REST base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Serves the klines of {@code binance_spot_<symbol>_<interval>.csv.gz} (and filters for the symbol). */
    public synchronized FakeBinance serve(String symbol, String interval) {
        Long len = INTERVALS.get(interval);
        if (len == null) {
            throw new IllegalArgumentException("unknown interval " + interval);
        }
        NavigableMap<Long, String[]> rows = new TreeMap<>();
        Path file = dataDir.resolve("binance_spot_" + symbol + "_" + interval + ".csv.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("open_time")) {
                    continue;
                }
                String[] c = line.strip().split(",");
                long open = Long.parseLong(c[0]);
                String[] full = c.length == 12 ? c : new String[] {c[0], c[1], c[2], c[3], c[4], c[5],
                        Long.toString(open + len - 1), "0", "0", "0", "0", "0"};
                rows.put(open, full);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        klines.put(symbol + "/" + interval, rows);
        filters.putIfAbsent(symbol, new String[] {"0.01000000", "0.00001000", "0.00001000", "5.00000000"});
        return this;
    }

    /** Removes the klines opening in {@code [from, to)}: candles Binance cannot provide. */
    public synchronized FakeBinance remove(String symbol, String interval, Instant from, Instant to) {
        klines.get(symbol + "/" + interval).subMap(from.toEpochMilli(), true, to.toEpochMilli(), false).clear();
        return this;
    }

    /** Sets a symbol's filters (decimal strings as Binance writes them). */
    public synchronized FakeBinance filters(String symbol, String tickSize, String stepSize, String minQty, String minNotional) {
        filters.put(symbol, new String[] {tickSize, stepSize, minQty, minNotional});
        return this;
    }

    public synchronized Instant time() {
        return time;
    }

    public synchronized FakeBinance time(Instant serverTime) {
        this.time = serverTime;
        return this;
    }

    public synchronized FakeBinance advance(Duration d) {
        this.time = time.plus(d);
        return this;
    }

    /**
     * A misbehaving exchange: klines are served up to the fake's time whatever {@code endTime} says, so a page ends
     * with the kline still open (to check a client never takes it).
     */
    public synchronized FakeBinance ignoreEndTime(boolean ignore) {
        this.ignoreEndTime = ignore;
        return this;
    }

    /** Weight other clients of the IP used, added to {@code X-MBX-USED-WEIGHT-1M}. */
    public synchronized FakeBinance extraUsedWeight(long weight) {
        this.extraUsedWeight = weight;
        return this;
    }

    /**
     * Answers the next {@code times} requests of {@code path} ({@code /api/v3/klines}...; null: any path) with
     * {@code fault}, after any faults queued before.
     */
    public synchronized FakeBinance failNext(String path, Fault fault, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new PendingFault(path, fault));
        }
        return this;
    }

    /** Ends a running 429 wait or 418 ban now (and drops queued faults). */
    public synchronized FakeBinance endBlock() {
        blockedUntil = Instant.MIN;
        faults.clear();
        return this;
    }

    /** Faults queued and not yet served. */
    public synchronized int pendingFaults() {
        return faults.size();
    }

    /** Every request received so far, in order. */
    public synchronized List<Request> requests() {
        return List.copyOf(journal);
    }

    /** The requests of one path. */
    public synchronized List<Request> requests(String path) {
        return journal.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Forgets the journal (not the data, faults or time). */
    public synchronized void clearJournal() {
        journal.clear();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ------------------------------------------------------------------ answering

    private synchronized ResponseDefinition answer(LoggedRequest request) {
        Instant now = journalClock.instant();
        String url = request.getUrl();
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        Map<String, String> query = query(url);
        boolean duringBlock = now.isBefore(blockedUntil);
        long minute = Math.floorDiv(now.toEpochMilli(), 60_000L);
        long used = weightPerMinute.merge(minute, (long) WEIGHTS.getOrDefault(path, 1), Long::sum) + extraUsedWeight;

        if (duringBlock && blockedStatus == 418) {
            journal.add(new Request(now, path, query, 418, "banned", true));
            return json(418, "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned.\"}", used)
                    .withHeader("Retry-After", Long.toString(Math.max(1, Duration.between(now, blockedUntil).toSeconds())))
                    .build();
        }
        PendingFault pending = null;
        for (PendingFault f : faults) {
            if (f.path() == null || f.path().equals(path)) {
                pending = f;
                break;
            }
        }
        if (pending != null) {
            faults.remove(pending);
            Fault f = pending.fault();
            switch (f.kind()) {
                case "none" -> {
                    ResponseDefinitionBuilder normal = normal(path, query, used);
                    journal.add(new Request(now, path, query, statusOf(normal), null, duringBlock));
                    return normal.build();
                }
                case "reset" -> {
                    journal.add(new Request(now, path, query, 0, "reset", duringBlock));
                    return aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
                }
                case "slow" -> {
                    ResponseDefinitionBuilder normal = normal(path, query, used);
                    journal.add(new Request(now, path, query, statusOf(normal), "slow", duringBlock));
                    return normal.withFixedDelay((int) f.delay().toMillis()).build();
                }
                default -> {
                    if (f.status() == 429 || f.status() == 418) {
                        blockedUntil = now.plusSeconds(f.retryAfterSeconds());
                        blockedStatus = f.status();
                    }
                    journal.add(new Request(now, path, query, f.status(), f.kind(), duringBlock));
                    ResponseDefinitionBuilder b = json(f.status(), f.body(), used);
                    if (f.status() == 429 || f.status() == 418) {
                        b.withHeader("Retry-After", Long.toString(f.retryAfterSeconds()));
                    }
                    return b.build();
                }
            }
        }
        ResponseDefinitionBuilder normal = normal(path, query, used);
        journal.add(new Request(now, path, query, statusOf(normal), null, duringBlock));
        return normal.build();
    }

    private int blockedStatus;

    private static int statusOf(ResponseDefinitionBuilder b) {
        return b.build().getStatus();
    }

    private ResponseDefinitionBuilder normal(String path, Map<String, String> query, long used) {
        return switch (path) {
            case "/api/v3/time" -> json(200, "{\"serverTime\":" + time.toEpochMilli() + "}", used);
            case "/api/v3/exchangeInfo" -> exchangeInfo(query, used);
            case "/api/v3/klines" -> klines(query, used);
            default -> json(404, "{\"code\":-1000,\"msg\":\"unknown path " + path + "\"}", used);
        };
    }

    private ResponseDefinitionBuilder klines(Map<String, String> q, long used) {
        String symbol = q.get("symbol");
        String interval = q.get("interval");
        if (symbol == null || filters.get(symbol) == null) {
            return json(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", used);
        }
        NavigableMap<Long, String[]> rows = interval == null ? null : klines.get(symbol + "/" + interval);
        if (rows == null) {
            return json(400, "{\"code\":-1120,\"msg\":\"Invalid interval.\"}", used);
        }
        int limit;
        try {
            limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : 500;
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000) {
            return json(400, "{\"code\":-1130,\"msg\":\"Data sent for parameter 'limit' is not valid.\"}", used);
        }
        long end = time.toEpochMilli();
        if (q.containsKey("endTime") && !ignoreEndTime) {
            end = Math.min(end, Long.parseLong(q.get("endTime")));
        }
        List<String[]> out = new ArrayList<>();
        if (q.containsKey("startTime")) {
            long start = Long.parseLong(q.get("startTime"));
            for (String[] r : rows.subMap(start, true, end, true).values()) {
                if (out.size() == limit) {
                    break;
                }
                out.add(r);
            }
        } else {
            for (String[] r : rows.headMap(end, true).descendingMap().values()) {
                if (out.size() == limit) {
                    break;
                }
                out.add(0, r);
            }
        }
        StringBuilder json = new StringBuilder("[");
        for (String[] r : out) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('[').append(r[0]);
            for (int i = 1; i <= 5; i++) {
                json.append(",\"").append(r[i]).append('"');
            }
            json.append(',').append(r[6]).append(",\"").append(r[7]).append("\",").append(r[8]).append(",\"")
                    .append(r[9]).append("\",\"").append(r[10]).append("\",\"0\"]");
        }
        return json(200, json.append(']').toString(), used);
    }

    private ResponseDefinitionBuilder exchangeInfo(Map<String, String> q, long used) {
        Set<String> wanted = filters.keySet();
        if (q.containsKey("symbols")) {
            String list = q.get("symbols").replaceAll("[\\[\\]\" ]", "");
            wanted = new java.util.LinkedHashSet<>(List.of(list.split(",")));
            for (String s : wanted) {
                if (!filters.containsKey(s)) {
                    return json(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", used);
                }
            }
        }
        StringBuilder json = new StringBuilder("{\"timezone\":\"UTC\",\"serverTime\":").append(time.toEpochMilli())
                .append(",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":6000},"
                        + "{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":100},"
                        + "{\"rateLimitType\":\"RAW_REQUESTS\",\"interval\":\"MINUTE\",\"intervalNum\":5,\"limit\":61000}],"
                        + "\"exchangeFilters\":[],\"symbols\":[");
        boolean first = true;
        for (String s : wanted) {
            String[] f = filters.get(s);
            if (!first) {
                json.append(',');
            }
            first = false;
            String quote = s.endsWith("USDT") ? "USDT" : s.substring(s.length() - 3);
            json.append("{\"symbol\":\"").append(s).append("\",\"status\":\"TRADING\",\"baseAsset\":\"")
                    .append(s, 0, s.length() - quote.length()).append("\",\"quoteAsset\":\"").append(quote)
                    .append("\",\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0.01000000\",\"maxPrice\":\"1000000.00000000\",\"tickSize\":\"")
                    .append(f[0]).append("\"},{\"filterType\":\"LOT_SIZE\",\"minQty\":\"").append(f[2])
                    .append("\",\"maxQty\":\"9000.00000000\",\"stepSize\":\"").append(f[1])
                    .append("\"},{\"filterType\":\"NOTIONAL\",\"minNotional\":\"").append(f[3])
                    .append("\",\"applyMinToMarket\":true,\"maxNotional\":\"9000000.00000000\",\"applyMaxToMarket\":false,\"avgPriceMins\":5}]}");
        }
        return json(200, json.append("]}").toString(), used);
    }

    private static ResponseDefinitionBuilder json(int status, String body, long used) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withHeader("X-MBX-USED-WEIGHT-1M", Long.toString(used)).withBody(body);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new LinkedHashMap<>();
        int i = url.indexOf('?');
        if (i < 0) {
            return q;
        }
        for (String pair : url.substring(i + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return answer(serveEvent.getRequest());
        }

        @Override
        public String getName() {
            return "fake-binance";
        }
    }

}
