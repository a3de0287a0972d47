package org.chelate.server.hostile.cds;

import static org.chelate.server.hostile.cds.HookCalls.JSON;
import static org.chelate.server.hostile.cds.HookCalls.bundle;
import static org.chelate.server.hostile.cds.HookCalls.card;
import static org.chelate.server.hostile.cds.HookCalls.cards;
import static org.chelate.server.hostile.cds.HookCalls.magnesiumOrder;
import static org.chelate.server.hostile.cds.HookCalls.patient;
import static org.chelate.server.hostile.cds.HookCalls.patientView;
import static org.chelate.server.hostile.cds.HookCalls.post;
import static org.chelate.server.hostile.cds.HookCalls.serumMagnesium;
import static org.chelate.server.hostile.cds.HookCalls.service;
import static org.chelate.server.hostile.cds.HookCalls.zinc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code 1e999999} (nine bytes that expand to a million digits once added, rounded or printed) in every numeric
 * position of a CDS call: each answer comes at once, says which record was not read, and no work is left running
 * after it (measured from the guidance threads' and the process's CPU time).
 */
class HugeNumberCdsTest {

    private static final String HUGE = "1e999999";
    private static final String MARK = "\"__huge__\"";

    @TempDir
    Path dataDir;

    @Test
    void everyNumberOfARequestIsBoundedAndNoWorkOutlivesTheAnswer() throws Exception {
        try (ChelateServer server = ChelateServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build())) {
            ObjectNode patientView = (ObjectNode) JSON.readTree(patientView("p1", prefetch(), null, null));
            ObjectNode orderSign = orderSign();
            cards(post(service(server, "chelate-patient-view"), patientView.toString(), null)); // warm
            List<Long> millis = new ArrayList<>();
            int positions = 0;
            for (ObjectNode request : List.of(patientView, orderSign)) {
                String serviceId = request.get("hook").asText().equals("patient-view") ? "chelate-patient-view"
                        : "chelate-order-sign";
                for (String pointer : numberPointers(request, "")) {
                    positions++;
                    String body = withHuge(request, pointer);
                    long t0 = System.nanoTime();
                    HttpResponse<String> answer = post(service(server, serviceId), body, null);
                    millis.add((System.nanoTime() - t0) / 1_000_000);
                    assertEquals(200, answer.statusCode(), pointer + ": " + answer.body());
                    assertTrue(answer.body().length() < 64_000, pointer + ": " + answer.body().length() + " bytes");
                    JsonNode incomplete = card(cards(answer), "incomplete-data");
                    assertNotNull(incomplete, pointer + ": the card must say a record was not read " + answer.body());
                    String detail = incomplete.get("detail").asText();
                    assertTrue(detail.contains(recordOf(request, pointer)), pointer + ": " + detail);
                }
            }
            assertTrue(positions >= 20, "numbers tried: " + positions);
            Collections.sort(millis);
            System.out.printf("1e999999 in %d numeric positions: median %d ms, slowest %d ms%n", positions,
                    millis.get(millis.size() / 2), millis.get(millis.size() - 1));
            assertTrue(millis.get(millis.size() / 2) < 500, "median answer " + millis.get(millis.size() / 2) + " ms");
            assertTrue(millis.get(millis.size() - 1) < 3_000, "slowest answer " + millis.get(millis.size() - 1) + " ms");
            assertNothingKeepsRunning();
        }
    }

    @Test
    void aHugeNumberInAFetchedBundleLeavesOnlyThatRecordOut() throws Exception {
        try (FakeEhr ehr = new FakeEhr(); ChelateServer server = HookCalls.serverAllowing(dataDir, ehr)) {
            HookCalls.warmFallback(server, ehr);
            ehr.bodies.put("MedicationStatement", bundle(zinc("zn", "p2").replace("\"value\":50", "\"value\":" + HUGE),
                    zinc("zn-ok", "p2")));
            Map<String, String> prefetch = prefetch();
            prefetch.remove("medicationStatements");
            prefetch.put("patient", patient("p2"));
            prefetch.put("medicationRequests", bundle());
            prefetch.put("observations", bundle());
            JsonNode cards = cards(post(service(server, "chelate-patient-view"),
                    patientView("p2", prefetch, ehr.base(), "t"), null));
            assertTrue(card(cards, "incomplete-data").get("detail").asText().contains("MedicationStatement/zn "),
                    cards.toString());
            assertTrue(card(cards, "upper-limit").get("summary").asText().startsWith("Zinc 100 mg/day"),
                    "the other zinc record is still counted: " + cards);
        }
    }

    private static Map<String, String> prefetch() {
        Map<String, String> prefetch = new LinkedHashMap<>();
        prefetch.put("patient", patient("p1"));
        prefetch.put("medicationStatements", bundle(zinc("zn", "p1")));
        prefetch.put("medicationRequests", bundle(magnesiumOrder("mg", "p1")));
        prefetch.put("observations", bundle(serumMagnesium("lab", "p1")));
        prefetch.put("conditions", bundle());
        return prefetch;
    }

    private static ObjectNode orderSign() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(patientView("p1", prefetch(), null, null));
        request.put("hook", "order-sign");
        String draft = magnesiumOrder("d1", "p1").replace("\"status\":\"active\"", "\"status\":\"draft\"");
        ((ObjectNode) request.get("context")).set("draftOrders", JSON.readTree(bundle(draft)));
        return request;
    }

    /** JSON pointers of every number in the tree, e.g. /prefetch/observations/entry/0/resource/valueQuantity/value. */
    private static List<String> numberPointers(JsonNode node, String at) {
        List<String> found = new ArrayList<>();
        if (node.isNumber()) {
            found.add(at);
        } else if (node.isObject()) {
            node.fieldNames().forEachRemaining(f -> found.addAll(numberPointers(node.get(f), at + "/" + f)));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.addAll(numberPointers(node.get(i), at + "/" + i));
            }
        }
        return found;
    }

    private static String withHuge(ObjectNode request, String pointer) {
        ObjectNode copy = request.deepCopy();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), JSON.getNodeFactory().textNode("__huge__"));
        } else {
            ((ObjectNode) parent).put(last, "__huge__");
        }
        return copy.toString().replace(MARK, HUGE);
    }

    /** What the card must name: the record holding the number ("MedicationStatement/zn"), or the patient. */
    private static String recordOf(ObjectNode request, String pointer) {
        String[] parts = pointer.split("/");
        if (pointer.startsWith("/prefetch/patient/")) {
            return "Patient details";
        }
        int entry = List.of(parts).indexOf("entry");
        JsonNode resource = request.at(String.join("/", List.of(parts).subList(0, entry + 2)) + "/resource");
        return resource.get("resourceType").asText() + "/" + resource.get("id").asText();
    }

    /**
     * After the last answer the guidance threads go idle (parked in their pool) within 2 s — the step a cancelled call
     * was in may finish on a busy machine, a runaway never does — and over the next 1.5 s they use no CPU and the
     * process far less than a core.
     */
    private static void assertNothingKeepsRunning() throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long idleBy = System.nanoTime() + 2_000_000_000L;
        while (!guidanceIdle(threads) && System.nanoTime() < idleBy) {
            Thread.sleep(50);
        }
        assertTrue(guidanceIdle(threads), "a guidance thread is still working 2 s after the last answer");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long guidanceBefore = guidanceCpuNanos(threads);
        long processBefore = os.getProcessCpuTime();
        Thread.sleep(1_500);
        long guidance = guidanceCpuNanos(threads) - guidanceBefore;
        long process = os.getProcessCpuTime() - processBefore;
        assertTrue(guidance < 50_000_000L, "guidance threads used " + guidance / 1_000_000 + " ms of CPU");
        assertTrue(process < 750_000_000L, "the process used " + process / 1_000_000 + " ms of CPU in 1.5 s after "
                + "the last answer (a core left computing would use 1,500)");
    }

    /** Every guidance thread waits for work: none is running Chelate code. */
    private static boolean guidanceIdle(ThreadMXBean threads) {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 32)) {
            if (info != null && info.getThreadName().startsWith("cds-guidance")) {
                for (StackTraceElement frame : info.getStackTrace()) {
                    if (frame.getClassName().startsWith("org.chelate.")) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static long guidanceCpuNanos(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("cds-guidance")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

}
