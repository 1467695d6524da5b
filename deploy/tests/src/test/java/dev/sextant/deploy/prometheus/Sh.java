package dev.sextant.deploy.prometheus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs commands and the ./sextant shell functions (deploy/local/*.sh sourced as ./sextant sources them). */
final class Sh {
    record Result(int exit, String output) {}

    private Sh() {}

    static Result run(Path dir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("sextant-sh", ".log");
        try {
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 60 s: " + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * Runs {@code script} in bash after sourcing lib.sh, secrets.sh, infra.sh and services.sh of the checkout at
     * {@code root}, with SEXTANT_ROOT and SEXTANT_HOME set as ./sextant sets them and only the given SEXTANT_* variables.
     */
    static Result sextantFunctions(Path root, Path home, Map<String, String> env, String script)
            throws IOException, InterruptedException {
        String prelude = """
                set -euo pipefail
                for v in $(compgen -e | grep '^SEXTANT_' || true); do
                  case $v in SEXTANT_ROOT|SEXTANT_HOME|SEXTANT_TEST_*) ;; *) unset "$v" ;; esac
                done
                for v in $(compgen -e | grep '^SEXTANT_TEST_' || true); do export "${v#SEXTANT_TEST_}=${!v}"; unset "$v"; done
                source "$SEXTANT_ROOT/deploy/local/lib.sh"
                source "$SEXTANT_ROOT/deploy/local/secrets.sh"
                source "$SEXTANT_ROOT/deploy/local/infra.sh"
                source "$SEXTANT_ROOT/deploy/local/services.sh"
                """;
        Map<String, String> all = new java.util.HashMap<>();
        all.put("SEXTANT_ROOT", root.toString());
        all.put("SEXTANT_HOME", home.toString());
        env.forEach((k, v) -> all.put("SEXTANT_TEST_" + k, v));
        return run(root, all, List.of("bash", "-c", prelude + script));
    }
}
