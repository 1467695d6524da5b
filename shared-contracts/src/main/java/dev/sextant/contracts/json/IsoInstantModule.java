package dev.sextant.contracts.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * {@link Instant}s in and out of JSON without {@link DateTimeFormatter} on the platform's form (see
 * {@link IsoInstants}): the same text as {@code JavaTimeModule} writes, and any text it would read is read
 * the same, because everything but the plain {@code ...Z} form (a number, an offset, a leap second) goes to
 * {@code JavaTimeModule}'s own deserializer, as do its errors.
 */
final class IsoInstantModule extends SimpleModule {

    IsoInstantModule() {
        super("sextant-iso-instants");
        addSerializer(Instant.class, new Serializer());
        addDeserializer(Instant.class, new Deserializer());
    }

    static final class Serializer extends StdSerializer<Instant> {
        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            char[] buf = new char[IsoInstants.MAX_LENGTH];
            int n = IsoInstants.format(value, buf);
            if (n < 0) {
                gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
            } else {
                gen.writeString(buf, 0, n);
            }
        }
    }

    static final class Deserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                Instant fast = IsoInstants.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                if (fast != null) {
                    return fast;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }

        @Override
        public Class<?> handledType() {
            return Instant.class;
        }
    }
}
