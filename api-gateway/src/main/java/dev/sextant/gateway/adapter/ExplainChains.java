package dev.sextant.gateway.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.gateway.adapter.db.ExplainRepository;
import dev.sextant.gateway.adapter.db.ExplainRepository.Stored;
import dev.sextant.gateway.domain.InvalidRequestException;
import dev.sextant.gateway.domain.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The causal chain of an event, a trade or an order, from the events the gateway stored ({@code explain_event}): the
 * chain's anchor (the entry decision of the trade the id belongs to, else the event asked for), its causes by
 * {@code causationId} up to the candle (candle → features → prediction → decision), then what followed from it: the
 * events derived from it by {@code causationId}, and every order, fill and position event of the trade it placed
 * (execution derives a fill from the candle that filled the order, so the trade's events are joined by their order
 * and position ids: the entry order's client id is the position id, an exit's is {@code Ids.exitOrderId(entry,
 * purpose)}), in event time.
 */
@ApplicationScoped
public class ExplainChains {
    /** At most this many causes above the anchor (a real chain has four: candle, features, prediction, decision). */
    static final int MAX_CAUSES = 16;
    /** At most this many derived events, and as many trade events (a trade has about a dozen). */
    static final int MAX_EFFECTS = 500;

    /** One event of a chain: its coordinates and its own fields as stored (a decision's checks in full). */
    public record Link(String type, String id, Instant tsEvent, String topic, String causationId, String relation,
                       boolean target, JsonNode fields) {}

    /**
     * A chain.
     *
     * @param id           the id asked for
     * @param resolvedFrom what the id named: {@code event}, {@code trade} (a position id: its entry decision) or
     *                     {@code order} (a client order id: its first event)
     * @param targetId     the event the id resolved to (marked {@code target} in {@code events})
     * @param anchorId     the event the chain is built around: the trade's entry decision, else the target
     * @param positionId   the trade the chain's orders and fills belong to, or null
     * @param truncated    true when more derived events were stored than returned
     * @param events       causes root first, the anchor, then what followed, in event time
     */
    public record Chain(String id, String resolvedFrom, String targetId, String anchorId, String positionId,
                        boolean truncated, List<Link> events) {}

    private static final List<String> COMMON = List.of("type", "eventId", "tsEvent", "causationId");

    private final ExplainRepository repository;
    private final ObjectMapper json;
    /** Reads numbers as they were written (BigDecimal, trailing zeros kept: a price of 5.00 stays 5.00). */
    private final ObjectReader reader;

    ExplainChains(ExplainRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
        this.reader = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    /**
     * The chain of {@code id}: an event id (any event of a chain), a trade's position id, or an order's client id.
     *
     * @throws InvalidRequestException when {@code id} is neither an event id nor a client order id
     * @throws NotFoundException       when nothing of that id is stored
     */
    public Chain explain(String id) {
        if (!EventId.isCanonicalUuid(id) && !ClientOrderId.isValid(id)) {
            throw new InvalidRequestException("id must be an event id (a lower-case UUID, e.g. "
                    + "6036bafc-7fda-3fce-b63f-606dc5f3e0e4) or a trade/order id ([.A-Z:/a-z0-9_-]{1,36}), got: "
                    + abbreviate(id));
        }
        try (ExplainRepository.Reader reader = repository.reader()) {
            String resolvedFrom;
            Stored target;
            Optional<Stored> asked = reader.event(id);
            if (asked.isPresent()) {
                resolvedFrom = "event";
                target = asked.get();
            } else {
                Optional<String> decision = reader.decisionOfEntry(id);
                if (decision.isPresent()) {
                    resolvedFrom = "trade";
                    target = reader.event(decision.get()).orElseThrow(() -> new NotFoundException("trade " + id
                            + " was placed by decision " + decision.get() + ", which is no longer stored (explain "
                            + "events are kept as long as the retention of table explain_event allows)"));
                } else {
                    resolvedFrom = "order";
                    target = reader.firstOfOrder(id).orElseThrow(() -> new NotFoundException(reader.tradeExists(id)
                            ? "trade " + id + " is known, but neither its decision nor its orders are stored (older than "
                            + "the retention of table explain_event)"
                            : "no event, trade or order " + id + " is stored by the gateway (a wrong id, or older than "
                            + "the retention of table explain_event)"));
                }
            }
            String position = positionOf(reader, target);
            Stored anchor = target;
            if (position != null) {
                Optional<String> entryDecision = reader.decisionOfEntry(position);
                if (entryDecision.isPresent() && !entryDecision.get().equals(target.eventId())) {
                    anchor = reader.event(entryDecision.get()).orElse(target);
                }
            }
            List<Stored> causes = reader.withAncestors(anchor.eventId(), MAX_CAUSES); // root first, the anchor last
            Map<String, Stored> effects = new LinkedHashMap<>();
            List<Stored> derived = reader.descendants(anchor.eventId(), MAX_CAUSES, MAX_EFFECTS);
            boolean truncated = derived.size() >= MAX_EFFECTS;
            derived.forEach(s -> effects.putIfAbsent(s.eventId(), s));
            // the trades placed by the anchor or by a decision derived from it (a candle's, a prediction's)
            List<String> positions = new ArrayList<>();
            if (position != null) {
                positions.add(position);
            }
            tradeOfDecision(reader, anchor).filter(p -> !positions.contains(p)).ifPresent(positions::add);
            for (Stored s : derived) {
                tradeOfDecision(reader, s).filter(p -> !positions.contains(p)).ifPresent(positions::add);
            }
            for (String p : positions) {
                List<Stored> trade = reader.ofPosition(p, orderIds(p), MAX_EFFECTS);
                truncated |= trade.size() >= MAX_EFFECTS;
                trade.forEach(s -> effects.putIfAbsent(s.eventId(), s));
            }
            List<Link> events = new ArrayList<>();
            for (Stored s : causes) {
                effects.remove(s.eventId());
                events.add(link(s, s.eventId().equals(anchor.eventId()) ? "anchor" : "cause", target));
            }
            if (causes.isEmpty()) { // removed between the two reads
                events.add(link(anchor, "anchor", target));
                effects.remove(anchor.eventId());
            }
            causalOrder(effects.values()).forEach(s -> events.add(link(s, "effect", target)));
            return new Chain(id, resolvedFrom, target.eventId(), anchor.eventId(), positions.isEmpty() ? null : positions.getFirst(),
                    truncated, events);
        }
    }

    /**
     * {@code events} in event time, then as stored, except that an event never comes before its cause: events of the
     * same instant read from different topics (an order's fill, the fill, the position) are stored in whatever order
     * their consumers ran.
     */
    static List<Stored> causalOrder(Collection<Stored> events) {
        List<Stored> remaining = new ArrayList<>(events);
        remaining.sort(Comparator.comparing(Stored::tsEvent).thenComparingLong(Stored::seq));
        Set<String> pending = new HashSet<>();
        remaining.forEach(s -> pending.add(s.eventId()));
        List<Stored> out = new ArrayList<>(remaining.size());
        while (!remaining.isEmpty()) {
            int next = 0;
            for (int i = 0; i < remaining.size(); i++) {
                String cause = remaining.get(i).causationId();
                if (cause == null || !pending.contains(cause) || cause.equals(remaining.get(i).eventId())) {
                    next = i;
                    break;
                }
            } // none free (a cycle of forged causes): the earliest
            Stored s = remaining.remove(next);
            pending.remove(s.eventId());
            out.add(s);
        }
        return out;
    }

    /** The trade {@code event} belongs to: a fill's or position's, an order's, an approved decision's; else null. */
    private static String positionOf(ExplainRepository.Reader reader, Stored event) {
        if (event.positionId() != null) {
            return event.positionId();
        }
        if (event.clientOrderId() != null) {
            if (reader.decisionOfEntry(event.clientOrderId()).isPresent()) {
                return event.clientOrderId(); // the entry order: its client id is the position id
            }
            return reader.positionOfOrder(event.clientOrderId()).orElse(null); // an exit, from one of its fills
        }
        return tradeOfDecision(reader, event).orElse(null);
    }

    /** The trade an approved decision placed: its entry order is {@code Ids.clientOrderId(decision id)}. */
    private static Optional<String> tradeOfDecision(ExplainRepository.Reader reader, Stored event) {
        if (!"RiskDecisionMade".equals(event.type())) {
            return Optional.empty();
        }
        String entry = Ids.clientOrderId(EventId.of(event.eventId())).value();
        return reader.decisionOfEntry(entry).filter(event.eventId()::equals).map(d -> entry);
    }

    /** The client ids of a position's orders: the entry (= the position id) and each exit. */
    static List<String> orderIds(String positionId) {
        List<String> ids = new ArrayList<>();
        ids.add(positionId);
        for (OrderPurpose purpose : OrderPurpose.values()) {
            if (purpose.isExit()) {
                ids.add(Ids.exitOrderId(ClientOrderId.of(positionId), purpose.name()).value());
            }
        }
        return ids;
    }

    private Link link(Stored s, String relation, Stored target) {
        JsonNode fields;
        try {
            JsonNode event = reader.readTree(s.payload());
            if (event instanceof ObjectNode o) {
                o.remove(COMMON);
            }
            fields = event;
        } catch (JsonProcessingException e) {
            fields = json.createObjectNode().put("unreadable", e.getOriginalMessage());
        }
        return new Link(s.type(), s.eventId(), s.tsEvent(), s.topic(), s.causationId(), relation,
                s.eventId().equals(target.eventId()), fields);
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "nothing";
        }
        return value.length() <= 80 ? value : value.substring(0, 80) + "... (" + value.length() + " characters)";
    }
}
