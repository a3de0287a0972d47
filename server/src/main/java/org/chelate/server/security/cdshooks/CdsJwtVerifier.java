package org.chelate.server.security.cdshooks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.chelate.server.security.jwt.KeySets;

/**
 * Verifies the bearer JWT a CDS client sends with every call (CDS Hooks 2.0, "Trusting CDS Clients"): signed with
 * ES384 or RS384 by a trusted issuer's key, {@code aud} equal to the called service URL, fresh {@code exp}/{@code iat}
 * within the clock skew, and a {@code jti} never seen before within its lifetime. Thread-safe.
 */
public final class CdsJwtVerifier {

    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES384, JWSAlgorithm.RS384);
    /** CDS Hooks 2.0, "Trusting CDS Clients": iss, aud, exp, iat, jti; sub and tenant are optional. */
    public static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "aud", "exp", "iat", "jti");
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** The spec: exp "SHOULD be no more than 5 minutes in the future"; it also bounds the replay cache. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(5);
    public static final int DEFAULT_REPLAY_CACHE_SIZE = 100_000;

    private final Map<String, TrustedIssuer> issuers;
    private final Duration clockSkew;
    private final Duration maxLifetime;
    private final ReplayGuard replayGuard;
    private final Clock clock;
    private final Function<URI, JWKSource<SecurityContext>> jkuSourceFactory;
    private final Map<URI, JWKSource<SecurityContext>> jkuSources = new ConcurrentHashMap<>();

    public CdsJwtVerifier(Collection<TrustedIssuer> trustedIssuers, Duration clockSkew, Duration maxLifetime,
            ReplayGuard replayGuard, Clock clock, Function<URI, JWKSource<SecurityContext>> jkuSourceFactory) {
        Map<String, TrustedIssuer> byIssuer = new LinkedHashMap<>();
        for (TrustedIssuer issuer : trustedIssuers) {
            if (byIssuer.put(issuer.issuer(), issuer) != null) {
                throw new IllegalArgumentException("issuer configured twice: " + issuer.issuer());
            }
        }
        this.issuers = Map.copyOf(byIssuer);
        this.clockSkew = clockSkew;
        this.maxLifetime = maxLifetime;
        this.replayGuard = replayGuard;
        this.clock = clock;
        this.jkuSourceFactory = jkuSourceFactory;
    }

    /** Defaults: 60 s skew, 5 min max lifetime, 100,000 remembered token ids, jku key sets fetched over http(s). */
    public static CdsJwtVerifier withDefaults(Collection<TrustedIssuer> trustedIssuers) {
        Clock clock = Clock.systemUTC();
        return new CdsJwtVerifier(trustedIssuers, DEFAULT_CLOCK_SKEW, DEFAULT_MAX_LIFETIME,
                new ReplayGuard(DEFAULT_REPLAY_CACHE_SIZE, clock), clock, KeySets::fromUrl);
    }

    /** The token ids already used (e.g. to record them in the database shared by every instance). */
    public ReplayGuard replayGuard() {
        return replayGuard;
    }

    public Set<String> trustedIssuers() {
        return issuers.keySet();
    }

    /**
     * @param token            the compact JWT from {@code Authorization: Bearer ...}
     * @param expectedAudience the URL of the service being called, e.g. https://cds.example.org/cds-services/x
     */
    public VerifiedCdsClient verify(String token, String expectedAudience) throws CdsAuthenticationException {
        SignedJWT jwt = parseSigned(token);
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new CdsAuthenticationException("algorithm " + header.getAlgorithm() + " is not accepted; use ES384 or RS384");
        }
        TrustedIssuer issuer = issuers.get(unverifiedIssuer(jwt));
        if (issuer == null) {
            throw new CdsAuthenticationException("issuer is not trusted");
        }
        JWKSource<SecurityContext> keys = keysFor(issuer, header.getJWKURL());

        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new CdsClaimsVerifier(expectedAudience));
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (ExpiredJWTException e) {
            throw new CdsAuthenticationException("token expired");
        } catch (BadJOSEException e) {
            throw new CdsAuthenticationException(e.getMessage());
        } catch (JOSEException e) {
            throw new CdsAuthenticationException("cannot verify the token's signature: " + e.getMessage());
        }

        Instant forgetAfter = claims.getExpirationTime().toInstant().plus(clockSkew);
        switch (replayGuard.firstUse(issuer.issuer(), claims.getJWTID(), forgetAfter)) {
            case REPLAY -> throw new CdsAuthenticationException("token id (jti) already used");
            case FULL -> throw new CdsAuthenticationException("too many tokens in flight; retry with a new token shortly");
            case FIRST_USE -> { }
        }
        Object tenant = claims.getClaim("tenant");
        return new VerifiedCdsClient(claims.getIssuer(), claims.getSubject(), claims.getJWTID(),
                tenant == null ? null : tenant.toString());
    }

    private static SignedJWT parseSigned(String token) throws CdsAuthenticationException {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new CdsAuthenticationException("token is not a JWT: " + e.getMessage());
        }
        if (parsed instanceof PlainJWT) {
            throw new CdsAuthenticationException("unsigned token (alg none) refused");
        }
        if (!(parsed instanceof SignedJWT signed)) {
            throw new CdsAuthenticationException("token must be a signed JWT (JWS), not encrypted");
        }
        if (signed.getSignature() == null || signed.getSignature().toString().isEmpty()) {
            throw new CdsAuthenticationException("token has no signature");
        }
        return signed;
    }

    private static String unverifiedIssuer(SignedJWT jwt) throws CdsAuthenticationException {
        try {
            String iss = jwt.getJWTClaimsSet().getIssuer();
            if (iss == null) {
                throw new CdsAuthenticationException("token has no iss");
            }
            return iss;
        } catch (ParseException e) {
            throw new CdsAuthenticationException("token claims are not a JSON object: " + e.getMessage());
        }
    }

    private JWKSource<SecurityContext> keysFor(TrustedIssuer issuer, URI jku) throws CdsAuthenticationException {
        if (jku == null) {
            if (issuer.keys() == null) {
                throw new CdsAuthenticationException("issuer signs with jku only, and the token has none");
            }
            return issuer.keys();
        }
        if (!issuer.allowedJku().contains(jku)) {
            throw new CdsAuthenticationException("jku is not allowlisted for this issuer");
        }
        // Only allowlisted URLs get here, so this map is bounded by configuration.
        return jkuSources.computeIfAbsent(jku, jkuSourceFactory);
    }

    /** nimbus' audience, required-claims and exp checks, plus: no future iat and no over-long lifetime. */
    private final class CdsClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

        CdsClaimsVerifier(String expectedAudience) {
            // nimbus asks the set whether it contains null: Set.of would throw
            super(Collections.singleton(expectedAudience), null, REQUIRED_CLAIMS, null);
            setMaxClockSkew((int) clockSkew.toSeconds());
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            Instant now = clock.instant();
            Date iat = claims.getIssueTime();
            if (iat.toInstant().isAfter(now.plus(clockSkew))) {
                throw new BadJWTException("token issued in the future (iat)");
            }
            if (claims.getExpirationTime().toInstant().isAfter(now.plus(maxLifetime).plus(clockSkew))) {
                throw new BadJWTException("token lives too long: exp must be within " + maxLifetime.toMinutes() + " minutes");
            }
            if (claims.getJWTID().isBlank()) {
                throw new BadJWTException("token id (jti) is blank");
            }
        }
    }
}
