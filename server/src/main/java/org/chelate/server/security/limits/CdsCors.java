package org.chelate.server.security.limits;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.util.Callback;

/**
 * CORS for {@code /cds-services} only, with Jetty's {@link CrossOriginHandler}: the headers and methods CDS Hooks
 * clients use (Authorization, Content-Type; GET, POST, OPTIONS), no credentials (CDS Hooks authenticates with a bearer
 * JWT, not cookies), origins from configuration ({@code *} by default, as the CDS Hooks specification's examples do:
 * the JWT, not the origin, is what lets a caller in). Other paths pass through untouched.
 */
public final class CdsCors extends Handler.Wrapper {

    public static final String PATH_PREFIX = "/cds-services";

    private final CrossOriginHandler cors = new CrossOriginHandler();

    /**
     * @param origins allowed origins exactly as browsers send them, e.g. {@code https://ehr.example.org}, or
     *                {@code *} for any origin
     */
    public CdsCors(Handler next, Set<String> origins) {
        super(next);
        // Jetty takes regular expressions (and "*"): quote the exact origins
        cors.setAllowedOriginPatterns(origins.stream()
                .map(origin -> origin.equals("*") ? origin : Pattern.quote(origin))
                .collect(Collectors.toUnmodifiableSet()));
        cors.setAllowedMethods(Set.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(Set.of("Authorization", "Content-Type", "Accept"));
        cors.setAllowCredentials(false);
        cors.setPreflightMaxAge(Duration.ofMinutes(10));
        cors.setDeliverPreflightRequests(false);
        cors.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return CdsCors.super.handle(request, response, callback);
            }
        });
        addBean(cors, true);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.equals(PATH_PREFIX) || path.startsWith(PATH_PREFIX + "/")) {
            return cors.handle(request, response, callback);
        }
        return super.handle(request, response, callback);
    }
}
