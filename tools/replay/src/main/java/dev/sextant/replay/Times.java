package dev.sextant.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a point in time as an operator writes it: 2024-01-01, 2024-01-01T10:00, 2024-01-01T10:00:00Z or epoch millis. */
public final class Times implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        return parse(value);
    }

    public static Instant parse(String value) {
        String v = value.trim();
        try {
            if (v.matches("\\d{12,}")) {
                return Instant.ofEpochMilli(Long.parseLong(v));
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return Instant.parse(v);
            }
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new TypeConversionException("'" + value
                    + "' is not a time: write 2024-01-01, 2024-01-01T10:00, 2024-01-01T10:00:00Z (UTC) or epoch milliseconds");
        }
    }
}
