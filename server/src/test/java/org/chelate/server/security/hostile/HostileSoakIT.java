package org.chelate.server.security.hostile;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A 30-second version of {@link HostileSoakBenchmark} in the default suite ({@code -Dchelate.soak.short.seconds}). */
class HostileSoakIT extends HostileServer {

    @Test
    void halfAMinuteOfMixedValidAndHostileTraffic() throws Exception {
        HostileSoak.Result result = new HostileSoak(server)
                .run(Duration.ofSeconds(Long.getLong("chelate.soak.short.seconds", 30)));
        System.out.println(result.summary());
        HostileSoakBenchmark.assertSoundRun(result);
    }
}
