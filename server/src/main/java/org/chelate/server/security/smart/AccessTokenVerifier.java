package org.chelate.server.security.smart;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies bearer access tokens for the FHIR API: JWTs signed (RS256, ES256, RS384 or ES384) by the configured
 * issuer's keys, unexpired within the clock skew, with {@code iss} equal to the issuer and, when an audience is
 * configured, {@code aud} containing it. Reads SMART scopes from {@code scope} (space-separated) or {@code scp} (a list),
 * the patient context from {@code patient}, and the user from {@code fhirUser}. Thread-safe.
 */
public final class AccessTokenVerifier {

    public static final Set<JWSAlgorithm> ALGORITHMS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.RS384, JWSAlgorithm.ES384);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    private final DefaultJWTProcessor<SecurityContext> processor;

    /**
     * @param issuer   the token issuer (authorization server) we trust, compared exactly with {@code iss}
     * @param keys     its signing keys (see {@code KeySets})
     * @param audience the FHIR base URL tokens must be issued for; null to accept any {@code aud}
     */
    public AccessTokenVerifier(String issuer, JWKSource<SecurityContext> keys, String audience, Duration clockSkew) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("access token issuer must be set");
        }
        DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
        jwtProcessor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // RFC 9068 access tokens say typ "at+jwt"; older servers say "JWT" or nothing
        jwtProcessor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        Set<String> acceptedAudience = null;
        if (audience != null) {
            acceptedAudience = new HashSet<>();
            acceptedAudience.add(audience);
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(acceptedAudience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("iss", "exp"), null);
        claims.setMaxClockSkew((int) clockSkew.toSeconds());
        jwtProcessor.setJWTClaimsSetVerifier(claims);
        this.processor = jwtProcessor;
    }

    public AccessToken verify(String token) throws InvalidAccessTokenException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ExpiredJWTException e) {
            throw new InvalidAccessTokenException("access token expired");
        } catch (ParseException e) {
            throw new InvalidAccessTokenException("access token is not a JWT");
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidAccessTokenException("access token rejected: " + e.getMessage());
        }
        try {
            return new AccessToken(claims.getSubject(), clientId(claims), claims.getStringClaim("patient"),
                    SmartScopes.parse(scope(claims)), claims.getJWTID(), fhirUser(claims));
        } catch (ParseException e) {
            throw new InvalidAccessTokenException("access token claim has the wrong type: " + e.getMessage());
        }
    }

    private static String scope(JWTClaimsSet claims) throws ParseException {
        Object scope = claims.getClaim("scope");
        if (scope instanceof String text) {
            return text;
        }
        Object scp = claims.getClaim("scp");
        if (scp instanceof List<?>) {
            return String.join(" ", claims.getStringListClaim("scp"));
        }
        if (scp instanceof String text) {
            return text;
        }
        if (scope != null) {
            throw new ParseException("scope must be a space-separated string", 0);
        }
        return null;
    }

    /** A fhirUser claim that is present but names no user resource is refused rather than ignored. */
    private static FhirUser fhirUser(JWTClaimsSet claims) throws ParseException, InvalidAccessTokenException {
        String claim = claims.getStringClaim("fhirUser");
        if (claim == null) {
            return null;
        }
        FhirUser user = FhirUser.parse(claim);
        if (user == null) {
            throw new InvalidAccessTokenException("fhirUser must reference a Patient, Practitioner, PractitionerRole, "
                    + "RelatedPerson or Person");
        }
        return user;
    }

    private static String clientId(JWTClaimsSet claims) throws ParseException {
        String clientId = claims.getStringClaim("client_id");
        return clientId != null ? clientId : claims.getStringClaim("azp");
    }
}
