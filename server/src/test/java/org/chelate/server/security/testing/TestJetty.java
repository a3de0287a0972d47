package org.chelate.server.security.testing;

import java.net.URI;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty on a free loopback port for one test class; the caller adds servlets and filters. */
public final class TestJetty implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private TestJetty(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static TestJetty start(Consumer<ServletContextHandler> setup) throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        setup.accept(context);
        return start(context);
    }

    public static TestJetty start(Handler handler) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return new TestJetty(server, connector);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    public URI uri(String path) {
        return URI.create(base() + path);
    }

    public Server server() {
        return server;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
