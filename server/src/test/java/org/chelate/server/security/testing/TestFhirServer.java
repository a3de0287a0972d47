package org.chelate.server.security.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.provider.HashMapResourceProvider;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * A bare HAPI RestfulServer on a real Jetty for the authorization tests: HAPI's in-memory HashMapResourceProvider for
 * each type (it fires the storage hooks the AuthorizationInterceptor checks old and new versions with), a search by
 * {@code subject} with {@code _include}, and a minimal transaction.
 */
public final class TestFhirServer implements AutoCloseable {

    public static final FhirContext FHIR = FhirContext.forR4Cached();

    public final Map<String, HashMapResourceProvider<? extends IBaseResource>> providers = new LinkedHashMap<>();
    public final TestJetty jetty;

    public TestFhirServer(Object... interceptors) throws Exception {
        providers.put("Patient", new HashMapResourceProvider<>(FHIR, Patient.class));
        providers.put("Observation", new SubjectSearchProvider<>(Observation.class));
        providers.put("MedicationStatement", new SubjectSearchProvider<>(MedicationStatement.class));
        providers.put("CodeSystem", new HashMapResourceProvider<>(FHIR, CodeSystem.class));
        providers.put("Medication", new HashMapResourceProvider<>(FHIR, Medication.class));
        RestfulServer server = new RestfulServer(FHIR);
        server.setResourceProviders(new ArrayList<>(providers.values()));
        server.registerProvider(new TransactionProvider());
        server.registerProvider(new PatientOperationProvider());
        for (Object interceptor : interceptors) {
            server.registerInterceptor(interceptor);
        }
        jetty = TestJetty.start(context -> context.addServlet(new ServletHolder(server), "/fhir/*"));
    }

    public String base() {
        return jetty.base() + "/fhir";
    }

    @SuppressWarnings("unchecked")
    public <T extends IBaseResource> void seed(T resource) {
        ((HashMapResourceProvider<T>) providers.get(FHIR.getResourceType(resource))).store(resource);
    }

    public IBaseResource stored(String type, String id) {
        return providers.get(type).getStoredResources().stream()
                .filter(r -> r.getIdElement().getIdPart().equals(id)).findFirst().orElse(null);
    }

    @Override
    public void close() throws Exception {
        jetty.close();
    }

    private IBaseResource resolve(String reference) {
        IdType id = new IdType(reference);
        HashMapResourceProvider<? extends IBaseResource> provider = providers.get(id.getResourceType());
        return provider == null ? null : stored(id.getResourceType(), id.getIdPart());
    }

    /** HashMapResourceProvider plus {@code ?subject=...&_include=...}; includes go in via Reference.setResource. */
    final class SubjectSearchProvider<T extends IBaseResource> extends HashMapResourceProvider<T> {

        SubjectSearchProvider(Class<T> type) {
            super(FHIR, type);
        }

        @Search
        public List<IBaseResource> bySubject(@RequiredParam(name = "subject") ReferenceParam subject,
                @IncludeParam(allow = "*") Set<Include> includes) {
            String wanted = subject.getResourceType() == null ? "Patient/" + subject.getIdPart() : subject.getValue();
            List<IBaseResource> matches = new ArrayList<>();
            for (T stored : getStoredResources()) {
                Resource copy = ((Resource) stored).copy();
                boolean mine = FHIR.newTerser().getAllResourceReferences(copy).stream()
                        .anyMatch(ref -> ref.getName().equals("subject")
                                && wanted.equals(ref.getResourceReference().getReferenceElement().toUnqualifiedVersionless().getValue()));
                if (!mine) {
                    continue;
                }
                for (ResourceReferenceInfo ref : FHIR.newTerser().getAllResourceReferences(copy)) {
                    if (ref.matchesIncludeSet(includes)) {
                        IBaseResource target = resolve(ref.getResourceReference().getReferenceElement().getValue());
                        if (target != null) {
                            ref.getResourceReference().setResource(target);
                        }
                    }
                }
                matches.add(copy);
            }
            return matches;
        }
    }

    /** An instance operation on Patient answering Parameters, like Chelate's $regimen-summary. */
    public static final class PatientOperationProvider {

        @Operation(name = "$test-summary", type = Patient.class, idempotent = true)
        public Parameters summary(@IdParam IdType patient) {
            Parameters parameters = new Parameters();
            parameters.addParameter("patient", patient.toUnqualifiedVersionless().getValue());
            return parameters;
        }
    }

    /** Enough of a transaction for the tests: POST and PUT entries, applied in order. */
    final class TransactionProvider {

        @Transaction
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
            Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Resource resource = entry.getResource();
                HashMapResourceProvider provider = providers.get(resource.fhirType());
                if (provider == null) {
                    throw new InvalidRequestException("unsupported type " + resource.fhirType());
                }
                String status;
                if (entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT) {
                    resource.setId(new IdType(entry.getRequest().getUrl()));
                    provider.update(resource, null, request);
                    status = "200 OK";
                } else {
                    provider.create(resource, request);
                    status = "201 Created";
                }
                response.addEntry().getResponse().setStatus(status)
                        .setLocation(resource.getIdElement().toUnqualifiedVersionless().getValue());
            }
            return response;
        }
    }
}
