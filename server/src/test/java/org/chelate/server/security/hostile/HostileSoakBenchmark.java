package org.chelate.server.security.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The soak of docs/security.md: 10 minutes (or {@code -Dchelate.soak.seconds=N}) of mixed valid and hostile traffic on
 * loopback. Not part of the default run: {@code mvn -B verify -pl server -Pbenchmark -Dit.test=HostileSoakBenchmark}.
 * Writes target/soak-results.md. Asserts 0 5xx, every acknowledged write readable, no thread or heap growth.
 */
class HostileSoakBenchmark extends HostileServer {

    @Test
    void tenMinutesOfMixedValidAndHostileTraffic() throws Exception {
        HostileSoak.Result result = new HostileSoak(server)
                .run(Duration.ofSeconds(Long.getLong("chelate.soak.seconds", 600)));
        String summary = result.summary();
        System.out.println(summary);
        Files.writeString(Path.of("target", "soak-results.md"), summary + System.lineSeparator());
        assertSoundRun(result);
    }

    static void assertSoundRun(HostileSoak.Result result) {
        assertEquals(List.of(), result.serverErrors().subList(0, Math.min(20, result.serverErrors().size())),
                result.summary());
        assertEquals(List.of(), result.lostWrites(), result.summary());
        assertTrue(result.acknowledgedWrites() > 0, result.summary());
        assertTrue(result.threadsEnd() <= Math.max(result.threadsWarm() * 2, result.threadsWarm() + 50),
                "server threads grew: " + result.summary());
        assertTrue(result.heapEndMb() <= result.heapWarmMb() * 2 + 64, "heap grew: " + result.summary());
    }
}
