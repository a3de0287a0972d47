package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** HAPI's generic client runs every interaction the server offers, once in JSON and once in XML. */
class GenericClientSessionTest extends ServerPerBackend {

    @ParameterizedTest
    @EnumSource(value = EncodingEnum.class, names = {"JSON", "XML"})
    void aScriptedSessionOfEveryInteraction(EncodingEnum encoding) throws Exception {
        FhirHttp.CONTEXT.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        // the server's first FHIRPath Patch builds its FHIRPath engine (all R4 StructureDefinitions): seconds
        FhirHttp.CONTEXT.getRestfulClientFactory().setSocketTimeout(120_000);
        IGenericClient client = FhirHttp.CONTEXT.newRestfulGenericClient(server(Backend.H2).fhirBase().toString());
        client.setEncoding(encoding);
        String identifier = unique("gc");

        assertEquals("ChelateCapabilityStatement", client.capabilities().ofType(CapabilityStatement.class).execute()
                .getName());
        Patient patient = new Patient().setActive(true);
        patient.addIdentifier().setSystem("urn:gc").setValue(identifier);
        patient.addName().setFamily(identifier);
        MethodOutcome created = client.create().resource(patient).conditionalByUrl("Patient?identifier=urn:gc|"
                + identifier).execute();
        IdType id = (IdType) created.getId().toUnqualifiedVersionless();
        assertEquals(id, client.create().resource(patient).conditionalByUrl("Patient?identifier=urn:gc|" + identifier)
                .execute().getId().toUnqualifiedVersionless(), "conditional create finds the first");
        Patient read = client.read().resource(Patient.class).withId(id).execute();
        read.setActive(false);
        client.update().resource(read).execute();
        assertEquals("1", client.read().resource(Patient.class).withId(id.withVersion("1")).execute().getMeta().getVersionId());
        read.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
        read.setId((String) null);
        client.update().resource(read).conditionalByUrl("Patient?identifier=urn:gc|" + identifier).execute();
        assertEquals("3", client.read().resource(Patient.class).withId(id).execute().getMeta().getVersionId());
        client.patch().withBody("[{\"op\":\"add\",\"path\":\"/birthDate\",\"value\":\"1990-02-03\"}]")
                .withId(id).execute();
        client.patch().withFhirPatch(FhirPatchTest.fhirPatch("replace", "Patient.active",
                "value", new org.hl7.fhir.r4.model.BooleanType(true))).withId(id).execute();
        Patient patched = client.read().resource(Patient.class).withId(id).execute();
        assertEquals("5", patched.getMeta().getVersionId());
        assertEquals("1990-02-03", patched.getBirthDateElement().getValueAsString());
        assertTrue(patched.getActive());

        Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                .setSubject(new Reference(id));
        client.create().resource(visit).execute();
        Bundle found = client.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:gc", identifier))
                .revInclude(Encounter.INCLUDE_SUBJECT).returnBundle(Bundle.class).execute();
        assertEquals(2, found.getEntry().size());
        Bundle encounters = client.search().forResource(Encounter.class).where(Encounter.SUBJECT.hasId(id))
                .include(Encounter.INCLUDE_SUBJECT).returnBundle(Bundle.class).execute();
        assertEquals(2, encounters.getEntry().size());
        Bundle chained = client.search().forResource(Encounter.class)
                .where(Encounter.SUBJECT.hasChainedProperty(Patient.NAME.matches().value(identifier)))
                .totalMode(ca.uhn.fhir.rest.api.SearchTotalModeEnum.NONE).returnBundle(Bundle.class).execute();
        assertEquals(1, chained.getEntry().size(), "chained search");
        assertTrue(!chained.hasTotal(), "_total=none");
        Bundle has = client.search().forResource(Patient.class).whereMap(java.util.Map.of(
                "_has:Encounter:subject:status", java.util.List.of("finished"),
                "identifier", java.util.List.of("urn:gc|" + identifier))).returnBundle(Bundle.class).execute();
        assertEquals(id.getIdPart(), has.getEntryFirstRep().getResource().getIdElement().getIdPart(), "_has");
        assertEquals(5, client.history().onInstance(id).returnBundle(Bundle.class).execute().getEntry().size());
        assertTrue(client.history().onType(Patient.class).returnBundle(Bundle.class).count(5).execute().hasEntry());

        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(new Patient())
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        Bundle response = client.transaction().withBundle(transaction).execute();
        assertEquals("201 Created", response.getEntryFirstRep().getResponse().getStatus());
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(id.getValue());
        assertEquals("200 OK", client.transaction().withBundle(batch).execute().getEntryFirstRep().getResponse()
                .getStatus());

        Parameters summary = client.operation().onInstance(id).named("$regimen-summary").withNoParameters(Parameters.class)
                .useHttpGet().execute();
        assertTrue(summary.getParameter().stream().anyMatch(p -> p.getName().equals("patient")));

        compartmentSystemAndEverything(client, id);

        client.delete().resourceConditionalByUrl("Patient?identifier=urn:gc|" + identifier).execute();
        Assertions.assertThrows(ResourceGoneException.class,
                () -> client.read().resource(Patient.class).withId(id).execute());
    }

    /** Compartment search, system search, system history (two pages) and $everything of the session's patient. */
    private static void compartmentSystemAndEverything(IGenericClient client, IdType id) {
        Bundle compartment = client.search().byUrl(client.getServerBase() + "/" + id.getValue() + "/Encounter?status=finished")
                .returnBundle(Bundle.class).execute();
        assertEquals(1, compartment.getEntry().size());
        Bundle system = client.search().forAllResources()
                .whereMap(java.util.Map.of("_type", java.util.List.of("Patient,Encounter"), "_id",
                        java.util.List.of(id.getIdPart())))
                .returnBundle(Bundle.class).execute();
        assertEquals(1, system.getEntry().size());
        Bundle history = client.history().onServer().returnBundle(Bundle.class).count(2).execute();
        assertEquals(2, history.getEntry().size());
        assertEquals(2, client.loadPage().next(history).execute().getEntry().size(), "the next page by its link");
        Bundle everything = client.operation().onInstance(id).named("$everything").withNoParameters(Parameters.class)
                .returnResourceType(Bundle.class).useHttpGet().execute();
        assertEquals(2, everything.getEntry().size(), "the patient and the encounter");
    }
}
