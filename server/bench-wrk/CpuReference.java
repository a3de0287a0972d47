/*
 * A fixed single-thread CPU figure for the benchmark scripts, so that a reader can tell a slower host from a slower
 * build: the same integer work (an xorshift and a multiply-add over 200 million steps), best of 7 rounds after a
 * warm-up, in milliseconds. Run with `java server/bench-wrk/CpuReference.java` (JDK 11+ runs a source file as is).
 */
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

public final class CpuReference {

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long bestWall = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        long sink = 0;
        for (int round = 0; round < 10; round++) {
            long wall = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            sink += work(200_000_000);
            if (round >= 3) {
                bestCpu = Math.min(bestCpu, (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000);
                bestWall = Math.min(bestWall, (System.nanoTime() - wall) / 1_000_000);
            }
        }
        // the CPU time is what a busy machine disturbs least; the wall time shows how much of a core the loop got
        System.out.println("CPU reference (single thread, best of 7): " + bestCpu + " ms CPU, " + bestWall + " ms wall"
                + (sink == 42 ? " " : ""));
    }

    private static long work(int steps) {
        long x = 0x9E3779B97F4A7C15L;
        long acc = 0;
        for (int i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            acc = acc * 31 + (x & 0xFFFF);
        }
        return acc;
    }
}
