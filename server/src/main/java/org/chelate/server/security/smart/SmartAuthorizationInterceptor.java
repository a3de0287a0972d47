package org.chelate.server.security.smart;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderAppliesTo;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifierFinished;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.chelate.server.security.smart.SmartScope.Context;
import org.chelate.server.security.smart.SmartScope.Interaction;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;

/**
 * HAPI authorization from SMART scopes. Per request it verifies the bearer access token and turns its scopes into
 * HAPI rules: {@code system/} scopes grant their types outright, {@code patient/} scopes grant only the compartment of
 * the token's {@code patient} (read, search, {@code _include}d resources, writes and transaction entries alike).
 * {@code user/} scopes need the token to name its user ({@code fhirUser}); this server keeps no user directory, so a
 * Practitioner (or other non-patient) user gets the scope's types outright, as the authorization server granted them,
 * and a Patient user gets its own compartment only; with no {@code fhirUser} they grant nothing. {@code metadata} and terminology reads (CodeSystem, ValueSet, ConceptMap and their lookup operations)
 * need no token. No token where one is needed, or a bad token: 401 with {@code WWW-Authenticate: Bearer}; a token whose
 * scopes do not cover the request: 403.
 */
public class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

    /** RequestDetails user-data key under which the verified {@link AccessToken} is left for later interceptors. */
    public static final String ACCESS_TOKEN_KEY = AccessToken.class.getName();

    public static final Set<String> TERMINOLOGY_TYPES = Set.of("CodeSystem", "ValueSet", "ConceptMap");
    /**
     * Types in no patient's compartment that patient apps need to read (a MedicationStatement's Medication): a
     * {@code patient/} read scope covering them lets the token read them; never write them.
     */
    public static final Set<String> SHARED_TYPES =
            Set.of("Medication", "Substance", "Practitioner", "Organization", "Location");
    public static final List<String> TERMINOLOGY_OPERATIONS =
            List.of("$lookup", "$validate-code", "$subsumes", "$expand", "$translate");

    private static final Pattern SEARCH_ID = Pattern.compile("(?:[A-Z][A-Za-z]{1,63}/)?[A-Za-z0-9\\-.]{1,64}");

    private final AccessTokenVerifier verifier;
    private final FhirContext fhirContext;
    private final CurrentResourceLookup stored;

    /** For stores that fire HAPI's storage hooks (e.g. HashMapResourceProvider, the JPA server). */
    public SmartAuthorizationInterceptor(AccessTokenVerifier verifier, FhirContext fhirContext) {
        this(verifier, fhirContext, null);
    }

    /**
     * @param stored reads the stored version of a resource about to be updated or deleted, whose compartment is then
     *               checked like the body's; null when the store fires HAPI's storage hooks itself
     */
    public SmartAuthorizationInterceptor(AccessTokenVerifier verifier, FhirContext fhirContext,
            CurrentResourceLookup stored) {
        super(PolicyEnum.DENY);
        this.verifier = verifier;
        this.fhirContext = fhirContext;
        this.stored = stored;
    }

    /**
     * Judges updates, patches and deletes (alone or as transaction/batch entries) by the stored resource they replace:
     * a patient-context token must not overwrite or delete another patient's resource by sending a body that names
     * its own patient, or no body at all. Conditional writes, whose target is unknown until the store runs them, are
     * refused to patient-context tokens.
     */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkStoredTargets(RequestDetails request, Pointcut pointcut) {
        if (stored == null) {
            return;
        }
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == RestOperationTypeEnum.UPDATE || operation == RestOperationTypeEnum.PATCH
                || operation == RestOperationTypeEnum.DELETE) {
            IIdType id = request.getId();
            checkStored(request, operation, request.getResourceName(), id == null ? null : id.getIdPart(), pointcut);
        } else if ((operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH)
                && request.getResource() instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Bundle.HTTPVerb verb = entry.getRequest().getMethod();
                RestOperationTypeEnum entryOperation = verb == Bundle.HTTPVerb.PUT ? RestOperationTypeEnum.UPDATE
                        : verb == Bundle.HTTPVerb.PATCH ? RestOperationTypeEnum.PATCH
                        : verb == Bundle.HTTPVerb.DELETE ? RestOperationTypeEnum.DELETE : null;
                if (entryOperation == null) {
                    continue;
                }
                String url = entry.getRequest().getUrl();
                if (url == null || url.contains("?")) {
                    checkStored(request, entryOperation, null, null, pointcut);
                    continue;
                }
                IdType id = new IdType(url);
                checkStored(request, entryOperation, id.getResourceType(), id.getIdPart(), pointcut);
            }
        }
    }

    /**
     * Lets in, before they run, two searches HAPI's rules cannot judge by the request: a compartment search of the
     * token's own patient ({@code Patient/own/Observation}, which they take for a search of Patient without a
     * compartment parameter) and a system search ({@code [base]?_id=x}, whose untyped {@code _id} they fail on with
     * a NullPointerException). What either returns is then checked resource by resource, as for any search. A system
     * search needs a token, and one confined to a patient is refused it ({@link PatientConfinement}).
     */
    @Override
    public Verdict applyRulesAndReturnDecision(RestOperationTypeEnum operation, RequestDetails request,
            IBaseResource inputResource, IIdType inputResourceId, IBaseResource outputResource, Pointcut pointcut) {
        if (pointcut == Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED && outputResource == null) {
            if (PatientConfinement.isSystemSearch(request)) {
                AccessToken token = authenticate(request);
                if (token == null || PatientConfinement.refuses(token, request)) {
                    handleDeny(request, null);
                }
                return new Verdict(PolicyEnum.ALLOW, LET_IN_THEN_CHECK_RESULTS);
            }
            if (PatientConfinement.ownCompartmentSearch(authenticate(request), request)) {
                return new Verdict(PolicyEnum.ALLOW, LET_IN_THEN_CHECK_RESULTS);
            }
        }
        if (operation == RestOperationTypeEnum.PATCH && stored != null && inputResourceId != null
                && inputResourceId.hasResourceType() && inputResourceId.hasIdPart()) {
            // HAPI judges a PATCH at the door by its target's id alone, which no compartment rule can place: judge it
            // as an update of the stored resource (alone and as a transaction entry); the patched result is judged
            // again before it is stored (STORAGE_PRESTORAGE_RESOURCE_UPDATED, fired by the store's patch)
            IBaseResource current = stored.current(inputResourceId.getResourceType(), inputResourceId.getIdPart());
            if (current != null) {
                return super.applyRulesAndReturnDecision(RestOperationTypeEnum.UPDATE, request, current,
                        current.getIdElement(), outputResource, pointcut);
            }
        }
        return super.applyRulesAndReturnDecision(operation, request, inputResource, inputResourceId, outputResource,
                pointcut);
    }

    private static final IAuthRule LET_IN_THEN_CHECK_RESULTS = new RuleBuilder()
            .allow("search judged by its results").read().allResources().withAnyId().build().get(0);

    private void checkStored(RequestDetails request, RestOperationTypeEnum operation, String type, String id,
            Pointcut pointcut) {
        if (type == null || id == null) {
            AccessToken token = authenticate(request); // this hook may run before HAPI's own, which builds the rules
            if (token == null || token.patientId() != null
                    || (token.fhirUser() != null && token.fhirUser().isPatient())) {
                handleDeny(request, null); // no token: 401; confined to a compartment: 403
            }
            return;
        }
        IBaseResource current = stored.current(type, id);
        if (current == null) {
            return; // nothing stored yet: the body alone decides, as HAPI already checked
        }
        // HAPI's write rule judges a patch like an update of the stored resource
        RestOperationTypeEnum asOperation = operation == RestOperationTypeEnum.PATCH ? RestOperationTypeEnum.UPDATE
                : operation;
        Verdict verdict = applyRulesAndReturnDecision(asOperation, request, current, current.getIdElement(), null,
                pointcut);
        if (verdict == null || verdict.getDecision() != PolicyEnum.ALLOW) {
            handleDeny(request, verdict);
        }
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        checkIdParameter(request);
        IAuthRuleBuilder rules = new RuleBuilder();
        publicRules(rules);
        AccessToken token = authenticate(request);
        if (token == null) {
            return rules.denyAll("no access token").build();
        }
        SearchConfinement.apply(request, token);
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (PatientConfinement.refuses(token, request)) {
            return rules.denyAll("a patient's token reaches that patient's compartment only").build();
        }
        for (SmartScope scope : token.scopes()) {
            grant(rules, scope, token, operation);
        }
        rules.allow("transaction entries by the rules above").transaction().withAnyOperation().andApplyNormalRules();
        return rules.denyAll("scopes do not cover this request").build();
    }

    /**
     * HAPI's rules read {@code _id} values as resource ids and fail with a NullPointerException (a 500) on one that
     * is not, such as {@code urn:x}: such a search is bad input, 400, before any rule looks at it.
     */
    private static void checkIdParameter(RequestDetails request) {
        String[] values = request.getParameters().get("_id");
        if (values == null) {
            return;
        }
        for (String value : values) {
            for (String id : value.split(",", -1)) {
                if (!SEARCH_ID.matcher(id).matches()) {
                    throw new InvalidRequestException("_id must be resource ids ([Type/]id, id of A-Z a-z 0-9 - . "
                            + "up to 64), comma-separated");
                }
            }
        }
    }

    @Override
    protected void handleDeny(RequestDetails request, Verdict decision) {
        if (!(request.getUserData().get(ACCESS_TOKEN_KEY) instanceof AccessToken)) {
            throw unauthorized(null, "this request needs a bearer access token");
        }
        throw new ForbiddenOperationException("the access token's scopes do not allow this request");
    }

    /** The request's verified token (verified once, then kept in its user data), or null when it sent none. */
    private AccessToken authenticate(RequestDetails request) {
        if (request.getUserData().get(ACCESS_TOKEN_KEY) instanceof AccessToken token) {
            return token;
        }
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return null;
        }
        AccessToken token = verify(header);
        request.getUserData().put(ACCESS_TOKEN_KEY, token);
        return token;
    }

    private AccessToken verify(String header) {
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw unauthorized("invalid_request", "Authorization header must use the Bearer scheme");
        }
        try {
            return verifier.verify(header.substring(space + 1).trim());
        } catch (InvalidAccessTokenException e) {
            throw unauthorized("invalid_token", e.getMessage());
        }
    }

    private static AuthenticationException unauthorized(String error, String message) {
        AuthenticationException exception = new AuthenticationException(message);
        exception.addResponseHeader("WWW-Authenticate",
                error == null ? "Bearer realm=\"chelate\"" : "Bearer realm=\"chelate\", error=\"" + error + "\"");
        return exception;
    }

    private void publicRules(IAuthRuleBuilder rules) {
        rules.allow("capability statement").metadata();
        for (String type : TERMINOLOGY_TYPES) {
            rules.allow("terminology read").read().resourcesOfType(type).withAnyId();
            Class<? extends IBaseResource> typeClass = typeClass(type);
            for (String operation : TERMINOLOGY_OPERATIONS) {
                rules.allow("terminology operation").operation().named(operation).onType(typeClass).andAllowAllResponses();
                rules.allow("terminology operation").operation().named(operation).onInstancesOfType(typeClass)
                        .andAllowAllResponses();
            }
        }
    }

    private void grant(IAuthRuleBuilder rules, SmartScope scope, AccessToken token, RestOperationTypeEnum operation) {
        IIdType patient = null;
        if (scope.context() == Context.PATIENT) {
            if (token.patientId() == null) {
                return; // a patient/ scope without a launch patient grants nothing
            }
            patient = new IdType("Patient", token.patientId());
        } else if (scope.context() == Context.USER) {
            if (token.fhirUser() == null) {
                return; // a user/ scope that names no user grants nothing: there is no user to answer for
            }
            if (token.fhirUser().isPatient()) {
                patient = new IdType("Patient", token.fhirUser().id()); // a patient user sees their own record
            }
        }
        String name = "scope " + scope.context().name().toLowerCase() + "/" + scope.resourceType();
        if (readAllowed(scope, operation)) {
            finish(rules.allow(name + " read").read(), scope, patient);
            grantOperations(rules, scope, patient, name);
            if (patient != null) {
                for (String shared : SHARED_TYPES) {
                    if (scope.coversType(shared)) {
                        rules.allow(name + " shared " + shared).read().resourcesOfType(shared).withAnyId();
                    }
                }
            }
        }
        boolean create = scope.allows(Interaction.CREATE);
        boolean update = scope.allows(Interaction.UPDATE);
        if (create && update) {
            finish(rules.allow(name + " write").write(), scope, patient);
        } else if (create) {
            finish(rules.allow(name + " create").create(), scope, patient);
        } else if (update && (operation == RestOperationTypeEnum.UPDATE || operation == RestOperationTypeEnum.PATCH)) {
            // HAPI's write() also admits create: grant it only to a plain update, never inside a transaction
            finish(rules.allow(name + " update").write(), scope, patient);
        }
        if (scope.allows(Interaction.DELETE)) {
            finish(rules.allow(name + " delete").delete(), scope, patient);
        }
    }

    /** SMART v2 splits read (r) from search (s); HAPI's read rule covers both, so pick by the request's kind. */
    private static boolean readAllowed(SmartScope scope, RestOperationTypeEnum operation) {
        boolean read = scope.allows(Interaction.READ);
        boolean search = scope.allows(Interaction.SEARCH);
        if (operation == null) {
            return read && search;
        }
        return switch (operation) {
            case SEARCH_TYPE, SEARCH_SYSTEM, GET_PAGE -> search;
            case READ, VREAD, HISTORY_INSTANCE -> read;
            default -> read && search;
        };
    }

    private void grantOperations(IAuthRuleBuilder rules, SmartScope scope, IIdType patient, String name) {
        if (patient != null) {
            if (scope.coversType("Patient")) {
                rules.allow(name + " operation on the patient").operation().withAnyName().onInstance(patient)
                        .andRequireExplicitResponseAuthorization();
            }
        } else if (SmartScope.ANY_TYPE.equals(scope.resourceType())) {
            rules.allow(name + " operation").operation().withAnyName().atAnyLevel()
                    .andRequireExplicitResponseAuthorization();
        } else {
            Class<? extends IBaseResource> typeClass = typeClass(scope.resourceType());
            if (typeClass != null) {
                rules.allow(name + " operation").operation().withAnyName().onType(typeClass)
                        .andRequireExplicitResponseAuthorization();
                rules.allow(name + " operation").operation().withAnyName().onInstancesOfType(typeClass)
                        .andRequireExplicitResponseAuthorization();
            }
        }
    }

    private static void finish(IAuthRuleBuilderAppliesTo<? extends IAuthRuleBuilderRuleOpClassifier> appliesTo,
            SmartScope scope, IIdType patient) {
        IAuthRuleBuilderRuleOpClassifier classifier = SmartScope.ANY_TYPE.equals(scope.resourceType())
                ? appliesTo.allResources()
                : appliesTo.resourcesOfType(scope.resourceType());
        IAuthRuleBuilderRuleOpClassifierFinished finished =
                patient == null ? classifier.withAnyId() : classifier.inCompartment("Patient", patient);
        finished.andThen();
    }

    private Class<? extends IBaseResource> typeClass(String type) {
        try {
            return fhirContext.getResourceDefinition(type).getImplementingClass();
        } catch (RuntimeException unknownType) {
            return null;
        }
    }

    /** Reads the verified token a request carried, or null (open server, public request, no token). */
    public static AccessToken accessToken(RequestDetails request) {
        return request.getUserData().get(ACCESS_TOKEN_KEY) instanceof AccessToken token ? token : null;
    }
}
