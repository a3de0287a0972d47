package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** What the server answers besides the resources: issue codes, Prefer, Location, absolute fullUrls, log levels. */
class FhirResponsesTest extends ServerPerBackend {

    private static void assertCode(FhirHttp.Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(code, reply.outcome().getIssueFirstRep().getCode().toCode(), reply.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyErrorCarriesTheIssueCodeItsStatusMeansAndClientErrorsAreNotLoggedAsErrors(Backend backend)
            throws Exception {
        FhirHttp http = http(backend);
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        try {
            String id = unique("p");
            assertCode(http.get("Patient/" + id), 404, "not-found");
            http.put("Patient/" + id, new Patient().setActive(true).setId(id));
            http.delete("Patient/" + id);
            assertCode(http.get("Patient/" + id), 410, "deleted");
            String kept = unique("k");
            http.put("Patient/" + kept, new Patient().setActive(true).setId(kept));
            assertCode(http.put("Patient/" + kept, new Patient().setActive(false).setId(kept), "If-Match", "W/\"7\""),
                    412, "conflict");
            assertCode(http.post("Patient", "name=x", "text/plain"), 415, "not-supported");
            assertCode(http.get("Patient?shoe-size=3"), 400, "not-supported");
            assertCode(http.get("Patient?birthdate=yesterday"), 400, "invalid");
            assertCode(http.post("Patient", "{\"resourceType\":\"Patient\",\"active\":\"maybe\"}", FhirHttp.JSON),
                    400, "invalid");
        } finally {
            root.detachAppender(events);
        }
        assertTrue(events.list.stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)),
                events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                        .map(ILoggingEvent::getFormattedMessage).toList().toString());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void preferOperationOutcomeAndLocationOnEveryCreate(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        FhirHttp.Reply created = http.post("Patient", new Patient().setActive(true), "Prefer", "return=OperationOutcome");
        assertEquals(201, created.status(), created.body());
        OperationOutcome outcome = created.outcome();
        assertEquals("informational", outcome.getIssueFirstRep().getCode().toCode(), created.body());
        assertTrue(created.header("Location").startsWith("http"), created.header("Location"));

        String id = unique("put");
        FhirHttp.Reply put = http.put("Patient/" + id, new Patient().setActive(true).setId(id));
        assertEquals(201, put.status(), put.body());
        assertTrue(put.header("Location").endsWith("/Patient/" + id + "/_history/1"), put.header("Location"));

        String identifier = unique("cond");
        FhirHttp.Reply conditional = http.put("Patient?identifier=urn:x%7C" + identifier,
                new Patient().addIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("urn:x")
                        .setValue(identifier)));
        assertEquals(201, conditional.status(), conditional.body());
        assertTrue(conditional.header("Location").contains("/Patient/"), String.valueOf(conditional.header("Location")));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void batchResponsesHaveAbsoluteFullUrlsAndCodedFailures(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry().setResource(new Patient().setActive(true)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + unique("none"));
        FhirHttp.Reply reply = http.post("", FhirHttp.json(batch), FhirHttp.JSON);
        assertEquals(200, reply.status(), reply.body());
        Bundle response = reply.bundle();
        assertTrue(response.getEntry().get(0).getFullUrl().startsWith("http"), reply.body());
        assertEquals("not-found", ((OperationOutcome) response.getEntry().get(1).getResponse().getOutcome())
                .getIssueFirstRep().getCode().toCode());
    }
}
