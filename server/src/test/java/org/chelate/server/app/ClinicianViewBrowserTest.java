package org.chelate.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The clinician view in headless Chromium against the real server (Jetty on a free port, embedded H2), open on
 * loopback: every chart's data points are checked against {@code $regimen-summary} and the records, the clash is
 * highlighted, everything links to its resource, and the page keeps to its Content-Security-Policy.
 */
class ClinicianViewBrowserTest {

    @TempDir
    static Path data;
    static ChelateServer server;
    static ViewFhir fhir;
    static HeadlessChromium browser;
    static final String PATIENT = "view-1";
    static final String LARGE = "view-large";

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        server = ChelateServer.start(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(data).build());
        fhir = new ViewFhir(server.fhirBase(), null);
        fhir.post("", ViewRecords.transaction(PATIENT, LocalDate.now(ZoneOffset.UTC), 3, 400));
        browser = HeadlessChromium.start(1400, 1000);
        browser.driver.get(server.baseUri() + "/app/?patient=" + PATIENT);
        browser.awaitPage();
        browser.screenshot("clinician-view");
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void dailyIntakePointsAreTheSummarysTotalsOnThoseDays() throws Exception {
        for (String mineral : List.of("magnesium", "zinc")) {
            List<WebElement> points = chartPoints("intake-" + mineral);
            assertFalse(points.isEmpty(), mineral);
            for (WebElement p : points) {
                String date = p.getDomAttribute("data-date");
                JsonNode total = ViewFhir.part(ViewFhir.mineral(fhir.summary(PATIENT, date), mineral), "dailyElementalMg");
                assertEquals(0, decimal(ViewFhir.part(total, "low").path("valueQuantity").path("value"))
                        .compareTo(new BigDecimal(p.getDomAttribute("data-low"))), mineral + " low on " + date);
                assertEquals(0, decimal(ViewFhir.part(total, "high").path("valueQuantity").path("value"))
                        .compareTo(new BigDecimal(p.getDomAttribute("data-high"))), mineral + " high on " + date);
            }
        }
        // one more check between the steps: the day before the latest change still has the earlier total
        List<WebElement> mg = chartPoints("intake-magnesium");
        WebElement last = mg.get(mg.size() - 1);
        String before = LocalDate.parse(last.getDomAttribute("data-date")).minusDays(1).toString();
        JsonNode total = ViewFhir.part(ViewFhir.mineral(fhir.summary(PATIENT, before), "magnesium"), "dailyElementalMg");
        assertEquals(0, decimal(ViewFhir.part(total, "high").path("valueQuantity").path("value"))
                .compareTo(new BigDecimal(mg.get(mg.size() - 2).getDomAttribute("data-high"))));
    }

    @Test
    void timelineShowsEveryRegimenAndInteractingDrugOfTheSummary() throws Exception {
        JsonNode summary = fhir.summary(PATIENT, null);
        Set<String> expected = new HashSet<>();
        for (JsonNode p : summary.path("parameter")) {
            if (p.path("name").asText().equals("mineral")) {
                p.path("part").forEach(part -> {
                    if (part.path("name").asText().equals("regimen")) {
                        expected.add(ViewFhir.reference(part, "source"));
                    }
                });
            } else if (p.path("name").asText().equals("otherRegimen")) {
                expected.add(ViewFhir.reference(p, "source"));
            }
        }
        expected.add("MedicationStatement/" + ViewRecords.id(PATIENT, "doxy"));
        expected.add("MedicationStatement/" + ViewRecords.id(PATIENT, "cipro"));
        Set<String> shown = new HashSet<>();
        chartPoints("timeline").forEach(bar -> shown.add(bar.getDomAttribute("data-source")));
        assertEquals(expected, shown);
        String zincBasis = browser.driver.findElement(By.cssSelector("[data-chart=timeline] [data-source='MedicationStatement/" + ViewRecords.id(PATIENT, "mg-bis") + "']"))
                .getDomAttribute("class");
        assertTrue(zincBasis.contains("basis-converted"), zincBasis);
    }

    @Test
    void labPointsAreTheRecordsAndTheLatestIsTheSummarys() throws Exception {
        JsonNode summary = fhir.summary(PATIENT, null);
        for (String analyte : List.of("serum-magnesium", "serum-zinc", "serum-copper", "egfr")) {
            List<WebElement> points = chartPoints("lab-" + analyte);
            assertEquals(4, points.size(), analyte);
            JsonNode lab = null;
            for (JsonNode p : summary.path("parameter")) {
                if (p.path("name").asText().equals("lab") && ViewFhir.part(p, "analyte").path("valueCode").asText().equals(analyte)) {
                    lab = p;
                }
            }
            assertNotNull(lab, analyte);
            WebElement latest = points.get(points.size() - 1);
            assertEquals(ViewFhir.reference(lab, "source"), latest.getDomAttribute("data-source"), analyte);
            assertEquals(0, decimal(ViewFhir.part(lab, "value").path("valueQuantity").path("value"))
                    .compareTo(new BigDecimal(latest.getDomAttribute("data-value"))), analyte);
            assertEquals(ViewFhir.part(lab, "date").path("valueDate").asText(), latest.getDomAttribute("data-date"));
        }
    }

    @Test
    void scorePointsAreTheSummarysTrendWithTheRegimenStartsMarked() throws Exception {
        JsonNode summary = fhir.summary(PATIENT, null);
        List<String> expected = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        for (JsonNode p : summary.path("parameter")) {
            if (p.path("name").asText().equals("symptomTrend")) {
                for (JsonNode part : p.path("part")) {
                    if (part.path("name").asText().equals("point")) {
                        expected.add(ViewFhir.part(part, "date").path("valueDate").asText() + "="
                                + decimal(ViewFhir.part(part, "value").path("valueDecimal")).stripTrailingZeros().toPlainString());
                    } else if (part.path("name").asText().equals("response")) {
                        starts.add(ViewFhir.part(part, "regimenStart").path("valueDate").asText());
                    }
                }
            }
        }
        List<String> shown = new ArrayList<>();
        List<String> shownStarts = new ArrayList<>();
        for (Map<String, String> p : pointData("score-0")) {
            if (p.get("start") != null) {
                shownStarts.add(p.get("start"));
            } else {
                shown.add(p.get("date") + "=" + new BigDecimal(p.get("value")).stripTrailingZeros().toPlainString());
            }
        }
        assertEquals(400, expected.size());
        assertEquals(expected, shown);
        assertFalse(starts.isEmpty());
        assertEquals(starts, shownStarts);
        String legend = text("[data-chart=score-0] .legend");
        assertTrue(legend.contains("not evidence that a supplement caused"), legend);
    }

    @Test
    void theBedtimeClashIsHighlightedAndTheCardsAreTheEnginesCards() throws Exception {
        WebElement clock = browser.driver.findElement(By.cssSelector("[data-chart=clock]"));
        assertEquals("1", clock.getDomAttribute("data-clashes"));
        List<WebElement> clashing = clock.findElements(By.cssSelector(".supplement-dose.clash"));
        assertEquals(1, clashing.size());
        assertEquals("MedicationStatement/" + ViewRecords.id(PATIENT, "mg-bis"), clashing.get(0).getDomAttribute("data-source"));
        assertEquals("HS", clashing.get(0).getDomAttribute("data-time"));
        assertTrue(clock.findElement(By.cssSelector(".drug-dose.clash")).getDomAttribute("data-source").endsWith("-doxy"));
        // the zinc at breakfast is not at a doxycycline time: not highlighted
        assertEquals("false", clock.findElement(By.cssSelector(".supplement-dose.kind-zinc")).getDomAttribute("data-clash"));

        List<String> engine = new ArrayList<>();
        for (JsonNode p : fhir.get("Patient/" + PATIENT + "/$clinician-view").path("parameter")) {
            if (p.path("name").asText().equals("card")) {
                engine.add(ViewFhir.JSON.readTree(p.path("valueString").asText()).path("summary").asText());
            }
        }
        List<String> shown = browser.driver.findElements(By.cssSelector("#cards .card h3")).stream()
                .map(WebElement::getText).toList();
        assertEquals(engine, shown);
        assertTrue(shown.stream().anyMatch(s -> s.startsWith("Timing clash") && s.contains("Doxycycline")), shown.toString());
    }

    @Test
    void aClickOrTheKeyboardNamesTheResourceAndShowsIt() {
        WebElement bar = browser.driver.findElement(By.cssSelector("[data-chart=timeline] [data-source='MedicationStatement/" + ViewRecords.id(PATIENT, "zn") + "']"));
        bar.click();
        assertEquals("MedicationStatement/" + ViewRecords.id(PATIENT, "zn"), text("#selected-source"));
        browser.driver.findElement(By.cssSelector("button.show-resource")).click();
        browser.waitUpTo(java.time.Duration.ofSeconds(20)).until(d -> text("pre.resource").contains("\"id\": \"" + ViewRecords.id(PATIENT, "zn") + "\""));

        WebElement chart = browser.driver.findElement(By.cssSelector("[data-chart=lab-egfr] svg"));
        chart.sendKeys(Keys.END);
        List<WebElement> points = chartPoints("lab-egfr");
        assertEquals(points.get(points.size() - 1).getDomAttribute("data-source"), text("#selected-source"));
        chart.sendKeys(Keys.ARROW_LEFT);
        assertEquals(points.get(points.size() - 2).getDomAttribute("data-source"), text("#selected-source"));

        WebElement toggle = browser.driver.findElement(By.cssSelector("[data-chart=lab-egfr] .table-toggle"));
        toggle.click();
        assertEquals("true", toggle.getDomAttribute("aria-expanded"));
        WebElement table = browser.driver.findElement(By.id("lab-egfr-table"));
        assertTrue(table.isDisplayed());
        assertEquals(points.size(), table.findElements(By.cssSelector("tbody tr")).size());
    }

    @Test
    void thePageRunsNoInlineScriptCallsNoOtherOriginAndKeepsPatientDataOutOfItsAddress() throws Exception {
        String policy = fhir.header(server.baseUri().resolve("/app/"), "Content-Security-Policy");
        assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
        assertNull(browser.driver.executeScript("return document.querySelector('script:not([src])')"));
        Object ran = browser.driver.executeScript("""
                const s = document.createElement('script');
                s.textContent = 'window.inlineRan = true';
                document.body.append(s);
                return window.inlineRan === true;""");
        assertEquals(Boolean.FALSE, ran);
        @SuppressWarnings("unchecked")
        List<String> origins = (List<String>) browser.driver.executeScript(
                "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin)");
        String own = server.baseUri().toString();
        assertTrue(origins.stream().allMatch(own::equals), origins.toString());
        assertEquals("?patient=" + PATIENT, browser.driver.executeScript("return location.search"));
    }

    @Test
    void everyCdsCardLinksToTheAppAsASmartLink() throws Exception {
        String request = """
                {"hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","hook":"patient-view",
                 "context":{"patientId":"p1","userId":"Practitioner/1"},
                 "prefetch":{"patient":{"resourceType":"Patient","id":"p1","gender":"male","birthDate":"1970-01-01"},
                  "medicationStatements":{"resourceType":"Bundle","type":"searchset","entry":[
                   {"resource":{"resourceType":"MedicationStatement","id":"m1","status":"active",
                    "medicationCodeableConcept":{"text":"Magnesium oxide 400 mg"},"subject":{"reference":"Patient/p1"},
                    "dosage":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","when":["HS"]}}}]}},
                   {"resource":{"resourceType":"MedicationStatement","id":"m2","status":"active",
                    "medicationCodeableConcept":{"text":"Doxycycline 100 mg"},"subject":{"reference":"Patient/p1"},
                    "dosage":[{"timing":{"repeat":{"when":["HS"]}}}]}}]},
                  "medicationRequests":{"resourceType":"Bundle","type":"searchset"},
                  "observations":{"resourceType":"Bundle","type":"searchset"},
                  "conditions":{"resourceType":"Bundle","type":"searchset"}}}
                """;
        JsonNode cards = ViewFhir.JSON.readTree(fhir.postJson(server.baseUri().resolve("/cds-services/chelate-patient-view"),
                request)).path("cards");
        assertTrue(cards.size() > 0);
        for (JsonNode card : cards) {
            List<JsonNode> smart = new ArrayList<>();
            card.path("links").forEach(l -> {
                if (l.path("type").asText().equals("smart")) {
                    smart.add(l);
                }
            });
            assertEquals(1, smart.size(), card.toString());
            assertEquals(server.baseUri() + "/app/launch.html", smart.get(0).path("url").asText());
        }
    }

    /**
     * docs/benchmarks.md: time from navigation to the first paint of every chart, for 2 years of daily scores and 20
     * products, one cold load then three more; written to target/clinician-view-load.txt with the load average (the
     * machine is shared). A figure, not a pass mark: only a complete page is asserted.
     */
    @Test
    void loadTimeOfTwoYearsOfDailyScoresAndTwentyProducts() throws Exception {
        fhir.post("", ViewRecords.transaction(LARGE, LocalDate.now(ZoneOffset.UTC), 17, 730));
        List<Long> millis = new ArrayList<>();
        List<Long> drawing = new ArrayList<>();
        try (HeadlessChromium own = HeadlessChromium.start(1400, 1000)) {
            for (int i = 0; i < 4; i++) {
                own.driver.get(server.baseUri() + "/app/?patient=" + LARGE);
                own.awaitPage();
                millis.add(Math.round(((Number) own.driver.executeScript(
                        "return performance.getEntriesByName('chelate-charts-painted')[0].startTime")).doubleValue()));
                drawing.add(Math.round(((Number) own.driver.executeScript("return performance.getEntriesByName("
                        + "'chelate-charts-painted')[0].startTime - performance.getEntriesByName('chelate-data-read')[0]"
                        + ".startTime")).doubleValue()));
            }
            assertEquals(730, pointData(own, "score-0").stream().filter(p -> p.get("start") == null).count());
            assertEquals(20, pointData(own, "timeline").stream().filter(p -> !p.get("source").endsWith("-doxy")
                    && !p.get("source").endsWith("-cipro")).count());
            own.screenshot("clinician-view-large");
        }
        List<Long> warm = millis.subList(1, millis.size()).stream().sorted().toList();
        String line = "clinician view, 730 daily scores + 20 products: first paint of all charts " + millis.get(0)
                + " ms cold, " + warm.get(1) + " ms median of " + warm + " warm (drawing after the last answer: "
                + drawing + " ms); load average "
                + java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores";
        java.nio.file.Files.writeString(Path.of("target", "clinician-view-load.txt"), line + System.lineSeparator());
        System.out.println(line);
    }

    private static List<WebElement> chartPoints(String chart) {
        return browser.driver.findElements(By.cssSelector("[data-chart='" + chart + "'] svg [data-point]"));
    }

    /** The data attributes of a chart's points, read in one call (one WebDriver call per attribute is slow). */
    private static List<Map<String, String>> pointData(String chart) {
        return pointData(browser, chart);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> pointData(HeadlessChromium in, String chart) {
        return (List<Map<String, String>>) in.driver.executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => ({date: e.dataset.date, value: e.dataset.value,"
                        + " start: e.dataset.start, source: e.dataset.source}))",
                "[data-chart='" + chart + "'] svg [data-point]");
    }

    private static String text(String css) {
        return browser.driver.findElement(By.cssSelector(css)).getText();
    }

    private static BigDecimal decimal(JsonNode node) {
        return new BigDecimal(node.asText());
    }
}
