package org.chelate.plugin;

import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.Objects;

/** The one call that puts Chelate on any HAPI FHIR R4 {@link RestfulServer}. */
public final class ChelatePlugin {

    private ChelatePlugin() {
    }

    /** Registers Chelate's operations, providers and interceptors with default options. */
    public static void register(RestfulServer server, PatientRecordSource source) {
        register(server, source, ChelateOptions.defaults());
    }

    /** Registers Chelate's operations ($regimen-summary, $validate), and the write-validation interceptor when enabled. */
    public static void register(RestfulServer server, PatientRecordSource source, ChelateOptions options) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        // providers are added as they are written (issue 4)
    }
}
