package org.chelate.plugin;

import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.Objects;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.profile.ChelateValidation;
import org.chelate.plugin.profile.ValidateProvider;
import org.chelate.plugin.profile.WriteValidationInterceptor;
import org.chelate.plugin.summary.RegimenSummaryProvider;
import org.chelate.plugin.summary.RegimenSummaryService;

/**
 * The one call that puts Chelate on any HAPI FHIR R4 {@link RestfulServer}:
 * <pre>
 *   ChelatePlugin.register(server, recordSource);
 * </pre>
 * registers {@code Patient/$regimen-summary}, {@code $validate} on MedicationStatement, MedicationRequest and
 * Observation (unless turned off), and, when asked, the interceptor that rejects invalid writes with 422.
 * Call it before the server starts or after; HAPI rebuilds its bindings either way.
 */
public final class ChelatePlugin {

    private final RegimenSummaryService summaryService;
    private final ChelateValidation validation;

    private ChelatePlugin(RegimenSummaryService summaryService, ChelateValidation validation) {
        this.summaryService = summaryService;
        this.validation = validation;
    }

    /** Registers Chelate with default options. */
    public static ChelatePlugin register(RestfulServer server, PatientRecordSource source) {
        return register(server, source, ChelateOptions.defaults());
    }

    public static ChelatePlugin register(RestfulServer server, PatientRecordSource source, ChelateOptions options) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        KnowledgePack pack = options.knowledgePack().orElseGet(KnowledgePack::loadDefault);
        RegimenSummaryService service = RegimenSummaryService.create(pack, options.minimalImportantDifferences());
        ChelateValidation validation = new ChelateValidation(server.getFhirContext());
        server.registerProvider(new RegimenSummaryProvider(source, service, options.clock()));
        if (options.registerValidateOperation()) {
            server.registerProvider(new ValidateProvider(validation));
        }
        if (options.validateIncomingWrites()) {
            server.registerInterceptor(new WriteValidationInterceptor(validation));
        }
        return new ChelatePlugin(service, validation);
    }

    /** The summary service, e.g. for a server that wants the summary outside HTTP. */
    public RegimenSummaryService summaryService() {
        return summaryService;
    }

    /** The validator with Chelate's profiles and terminology. */
    public ChelateValidation validation() {
        return validation;
    }
}
