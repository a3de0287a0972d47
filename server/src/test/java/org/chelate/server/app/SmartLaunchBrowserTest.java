package org.chelate.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.chelate.server.security.SecuritySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * SMART App Launch 2.0 end to end: a real authorization server (Spring Authorization Server), the Chelate server
 * trusting it (--auth-issuer, --auth-jwks, and its endpoints published in the SMART configuration), and the clinician
 * view in headless Chromium signing in through it: EHR launch with a launch context, standalone launch with PKCE, and
 * a patient-scoped token that cannot open another patient.
 */
class SmartLaunchBrowserTest {

    static final String ANA = "smart-ana";
    static final String BEN = "smart-ben";

    @TempDir
    static Path data;
    static SmartAuthorizationServer authorization;
    static ChelateServer server;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        authorization = new SmartAuthorizationServer(Map.of("ana", "ana-password", "ben", "ben-password"));
        Path jwks = Files.writeString(data.resolve("issuer.jwks.json"), authorization.publicJwks());
        URI issuer = authorization.issuer();
        SecuritySettings security = SecuritySettings.none().withAuth(issuer.toString(), jwks.toString(), null)
                .withAuthServer(new SecuritySettings.AuthorizationServer(issuer.resolve("/oauth2/authorize"),
                        issuer.resolve("/oauth2/token")));
        server = ChelateServer.start(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(data.resolve("db"))
                .security(security).build());
        authorization.state.appOrigin = server.baseUri().toString();
        authorization.state.fhirBase = server.fhirBase().toString();
        authorization.state.userPatients.put("ben", BEN);
        ViewFhir loader = new ViewFhir(server.fhirBase(), authorization.systemToken());
        loader.post("", ViewRecords.transaction(ANA, LocalDate.now(ZoneOffset.UTC), 0, 60));
        loader.post("", ViewRecords.transaction(BEN, LocalDate.now(ZoneOffset.UTC), 1, 30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (authorization != null) {
            authorization.close();
        }
    }

    @Test
    void ehrLaunchOpensTheLaunchPatientAndItsTokenReachesNoOtherPatient() throws Exception {
        authorization.state.launchPatients.put("launch-42", ANA);
        try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
            browser.driver.get(server.baseUri() + "/app/launch.html?iss=" + server.fhirBase() + "&launch=launch-42");
            signIn(browser, "ana", "ana-password");
            browser.awaitPage();
            assertTrue(browser.driver.findElement(By.id("patient")).getText().contains("Patient/" + ANA));
            assertEquals("", browser.driver.executeScript("return location.search"), "the code and state are gone");
            assertFalse(browser.driver.findElements(By.cssSelector("#cards .card")).isEmpty());
            browser.screenshot("smart-ehr-launch");

            String token = (String) browser.driver.executeScript(
                    "return JSON.parse(sessionStorage.getItem('chelate-view-session')).token");
            ViewFhir asAna = new ViewFhir(server.fhirBase(), token);
            assertEquals(200, asAna.status("Patient/" + ANA + "/$clinician-view"));
            for (String path : new String[] {"Patient/" + BEN, "Patient/" + BEN + "/$regimen-summary",
                    "Patient/" + BEN + "/$clinician-view", "Observation?patient=" + BEN,
                    "MedicationStatement?patient=" + BEN}) {
                assertEquals(403, asAna.status(path), path);
            }
            assertEquals(401, new ViewFhir(server.fhirBase(), null).status("Patient/" + ANA + "/$clinician-view"));

            // the page takes its patient from the token, never from its address
            browser.driver.get(server.baseUri() + "/app/?patient=" + BEN);
            browser.awaitPage();
            String header = browser.driver.findElement(By.id("patient")).getText();
            assertTrue(header.contains("Patient/" + ANA) && !header.contains(BEN), header);
        }
    }

    @Test
    void standaloneLaunchWithPkceOpensTheSignedInUsersPatient() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
            browser.driver.get(server.baseUri() + "/app/launch.html");
            browser.waitUpTo(Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().startsWith(authorization.issuer().toString()));
            signIn(browser, "ben", "ben-password");
            browser.awaitPage();
            assertTrue(browser.driver.findElement(By.id("patient")).getText().contains("Patient/" + BEN));
        }
    }

    @Test
    void aLaunchNamingAnotherServerIsRefusedBeforeAnyRedirect() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start(1000, 800)) {
            browser.driver.get(server.baseUri() + "/app/launch.html?iss=http://127.0.0.2:9/fhir&launch=launch-42");
            browser.awaitPageOrError();
            assertTrue(browser.driver.getCurrentUrl().startsWith(server.baseUri().toString()));
            assertTrue(browser.driver.findElement(By.id("status")).getText().contains("only opens records of the server"));
        }
    }

    @Test
    void theSmartConfigurationNamesTheAuthorizationServerAndPkce() throws Exception {
        var configuration = ViewFhir.JSON.readTree(new ViewFhir(server.fhirBase(), null).raw(".well-known/smart-configuration"));
        assertEquals(authorization.issuer().resolve("/oauth2/authorize").toString(),
                configuration.path("authorization_endpoint").asText());
        assertTrue(configuration.path("code_challenge_methods_supported").toString().contains("S256"));
        String policy = new ViewFhir(server.fhirBase(), null).header(server.baseUri().resolve("/app/"), "Content-Security-Policy");
        assertTrue(policy.contains("connect-src 'self' " + authorization.issuer()), policy);
    }

    private static void signIn(HeadlessChromium browser, String user, String password) {
        browser.waitUpTo(Duration.ofSeconds(60)).until(d -> !d.findElements(By.id("username")).isEmpty());
        browser.driver.findElement(By.id("username")).sendKeys(user);
        browser.driver.findElement(By.id("password")).sendKeys(password);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
    }
}
