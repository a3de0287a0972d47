package org.chelate.plugin;

import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.Objects;
import java.util.function.Supplier;
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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChelatePlugin.class);

    private final RegimenSummaryService summaryService;
    private final Lazy<ChelateValidation> validation;

    private ChelatePlugin(RegimenSummaryService summaryService, Lazy<ChelateValidation> validation) {
        this.summaryService = summaryService;
        this.validation = validation;
    }

    /** Built once, on first use, by the first caller; later callers wait for it. */
    private static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public T get() {
            T result = value;
            if (result == null) {
                synchronized (this) {
                    result = value;
                    if (result == null) {
                        result = factory.get();
                        value = result;
                    }
                }
            }
            return result;
        }
    }

    /** Registers Chelate with default options. */
    public static ChelatePlugin register(RestfulServer server, PatientRecordSource source) {
        return register(server, source, ChelateOptions.defaults());
    }

    public static ChelatePlugin register(RestfulServer server, PatientRecordSource source, ChelateOptions options) {
        return register(server, source, options, warmUp -> {
            Thread thread = new Thread(warmUp, "chelate-validation-warm-up");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /**
     * As {@link #register(RestfulServer, PatientRecordSource, ChelateOptions)}, with the validator's background
     * preparation handed to {@code warmUpExecutor} (e.g. one that runs it once the host has finished starting, so
     * that it does not compete with the start for CPU). A {@code $validate} before it has run builds the validator.
     */
    public static ChelatePlugin register(RestfulServer server, PatientRecordSource source, ChelateOptions options,
                                         java.util.concurrent.Executor warmUpExecutor) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        KnowledgePack pack = options.knowledgePack().orElseGet(KnowledgePack::loadDefault);
        RegimenSummaryService service = RegimenSummaryService.create(pack, options.minimalImportantDifferences());
        Lazy<ChelateValidation> validation = new Lazy<>(() -> new ChelateValidation(server.getFhirContext()));
        server.registerProvider(new RegimenSummaryProvider(source, service, options.clock()));
        if (options.registerValidateOperation()) {
            server.registerProvider(new ValidateProvider(validation));
        }
        if (options.validateIncomingWrites()) {
            server.registerInterceptor(new WriteValidationInterceptor(validation));
        }
        if (options.registerValidateOperation() || options.validateIncomingWrites()) {
            // generate the profiles' snapshots and set up the validator at start, without holding up the start
            warmUpExecutor.execute(() -> {
                try {
                    validation.get();
                } catch (RuntimeException e) {
                    LOG.error("Chelate profiles could not be prepared; $validate and write validation will fail", e);
                }
            });
        }
        return new ChelatePlugin(service, validation);
    }

    /** The summary service, e.g. for a server that wants the summary outside HTTP. */
    public RegimenSummaryService summaryService() {
        return summaryService;
    }

    /**
     * The validator with Chelate's profiles and terminology. Built in the background when the plugin is registered
     * (snapshot generation and validator set-up take seconds); a caller before it is ready waits for it.
     */
    public ChelateValidation validation() {
        return validation.get();
    }
}
