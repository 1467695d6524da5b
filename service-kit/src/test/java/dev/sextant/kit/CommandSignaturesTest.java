package dev.sextant.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.StopRequested;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.json.EventCodec;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class CommandSignaturesTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef"; // 32 bytes
    private static final StopRequested STOP = new StopRequested(Ids.derive("test", "stop-1"), Instant.parse("2025-06-01T10:00:00Z"),
            Instant.parse("2025-06-01T10:00:00Z"), null, StopRequested.SCHEMA_VERSION, null, "api");

    @Test
    void signsWithHmacSha256OfTheValueInLowercaseHex() {
        // the same digest as any other implementation: openssl dgst -sha256 -hmac "key-aaaa...a" (32 bytes)
        assertThat(CommandSignatures.of("key-" + "a".repeat(28)).sign("The quick brown fox jumps over the lazy dog"))
                .isEqualTo("94ab8eaa4726c443561e6db8a4b81e4261004a09238972d64aafc9df46463b4a");
        CommandSignatures signatures = CommandSignatures.of(KEY);
        String value = EventCodec.encode(STOP);
        String signature = signatures.sign(value);
        assertThat(signature).matches("[0-9a-f]{64}").isEqualTo(CommandSignatures.of(KEY).sign(value));
        assertThat(CommandSignatures.of(KEY + "x").sign(value)).isNotEqualTo(signature);
        assertThat(signatures.sign(value + " ")).isNotEqualTo(signature);
    }

    @Test
    void aCorrectlySignedRecordPasses() {
        CommandSignatures signatures = CommandSignatures.of(KEY);
        String value = EventCodec.encode(STOP);
        assertThatCode(() -> signatures.verify(value, signatures.sign(value))).doesNotThrowAnyException();
        assertThatCode(() -> signatures.verify(value, signatures.sign(value).toUpperCase())).as("hex is case-insensitive")
                .doesNotThrowAnyException();
    }

    @Test
    void unsignedWronglySignedOrAlteredRecordsAreInvalidInputWithTheReason() {
        CommandSignatures signatures = CommandSignatures.of(KEY);
        String value = EventCodec.encode(STOP);
        String signature = signatures.sign(value);

        assertThatThrownBy(() -> signatures.verify(value, (String) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsigned control record refused: sextant.control.signing-key is set, so every control record"
                        + " must carry the HMAC-SHA256 of its value in header sextant-signature");
        assertThatThrownBy(() -> signatures.verify(value, "not hex")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a hex HMAC-SHA256");
        assertThatThrownBy(() -> signatures.verify(value.replace("\"api\"", "\"eve\""), signature))
                .as("altered value").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the HMAC-SHA256 of its value");
        assertThatThrownBy(() -> signatures.verify(value, CommandSignatures.of(KEY.replace('0', '1')).sign(value)))
                .as("another key").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signed with another key");
        assertThatThrownBy(() -> signatures.verify(value, signature.substring(0, 62)))
                .as("truncated").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheSignatureFromTheRecordHeaders() {
        CommandSignatures signatures = CommandSignatures.of(KEY);
        String value = EventCodec.encode(STOP);
        RecordHeaders headers = new RecordHeaders();
        assertThatThrownBy(() -> signatures.verify(value, headers)).hasMessageStartingWith("unsigned control record refused");
        headers.add(CommandSignatures.HEADER, signatures.sign(value).getBytes(StandardCharsets.UTF_8));
        assertThatCode(() -> signatures.verify(value, headers)).doesNotThrowAnyException();
    }

    @Test
    void withoutAKeyNothingIsSignedOrChecked() {
        CommandSignatures off = CommandSignatures.off();
        assertThat(off.enabled()).isFalse();
        assertThatCode(() -> off.verify("{}", (String) null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> off.sign("{}")).isInstanceOf(IllegalStateException.class);
        Message<String> message = off.message(STOP);
        RecordHeaders headers = (RecordHeaders) message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        assertThat(headers.lastHeader(CommandSignatures.HEADER)).isNull();
        assertThat(new String(headers.lastHeader(EventMessages.TYPE_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("StopRequested");
    }

    @Test
    void theMessageOfASignedCommandCarriesTheSignatureOfItsValue() {
        CommandSignatures signatures = CommandSignatures.of(KEY);
        Message<String> message = signatures.message(STOP);
        OutgoingKafkaRecordMetadata<?> metadata = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(metadata.getKey()).isEqualTo("*");
        assertThat(message.getPayload()).isEqualTo(EventCodec.encode(STOP));
        assertThat(CommandSignatures.signatureOf(metadata.getHeaders())).isEqualTo(signatures.sign(message.getPayload()));
        assertThatCode(() -> signatures.verify(message.getPayload(), metadata.getHeaders())).doesNotThrowAnyException();
    }

    @Test
    void aKeyThatIsSetButTooShortStopsTheStartWithASentence() {
        assertThatThrownBy(() -> new CommandSignatures(Optional.of("short-key")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid configuration: sextant.control.signing-key is set but only 9 bytes long; the key that"
                        + " signs control commands must be at least 32 bytes (e.g. `openssl rand -hex 32`), the same secret in"
                        + " the gateway and in every service that applies control commands; leave it unset to turn signing off");
        assertThatThrownBy(() -> new CommandSignatures(Optional.of(" ".repeat(40))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is set but blank");
        assertThat(new CommandSignatures(Optional.of(KEY)).enabled()).isTrue();
    }
}
