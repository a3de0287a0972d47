package org.chelate.server.app;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * A real OAuth 2.0 authorization server for the SMART launch tests: Spring Authorization Server on Tomcat, on a free
 * loopback port, with one public client (the clinician view: PKCE required, no consent screen) and form login.
 * It plays the SMART parts an EHR's server plays: a {@code launch} value the EHR registered names the patient; a
 * standalone launch ({@code launch/patient}) gives the signed-in user's patient; the access token (RS256 JWT) carries
 * {@code patient}, a space-separated {@code scope} and the FHIR base as {@code aud}; the token response names the
 * patient too.
 */
final class SmartAuthorizationServer implements AutoCloseable {

    static final String CLIENT_ID = "chelate-clinician-view";

    /** What the tests set: the app's origin (redirects and CORS), the FHIR base (aud), launches and users' patients. */
    static final class State {
        volatile String appOrigin = "http://127.0.0.1";
        volatile String fhirBase = "";
        final Map<String, String> launchPatients = new ConcurrentHashMap<>();
        final Map<String, String> userPatients = new ConcurrentHashMap<>();
    }

    final State state = new State();
    private final RSAKey key;
    private final ConfigurableApplicationContext context;

    SmartAuthorizationServer(Map<String, String> usersAndPasswords) throws Exception {
        key = new RSAKeyGenerator(2048).keyID("smart-test").generate();
        // Spring Boot must not reconfigure the test JVM's logging
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        context = new SpringApplicationBuilder(Config.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
                .initializers(c -> {
                    c.getBeanFactory().registerSingleton("smartState", state);
                    c.getBeanFactory().registerSingleton("smartKey", new ImmutableJWKSet<SecurityContext>(new JWKSet(key)));
                    c.getBeanFactory().registerSingleton("smartUsers", new InMemoryUserDetailsManager(
                            usersAndPasswords.entrySet().stream().map(e -> User.withUsername(e.getKey())
                                    .password("{noop}" + e.getValue()).roles("USER").build()).toList()));
                })
                .run();
    }

    URI issuer() {
        return URI.create("http://127.0.0.1:" + ((ServletWebServerApplicationContext) context).getWebServer().getPort());
    }

    /** The public keys, as the JWKS file Chelate's {@code --auth-jwks} reads. */
    String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** A backend token of the EHR (system scopes), signed with the server's key: how the tests load records. */
    String systemToken() throws Exception {
        com.nimbusds.jwt.JWTClaimsSet claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(issuer().toString())
                .subject("test-loader").claim("scope", "system/*.cruds")
                .expirationTime(new java.util.Date(System.currentTimeMillis() + 600_000)).build();
        SignedJWT jwt = new SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
        return jwt.serialize();
    }

    @Override
    public void close() {
        context.close();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class})
    static class Config {

        @Bean
        @Order(1)
        SecurityFilterChain authorizationEndpoints(HttpSecurity http, State state) throws Exception {
            OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
            OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponse =
                    new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
            // SMART: the token response names the launch patient
            tokenResponse.setAccessTokenResponseCustomizer(c -> {
                OAuth2AccessTokenAuthenticationToken issued = c.getAuthentication();
                Map<String, Object> extra = new HashMap<>(issued.getAdditionalParameters());
                try {
                    Object patient = SignedJWT.parse(issued.getAccessToken().getTokenValue())
                            .getJWTClaimsSet().getClaim("patient");
                    if (patient != null) {
                        extra.put("patient", patient);
                    }
                } catch (java.text.ParseException e) {
                    throw new IllegalStateException(e);
                }
                c.getAccessTokenResponse().additionalParameters(extra);
            });
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, s -> s.tokenEndpoint(t -> t.accessTokenResponseHandler(tokenResponse)))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .cors(c -> c.configurationSource(cors(state)))
                    .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                            new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain login(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).formLogin(Customizer.withDefaults());
            return http.build();
        }

        /** The app's page calls the token endpoint from its own origin. */
        private static CorsConfigurationSource cors(State state) {
            return request -> {
                CorsConfiguration cors = new CorsConfiguration();
                cors.setAllowedOrigins(List.of(state.appOrigin));
                cors.setAllowedMethods(List.of("POST", "GET"));
                cors.setAllowedHeaders(List.of("Content-Type", "Accept"));
                return cors;
            };
        }

        @Bean
        RegisteredClientRepository clients(State state) {
            return new RegisteredClientRepository() {
                @Override
                public void save(RegisteredClient client) {
                    throw new UnsupportedOperationException("clients are fixed");
                }

                @Override
                public RegisteredClient findById(String id) {
                    return client(state);
                }

                @Override
                public RegisteredClient findByClientId(String clientId) {
                    return CLIENT_ID.equals(clientId) ? client(state) : null;
                }
            };
        }

        private static RegisteredClient client(State state) {
            return RegisteredClient.withId(CLIENT_ID).clientId(CLIENT_ID)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri(state.appOrigin + "/app/")
                    .scope("launch").scope("launch/patient").scope("patient/*.rs")
                    .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                    .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(10)).build())
                    .build();
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().build();
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> smartClaims(State state) {
            return c -> {
                if (!OAuth2TokenType.ACCESS_TOKEN.equals(c.getTokenType())) {
                    return;
                }
                OAuth2AuthorizationRequest request = c.getAuthorization() == null ? null
                        : c.getAuthorization().getAttribute(OAuth2AuthorizationRequest.class.getName());
                Object launch = request == null ? null : request.getAdditionalParameters().get("launch");
                String patient = launch != null ? state.launchPatients.get(launch.toString())
                        : c.getAuthorizedScopes().contains("launch/patient")
                        ? state.userPatients.get(c.getPrincipal().getName()) : null;
                if (patient != null) {
                    c.getClaims().claim("patient", patient);
                }
                c.getClaims().claim("scope", String.join(" ", c.getAuthorizedScopes()));
                c.getClaims().audience(List.of(state.fhirBase));
            };
        }
    }
}
