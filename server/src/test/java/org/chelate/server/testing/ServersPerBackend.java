package org.chelate.server.testing;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;

/**
 * Real servers, one per backend, started on first use and closed together: a test class keeps one of these in a
 * static field and closes it after all its tests, so that the parameterized tests of the class share a store.
 */
public final class ServersPerBackend {

    /** The configuration to start a backend's server with. */
    @FunctionalInterface
    public interface Configuration {
        ServerConfig of(Backend backend) throws Exception;
    }

    private final Map<Backend, ChelateServer> servers = new EnumMap<>(Backend.class);

    public synchronized ChelateServer get(Backend backend, Configuration configuration) throws Exception {
        ChelateServer server = servers.get(backend);
        if (server == null) {
            server = ChelateServer.start(configuration.of(backend));
            servers.put(backend, server);
        }
        return server;
    }

    public synchronized void closeAll() throws Exception {
        for (ChelateServer server : servers.values()) {
            server.close();
        }
        servers.clear();
    }

    /** A value no other test uses: the prefix and 12 random hex digits. */
    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
