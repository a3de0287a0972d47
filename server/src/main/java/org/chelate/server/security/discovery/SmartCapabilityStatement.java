package org.chelate.server.security.discovery;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * States in the CapabilityStatement's {@code rest.security} that the API takes SMART-on-FHIR access tokens, with the
 * authorization server's endpoints in the (SMART 1, still read by clients) {@code oauth-uris} extension when they
 * are configured. SMART 2 clients read {@code .well-known/smart-configuration} instead.
 */
@Interceptor
public final class SmartCapabilityStatement {

    public static final String SERVICE_SYSTEM = "http://terminology.hl7.org/CodeSystem/restful-security-service";
    public static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    private final SmartConfiguration configuration;

    public SmartCapabilityStatement(SmartConfiguration configuration) {
        this.configuration = configuration;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void amend(IBaseConformance conformance) {
        if (!(conformance instanceof CapabilityStatement statement)) {
            return;
        }
        for (CapabilityStatementRestComponent rest : statement.getRest()) {
            CapabilityStatementRestSecurityComponent security = rest.getSecurity();
            security.addService().addCoding().setSystem(SERVICE_SYSTEM).setCode("SMART-on-FHIR")
                    .setDisplay("SMART-on-FHIR");
            security.getService().get(security.getService().size() - 1)
                    .setText("Bearer access tokens (JWT) from the configured issuer, with SMART scopes; discovery at "
                            + ".well-known/smart-configuration");
            security.setDescription("Requests other than metadata and terminology reads need a bearer access token "
                    + "with SMART scopes (patient/, user/ with fhirUser, system/; v1 and v2 forms).");
            if (configuration.authorizeUrl() != null || configuration.tokenUrl() != null) {
                Extension uris = security.addExtension().setUrl(OAUTH_URIS);
                if (configuration.tokenUrl() != null) {
                    uris.addExtension("token", new UriType(configuration.tokenUrl().toString()));
                }
                if (configuration.authorizeUrl() != null) {
                    uris.addExtension("authorize", new UriType(configuration.authorizeUrl().toString()));
                }
            }
        }
    }
}
