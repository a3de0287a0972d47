package org.chelate.server.security.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Observed: 250 requests sending their body at 1 byte/s, without any token, held the server's 200 threads and the
 * health check stopped answering. Now 300 of them leave /health answering (within a second, but for an odd check a
 * loaded machine delays), another client's write goes through, and the server cuts the trickling bodies off. Loopback
 * only, bounded in time.
 */
class SlowUploadsTest extends HostileServer {

    private static final int SLOW_CLIENTS = 300;
    private static final Duration ATTACK = Duration.ofSeconds(12);

    @Test
    void threeHundredSlowUploadsLeaveHealthAndOtherClientsServed() throws Exception {
        for (int i = 0; i < 5; i++) {
            send("GET", "/health", null, null, Duration.ofSeconds(20)); // warm: the first answers pay for class loading
        }
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
                socket.getOutputStream().write(("POST /fhir/Patient HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/fhir+json\r\nContent-Length: 1000\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            List<String> stalled = new ArrayList<>();
            List<Long> timings = new ArrayList<>();
            int withinASecond = 0;
            long end = System.nanoTime() + ATTACK.toNanos();
            long nextByte = 0;
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextByte) {
                    trickle(slow);
                    nextByte = System.nanoTime() + 1_000_000_000L;
                }
                long started = System.nanoTime();
                HttpResponse<String> health;
                try {
                    health = send("GET", "/health", null, null, Duration.ofSeconds(1));
                } catch (IOException slowAnswer) {
                    // slow, or stalled as observed before? A stalled server does not answer in 10 s either
                    try {
                        health = send("GET", "/health", null, null, Duration.ofSeconds(10));
                    } catch (IOException noAnswer) {
                        stalled.add("no answer within 10 s: " + noAnswer + "; server threads " + serverThreads());
                        continue;
                    }
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                timings.add(millis);
                if (health.statusCode() != 200) {
                    stalled.add(health.statusCode() + " " + health.body());
                } else if (millis <= 1_000) {
                    withinASecond++;
                }
                Thread.sleep(200);
            }
            System.out.println("health during the attack (ms): " + timings);
            assertEquals(List.of(), stalled, "health during the attack (ms): " + timings);
            // the observed failure answered none; on a loaded machine an odd check can miss the second by scheduling
            assertTrue(withinASecond >= timings.size() * 9 / 10 && timings.size() >= 10,
                    withinASecond + " of " + timings.size() + " health checks within 1 s: " + timings);

            HttpResponse<String> write = send("POST", "/fhir/Patient", "application/fhir+json",
                    "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Patient\"}]}"
                            .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
            assertEquals(201, write.statusCode(), write.body());

            int cut = 0;
            for (Socket socket : slow) {
                cut += isClosedByServer(socket) ? 1 : 0;
            }
            assertTrue(cut == SLOW_CLIENTS, cut + " of " + SLOW_CLIENTS + " trickling uploads were cut off");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** How many of Jetty's threads there are, by what they are doing (for a failure message). */
    private static String serverThreads() {
        java.util.Map<String, Integer> doing = new java.util.TreeMap<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("chelate-http")) {
                String top = stack.length == 0 ? "?" : stack[Math.min(stack.length - 1, 2)].toString();
                doing.merge(thread.getState() + " " + top, 1, Integer::sum);
            }
        });
        return doing.toString();
    }

    /** One more byte on every connection still open. */
    private static void trickle(List<Socket> sockets) {
        for (Socket socket : sockets) {
            if (socket.isOutputShutdown()) {
                continue;
            }
            try {
                OutputStream out = socket.getOutputStream();
                out.write(' ');
                out.flush();
            } catch (IOException closed) {
                try {
                    socket.shutdownOutput();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }
    }

    /** Whether the server answered or closed the connection (a read returns data, end of stream or a reset). */
    private static boolean isClosedByServer(Socket socket) {
        try {
            socket.setSoTimeout(100);
            socket.getInputStream().read();
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
