package org.chelate.plugin.cdshooks;

import static org.chelate.plugin.guidance.Fhir.coded;
import static org.chelate.plugin.guidance.Fhir.patient;
import static org.chelate.plugin.guidance.Scenario.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.chelate.plugin.guidance.Fhir;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** The per-call budget, with a clock that moves a fixed step each time it is read (no timing in the test). */
class CdsHooksServiceBudgetTest {

    /** Every read of the clock advances it by {@code step}. */
    private static Clock stepping(Duration step) {
        Instant start = TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
        AtomicLong reads = new AtomicLong();
        return new TestClock(() -> start.plus(step.multipliedBy(reads.getAndIncrement())));
    }

    private static HookRequest request() {
        return HookRequest.of("patient-view", Fhir.PATIENT_ID)
                .prefetch("patient", patient("1984-05-10", AdministrativeGender.FEMALE))
                .prefetch("medicationStatements", HookRequest.searchset(new Resource[] {
                        coded("mg", "magnesium", "400", 1, TODAY.minusDays(30))}))
                .prefetch("medicationRequests", HookRequest.searchset())
                .prefetch("observations", HookRequest.searchset())
                .prefetch("conditions", HookRequest.searchset());
    }

    @Test
    void withinBudgetAllCards() {
        CdsHooksService service = new CdsHooksService(KnowledgePack.loadDefault(),
                CdsHooksConfig.defaults().withBudget(Duration.ofSeconds(10)).withClock(stepping(Duration.ofMillis(1))),
                new InMemoryFeedbackStore());
        service.warmUp();
        assertFalse(service.invoke("chelate-patient-view", request().body()).get("cards").isEmpty());
    }

    @Test
    void pastTheBudgetAnswersWithTheCardsItCanStandBehind() {
        // clock read once at the start, then before each rule: with 8 s steps only the first rule (UL) starts
        // within the 10 s budget; its card is complete and is sent, the rest are not run. (The budget is long in
        // real time too, so that the real wait never decides the outcome.)
        CdsHooksService partial = new CdsHooksService(KnowledgePack.loadDefault(), CdsHooksConfig.defaults()
                .withBudget(Duration.ofSeconds(10)).withClock(stepping(Duration.ofSeconds(8))), new InMemoryFeedbackStore());
        partial.warmUp();
        var cards = partial.invoke("chelate-patient-view", request().body()).get("cards");
        assertEquals(2, cards.size());
        assertEquals("upper-limit", cards.get(0).get("source").get("topic").get("code").asText());
        assertEquals("incomplete-data", cards.get(1).get("source").get("topic").get("code").asText(),
                "the answer says that not every check ran");
        // with 12 s steps no rule starts in time: an answer saying nothing was checked rather than a hang
        CdsHooksService none = new CdsHooksService(KnowledgePack.loadDefault(), CdsHooksConfig.defaults()
                .withBudget(Duration.ofSeconds(10)).withClock(stepping(Duration.ofSeconds(12))), new InMemoryFeedbackStore());
        none.warmUp();
        var noneCards = none.invoke("chelate-patient-view", request().body()).get("cards");
        assertEquals(1, noneCards.size());
        assertEquals("incomplete-data", noneCards.get(0).get("source").get("topic").get("code").asText());
    }

    @Test
    void mappingThatCannotFinishWithinTheBudgetIsAnsweredWithTheIncompleteCardOnly() {
        // 1 ms cannot hold reading and mapping 500 observations: the answer comes instead of a hang, and it says
        // that nothing was checked rather than looking like "all clear"
        CdsHooksService tight = new CdsHooksService(KnowledgePack.loadDefault(),
                CdsHooksConfig.defaults().withBudget(Duration.ofMillis(1)), new InMemoryFeedbackStore());
        var heavy = tight.parse(org.chelate.plugin.cdshooks.bench.BenchmarkData.patientViewRequest(20, 500)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var cards = tight.invoke("chelate-patient-view", heavy).get("cards");
        assertEquals(1, cards.size(), cards.toString());
        assertEquals("incomplete-data", cards.get(0).get("source").get("topic").get("code").asText());
        assertTrue(cards.get(0).get("detail").asText().contains("time limit"), cards.toString());
    }
}
