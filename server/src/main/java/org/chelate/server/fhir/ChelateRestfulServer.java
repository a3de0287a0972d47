package org.chelate.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.ResourceBinding;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.SearchPreferHandlingInterceptor;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.IParameter;
import ca.uhn.fhir.rest.server.method.SearchMethodBinding;
import ca.uhn.fhir.rest.server.method.SearchParameter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chelate.plugin.PatientRecordSource;
import org.chelate.server.store.Database;
import org.chelate.server.store.IndexedParams;
import org.chelate.server.store.ResourceStore;

/**
 * The HAPI RestfulServer at /fhir, backed by the JDBC store. More providers and interceptors (the plugin, security)
 * can be registered on it with {@link #registerProvider(Object)} and {@link #registerInterceptor(Object)}.
 * It sets a {@link StructuralParserErrorHandler} on the FhirContext it is given, so that request bodies with unknown
 * elements or wrongly shaped JSON are refused (400) instead of silently changed.
 */
public final class ChelateRestfulServer extends RestfulServer {

    private final transient FhirEndpointSettings settings;
    private final transient ResourceService service;
    private final transient IndexedSearchParamRegistry searchParamRegistry;
    private transient CompartmentSearchProvider compartmentSearch;

    public ChelateRestfulServer(FhirContext fhirContext, Database database) {
        this(fhirContext, database, FhirEndpointSettings.defaults());
    }

    public ChelateRestfulServer(FhirContext fhirContext, Database database, FhirEndpointSettings settings) {
        super(fhirContext);
        fhirContext.setParserErrorHandler(new StructuralParserErrorHandler());
        ClientErrorLogLevel.install();
        this.settings = settings;
        IndexedParams params = IndexedParams.standard(fhirContext);
        this.service = new ResourceService(new ResourceStore(database), params);
        this.searchParamRegistry = new IndexedSearchParamRegistry(params, fhirContext, this::searchParamsOfProviders);
    }

    /** FHIR interactions over the store without HTTP (for in-process callers). */
    public ResourceService resourceService() {
        return service;
    }

    /** The plugin's read API over the store: pass it to {@code ChelatePlugin.register(server, source)}. */
    public PatientRecordSource patientRecordSource() {
        return new StoreRecordSource(service);
    }

    @Override
    protected void initialize() {
        setDefaultPrettyPrint(false);
        setServerName("Chelate");
        setServerVersion(ChelateRestfulServer.class.getPackage().getImplementationVersion() == null ? "0.1.0"
                : ChelateRestfulServer.class.getPackage().getImplementationVersion());
        setImplementationDescription("Chelate FHIR R4 server");
        // Searches and histories page by _offset (OffsetPaging), so their links work on any instance; the in-memory
        // provider holds the page size bounds and only pages a bundle provider that cannot page by offset.
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(settings.pagedSearches());
        paging.setDefaultPageSize(settings.defaultPageSize());
        paging.setMaximumPageSize(settings.maxPageSize());
        setPagingProvider(paging);

        List<Object> providers = new ArrayList<>();
        Compartments compartments = new Compartments(service.params());
        for (String type : service.params().resourceTypes()) {
            providers.add(new StoredResourceProvider(service, type, compartments));
        }
        providers.add(new TransactionProvider(service, settings));
        compartmentSearch = new CompartmentSearchProvider(service, compartments, settings);
        providers.add(new SystemLevelProvider(service, settings));
        providers.add(new EverythingProvider(service, compartments, settings));
        StructureDefinitionProvider profiles = new StructureDefinitionProvider(getFhirContext());
        providers.add(profiles);
        registerProviders(providers);
        ChelateCapabilityStatementProvider capabilities = new ChelateCapabilityStatementProvider(this, searchParamRegistry);
        capabilities.setRestResourceRevIncludesEnabled(true);
        setServerConformanceProvider(capabilities);
        registerInterceptor(new SearchPreferHandlingInterceptor(searchParamRegistry));
        registerInterceptor(new ContentTypeCheck());
        registerInterceptor(new StoreFailureTranslator());
        registerInterceptor(new CreatedLocation());
        registerInterceptor(new StoredBodyResponse());
        registerInterceptor(new CapabilityStatementAmendments(service.params().resourceTypes(), profiles::profilesOf));
        registerInterceptor(new ChainCapabilityDocumentation(service.params()));
        registerInterceptor(new StoredSearchResponse());
        registerInterceptor(new CompartmentCapabilities(compartments));
    }

    /** Compartment searches ({@code Patient/1/Observation}) go to the one method that serves every member type. */
    @Override
    public BaseMethodBinding determineResourceMethod(RequestDetails request, String requestPath) {
        BaseMethodBinding compartment = compartmentSearch == null ? null : compartmentSearch.binding(request);
        return compartment != null ? compartment : super.determineResourceMethod(request, requestPath);
    }

    /** The parameter names the search methods of every provider registered for {@code resourceType} take. */
    private Set<String> searchParamsOfProviders(String resourceType) {
        Set<String> names = new HashSet<>();
        for (ResourceBinding binding : getResourceBindings()) {
            if (!binding.getResourceName().equals(resourceType)) {
                continue;
            }
            for (BaseMethodBinding method : binding.getMethodBindings()) {
                if (method instanceof SearchMethodBinding) {
                    for (IParameter parameter : method.getParameters()) {
                        if (parameter instanceof SearchParameter searchParameter) {
                            names.add(searchParameter.getName());
                        }
                    }
                }
            }
        }
        return names;
    }

    @Override
    protected void handleRequest(RequestTypeEnum requestType, HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        super.handleRequest(requestType, new BodySizeLimit(request, settings.maxBodyBytes()), response);
    }
}
