package dev.sextant.e2e.stack;

import java.io.IOException;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns a hang into a failure with its cause: when a test has not closed its watchdog {@code within} the
 * duration, the watchdog prints every thread's whole stack (with the locks it holds and waits for) to
 * standard output and to {@code dumpFile}, runs the test's rescue (thaw what it froze: a call blocked on a frozen
 * process returns), then interrupts the watched thread. A test whose every wait is
 * bounded still hangs when a call it makes never returns (a socket read without a timeout, a lock held by
 * a thread that is stuck); this says where, instead of the build's time limit killing the run silently.
 */
public final class Watchdog implements AutoCloseable {
    private final Thread thread;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean fired;

    private Watchdog(String what, Duration within, Thread watched, Path dumpFile, Runnable rescue) {
        this.thread = new Thread(() -> {
            try {
                if (closed.await(within.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            fired = true;
            String dump = "e2e watchdog: " + what + " did not finish within " + within + " (" + Instant.now()
                    + "); every thread:\n" + threadDump();
            System.out.println(dump);
            System.out.flush();
            if (dumpFile != null) {
                try {
                    Files.createDirectories(dumpFile.toAbsolutePath().getParent());
                    Files.writeString(dumpFile, dump, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    System.out.println("e2e watchdog: cannot write " + dumpFile + ": " + e);
                }
            }
            try {
                rescue.run();
            } catch (RuntimeException e) {
                System.out.println("e2e watchdog: the rescue failed: " + e);
            }
            watched.interrupt();
        }, "e2e-watchdog");
        thread.setDaemon(true);
    }

    /** Watches the calling thread; {@code rescue} runs when the time ran out, before the interrupt. */
    public static Watchdog start(String what, Duration within, Path dumpFile, Runnable rescue) {
        Watchdog watchdog = new Watchdog(what, within, Thread.currentThread(), dumpFile, rescue);
        watchdog.thread.start();
        return watchdog;
    }

    /** True when the time ran out (the dump was printed and the watched thread interrupted). */
    public boolean fired() {
        return fired;
    }

    /** Stands the watchdog down; once this returns it can no longer fire. */
    @Override
    public void close() {
        closed.countDown();
        try {
            thread.join(10_000); // at once, unless it is writing its dump
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every live thread's state, the lock it waits for and its whole stack (ThreadInfo#toString stops at 8 frames). */
    public static String threadDump() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" ").append(info.isDaemon() ? "daemon " : "")
                    .append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < stack.length; i++) {
                out.append("\tat ").append(stack[i]).append('\n');
                for (MonitorInfo monitor : info.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == i) {
                        out.append("\t- locked ").append(monitor).append('\n');
                    }
                }
            }
            for (LockInfo sync : info.getLockedSynchronizers()) {
                out.append("\t- holds ").append(sync).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
