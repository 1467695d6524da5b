package dev.sextant.backtest.search;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of {@code threads} worker threads that runs independent tasks and hands back their
 * results in task order, whatever order they finished in: the results of a search never depend on the
 * thread count. The first failing task (in task order) fails the whole call; the others are canceled.
 */
public final class Parallel implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;
    private final Progress progress;

    public Parallel(int threads, Progress progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.progress = progress;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "search-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    public int threads() {
        return threads;
    }

    public Progress progress() {
        return progress;
    }

    /** Runs every task on the pool; the results in the tasks' order. */
    public <T> List<T> map(List<? extends Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(task));
        }
        List<T> results = new ArrayList<>(tasks.size());
        try {
            for (Future<T> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** Counts finished runs and draws a one-line bar on stderr, at most 4 times a second (or stays silent). */
    public static final class Progress {
        private final PrintWriter err;
        private final boolean quiet;
        private final AtomicInteger done = new AtomicInteger();
        private final long started = System.nanoTime();
        private volatile int total = 1;
        private long lastDraw;

        public Progress(PrintWriter err, boolean quiet) {
            this.err = err;
            this.quiet = quiet || err == null;
        }

        /** Silent. */
        public static Progress none() {
            return new Progress(null, true);
        }

        public void total(int runs) {
            total = Math.max(1, runs);
            done.set(0);
        }

        /** One run finished. */
        public void tick() {
            int d = done.incrementAndGet();
            if (quiet) {
                return;
            }
            synchronized (this) {
                long now = System.nanoTime();
                if (now - lastDraw < 250_000_000L && d < total) {
                    return;
                }
                lastDraw = now;
                int width = 30;
                int filled = (int) ((long) width * Math.min(d, total) / total);
                err.printf("\r[%s%s] %3d%% %,d/%,d runs %.1f s", "#".repeat(filled), " ".repeat(width - filled),
                        100L * d / total, d, total, (now - started) / 1e9);
                err.flush();
            }
        }

        /** Ends the bar's line. */
        public void done() {
            if (!quiet) {
                synchronized (this) {
                    err.println();
                    err.flush();
                }
            }
        }
    }
}
