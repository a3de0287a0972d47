package org.chelate.server.security.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.chelate.plugin.http.AddressGuard;
import org.chelate.plugin.http.BlockedAddressException;
import org.chelate.server.security.testing.TestJetty;
import org.chelate.server.security.testing.TestKeys;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWKS URLs whose host name resolves to an internal address are never fetched; real sockets, real resolution. */
class JwksAddressGuardTest {

    static final ECKey KEY = TestKeys.ec(Curve.P_256, "k1");
    static final AtomicInteger FETCHES = new AtomicInteger();
    static TestJetty jetty;

    @BeforeAll
    static void start() throws Exception {
        jetty = TestJetty.start(context -> context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                FETCHES.incrementAndGet();
                response.setContentType("application/json");
                response.getWriter().write(TestKeys.publicJwks(KEY));
            }
        }), "/jwks.json"));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    @Test
    void jwksUrlWithLiteralLoopbackAddressIsFetched() throws Exception {
        List<JWK> keys = keys(KeySets.fromUrl(URI.create(jetty.base() + "/jwks.json")));
        assertEquals(List.of("k1"), keys.stream().map(JWK::getKeyID).toList());
    }

    @Test
    void jwksUrlWhoseNameResolvesToLoopbackIsRefusedWithoutAFetch() {
        int before = FETCHES.get();
        URI byName = URI.create("http://localhost:" + jetty.base().getPort() + "/jwks.json");
        Exception e = assertThrows(Exception.class, () -> keys(KeySets.fromUrl(byName)));
        assertTrue(causes(e).contains("internal address"), causes(e));
        assertEquals(before, FETCHES.get(), "the name's server was never asked");
    }

    @Test
    void jwksUrlWhoseNameResolvesIntoAnAllowedRangeIsFetched() throws Exception {
        URI byName = URI.create("http://localhost:" + jetty.base().getPort() + "/jwks.json");
        List<JWK> keys = keys(KeySets.fromUrl(byName, List.of("127.0.0.0/8", "::1")));
        assertEquals(List.of("k1"), keys.stream().map(JWK::getKeyID).toList());
    }

    @Test
    void tlsIsRefusedOnAConnectionThatReachedAnInternalAddress() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            AddressCheckingSslSocketFactory guarded =
                    new AddressCheckingSslSocketFactory(AddressGuard.allowingLiterals(Set.of("jwks.example.org")));
            Socket plain = new Socket("127.0.0.1", listener.getLocalPort());
            BlockedAddressException e = assertThrows(BlockedAddressException.class,
                    () -> guarded.createSocket(plain, "jwks.example.org", listener.getLocalPort(), true));
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
            assertTrue(plain.isClosed(), "the connection is dropped before any TLS byte");

            AddressCheckingSslSocketFactory allowing =
                    new AddressCheckingSslSocketFactory(AddressGuard.allowingLiterals(Set.of("127.0.0.1")));
            try (Socket second = new Socket("127.0.0.1", listener.getLocalPort());
                    Socket tls = allowing.createSocket(second, "127.0.0.1", listener.getLocalPort(), true)) {
                assertTrue(tls instanceof SSLSocket);
            }
        }
    }

    @Test
    void httpsUrlConnectionTakesTheCheckedPathWhenTheConnectionLandsOnAnInternalAddress() throws Exception {
        // as after a rebinding: the name passed its check, the TCP connection reached 127.0.0.1 anyway
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            javax.net.ssl.HttpsURLConnection connection = (javax.net.ssl.HttpsURLConnection)
                    new java.net.URL("https://127.0.0.1:" + listener.getLocalPort() + "/jwks.json").openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            connection.setSSLSocketFactory(
                    new AddressCheckingSslSocketFactory(AddressGuard.allowingLiterals(Set.of("jwks.example.org"))));
            BlockedAddressException e = assertThrows(BlockedAddressException.class, connection::getInputStream);
            assertTrue(e.getMessage().contains("internal address"), e.getMessage());
        }
    }

    private static List<JWK> keys(JWKSource<SecurityContext> source) throws Exception {
        return source.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append(" | ");
        }
        return text.toString();
    }
}
