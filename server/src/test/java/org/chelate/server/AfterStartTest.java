package org.chelate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AfterStartTest {

    @Test
    void workIsHeldUntilReleaseThenRunsInOrderOnOneThread() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        try (AfterStart afterStart = new AfterStart(Duration.ZERO)) {
            afterStart.execute(() -> {
                ran.add("cds:" + Thread.currentThread().getName());
                done.countDown();
            });
            afterStart.execute(() -> {
                ran.add("validation:" + Thread.currentThread().getName());
                done.countDown();
            });
            assertEquals(List.of(), ran, "nothing runs before the release");
            afterStart.release();
            afterStart.execute(() -> {
                ran.add("late:" + Thread.currentThread().getName());
                done.countDown();
            });
            assertTrue(done.await(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of("cds:chelate-after-start", "validation:chelate-after-start", "late:chelate-after-start"), ran);
    }

    @Test
    void closeDropsWorkNotYetStarted() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        AfterStart afterStart = new AfterStart(Duration.ZERO);
        afterStart.execute(() -> ran.add("held"));
        afterStart.close();
        afterStart.release();
        afterStart.execute(() -> ran.add("after close"));
        assertEquals(List.of(), ran, "a closed AfterStart starts no thread, so nothing can have run");
    }
}
