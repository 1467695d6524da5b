package dev.sextant.kit.retention;

import java.util.List;

/**
 * A service's tables that grow with time and how long their rows are kept: a CDI bean of the service. The kit adds
 * its own ({@code parked_records}); {@link RetentionJob} runs them all.
 */
public interface RetentionTables {
    List<RetentionRule> rules();
}
