package dev.sextant.backtest.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks print about the machine they ran on (Linux /proc; "unknown" elsewhere). */
final class Machine {
    private Machine() {}

    static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("cpu unknown");
        } catch (Exception e) {
            return "cpu unknown";
        }
    }

    static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).getFirst().replaceAll("\\s+", " ");
        } catch (Exception e) {
            return "memory unknown";
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
