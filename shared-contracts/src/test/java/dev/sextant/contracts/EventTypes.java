package dev.sextant.contracts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.topic.TopicSpec;
import dev.sextant.contracts.topic.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The concrete event types, found by walking the sealed {@link Event} hierarchy (so a new event is never missed). */
public final class EventTypes {
    private EventTypes() {}

    /** The main topic that carries {@code type}: exactly one (an AssertionError otherwise). */
    public static TopicSpec topicOf(Class<? extends Event> type) {
        List<TopicSpec> topics = Topics.main().stream().filter(t -> t.payload().isAssignableFrom(type)).toList();
        if (topics.size() != 1) {
            throw new AssertionError("main topics carrying " + type.getSimpleName() + ": expected exactly 1, got " + topics);
        }
        return topics.get(0);
    }

    /** Every concrete (record) subtype of {@link Event}, sorted by name. */
    public static List<Class<? extends Event>> concrete() {
        List<Class<? extends Event>> found = new ArrayList<>();
        collect(Event.class, found);
        found.sort(Comparator.comparing(Class::getSimpleName));
        return List.copyOf(found);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Class<?> type, List<Class<? extends Event>> found) {
        if (type.isRecord()) {
            found.add((Class<? extends Event>) type);
            return;
        }
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted == null) {
            throw new IllegalStateException(type + " is neither a record nor sealed; events must be one or the other");
        }
        for (Class<?> sub : permitted) {
            collect(sub, found);
        }
    }

    /** The {@code "type"} names registered on {@link Event}'s {@code @JsonSubTypes}, by class. */
    public static Map<Class<?>, String> registeredNames() {
        Map<Class<?>, String> names = new LinkedHashMap<>();
        for (JsonSubTypes.Type t : Event.class.getAnnotation(JsonSubTypes.class).value()) {
            names.put(t.value(), t.name());
        }
        return names;
    }

    /** The {@code "type"} name of an event class. */
    public static String typeName(Class<?> type) {
        String name = registeredNames().get(type);
        if (name == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " is not registered in Event's @JsonSubTypes");
        }
        return name;
    }

    /** The event class registered under {@code name}. */
    @SuppressWarnings("unchecked")
    public static Class<? extends Event> byTypeName(String name) {
        return (Class<? extends Event>) registeredNames().entrySet().stream()
                .filter(e -> e.getValue().equals(name))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type named " + name));
    }

    /** The current schema version of an event class: its {@code public static final int SCHEMA_VERSION}. */
    public static int schemaVersion(Class<?> type) {
        try {
            Field field = type.getField("SCHEMA_VERSION");
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != int.class) {
                throw new IllegalStateException(type.getSimpleName() + ".SCHEMA_VERSION must be a static int");
            }
            return field.getInt(null);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException(type.getSimpleName() + " has no public static int SCHEMA_VERSION", e);
        }
    }
}
