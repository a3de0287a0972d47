package org.chelate.terminology.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A bare HAPI RestfulServer with only the terminology providers, on a real Jetty on a free port. */
final class TerminologyServer implements AutoCloseable {

    private final Server jetty;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    TerminologyServer(FhirContext ctx) throws Exception {
        RestfulServer restful = new RestfulServer(ctx);
        restful.registerProviders(TerminologyProviders.providers(ctx));
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(restful), "/fhir/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://localhost:" + connector.getLocalPort() + "/fhir";
    }

    record Response(int status, String body) {
    }

    Response get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/" + pathAndQuery))
                .header("Accept", "application/fhir+json").GET().build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(r.statusCode(), r.body());
    }

    Response post(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/" + path))
                .header("Accept", "application/fhir+json").header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(r.statusCode(), r.body());
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
