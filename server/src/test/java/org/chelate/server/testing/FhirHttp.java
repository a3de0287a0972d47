package org.chelate.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain FHIR REST over java.net.http: what a client sends, nothing of the server's code. */
public final class FhirHttp {

    public static final String FHIR_JSON = "application/fhir+json";
    private static final Pattern LOCATION_ID = Pattern.compile("/fhir/([A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(/_history/.*)?$");

    private final URI fhirBase;
    private final HttpClient http;

    public FhirHttp(URI fhirBase) {
        this.fhirBase = fhirBase;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public URI fhirBase() {
        return fhirBase;
    }

    public HttpClient client() {
        return http;
    }

    public HttpResponse<String> create(String resourceType, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(fhirBase + "/" + resourceType))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", FHIR_JSON)
                .header("Accept", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET of a path relative to the FHIR base, e.g. {@code Patient/123} or {@code Observation?patient=Patient/1}. */
    public HttpResponse<String> get(String relative) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(fhirBase + "/" + relative))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", FHIR_JSON)
                .GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code Patient/123} from a 201's Location header. */
    public static String reference(HttpResponse<?> created) {
        String location = created.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no Location header on " + created.statusCode()));
        Matcher matcher = LOCATION_ID.matcher(location);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected Location " + location);
        }
        return matcher.group(1) + "/" + matcher.group(2);
    }

    public static String patientJson(String family) {
        return """
                {"resourceType":"Patient","name":[{"family":"%s","given":["Test"]}],"gender":"female",\
                "birthDate":"1980-05-17"}""".formatted(family);
    }

    /** A serum magnesium result (LOINC 19123-9) for the patient; the marker (an identifier) makes it recognisable. */
    public static String observationJson(String patientReference, String marker) {
        return """
                {"resourceType":"Observation","identifier":[{"system":"urn:chelate:test","value":"%s"}],\
                "status":"final",\
                "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category",\
                "code":"laboratory"}]}],\
                "code":{"coding":[{"system":"http://loinc.org","code":"19123-9","display":"Magnesium [Mass/volume] in Serum or Plasma"}]},\
                "subject":{"reference":"%s"},"effectiveDateTime":"2024-03-01T08:00:00Z",\
                "valueQuantity":{"value":2.1,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}"""
                .formatted(marker, patientReference);
    }
}
