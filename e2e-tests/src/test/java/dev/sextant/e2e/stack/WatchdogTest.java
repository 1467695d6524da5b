package dev.sextant.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogTest {

    @Test
    void aStuckThreadIsDumpedRescuedAndInterrupted(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("hang-threads.txt");
        AtomicBoolean rescued = new AtomicBoolean();
        CountDownLatch never = new CountDownLatch(1);
        boolean interrupted = false;
        try (Watchdog watchdog = Watchdog.start("a stuck test", Duration.ofMillis(300), dump, () -> rescued.set(true))) {
            try {
                never.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            assertThat(watchdog.fired()).isTrue();
        }
        assertThat(interrupted).as("the watched thread was interrupted").isTrue();
        assertThat(rescued).as("the rescue ran").isTrue();
        String text = Files.readString(dump);
        assertThat(text).contains("a stuck test did not finish within PT0.3S")
                .contains("aStuckThreadIsDumpedRescuedAndInterrupted")
                .contains("CountDownLatch.await");
    }

    @Test
    void aTestThatFinishesInTimeIsLeftAlone(@TempDir Path dir) throws Exception {
        AtomicBoolean rescued = new AtomicBoolean();
        Watchdog watchdog = Watchdog.start("a quick test", Duration.ofMillis(200), dir.resolve("dump.txt"), () -> rescued.set(true));
        watchdog.close(); // returns once the watchdog's thread has ended: it cannot fire afterwards
        assertThat(watchdog.fired()).isFalse();
        assertThat(rescued).isFalse();
        assertThat(Thread.interrupted()).isFalse();
        assertThat(dir.resolve("dump.txt")).doesNotExist();
    }
}
