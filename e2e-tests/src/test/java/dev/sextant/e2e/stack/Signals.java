package dev.sextant.e2e.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals to one process by pid ({@code /bin/kill -SIG pid}): the JDK sends only SIGTERM and SIGKILL.
 * SIGSTOP freezes a process where it is (no thread runs; its sockets stay open, so peers see a silent
 * process, not a closed one) until SIGCONT.
 */
public final class Signals {
    private Signals() {}

    /** Sends {@code signal} (a name such as {@code STOP}, {@code CONT}, {@code KILL}, {@code INT}) to {@code pid}. */
    public static void send(long pid, String signal) {
        if (!sendIfAlive(pid, signal)) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed: no such process");
        }
    }

    /** Like {@link #send} but returns false instead of failing when the process does not exist (any more). */
    public static boolean sendIfAlive(long pid, String signal) {
        if (pid <= 0) {
            throw new IllegalArgumentException("not a pid: " + pid);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + pid + " did not return within 10 s");
            }
            if (kill.exitValue() != 0) {
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + out);
                }
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
