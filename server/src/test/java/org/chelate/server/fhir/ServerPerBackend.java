package org.chelate.server.fhir;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.chelate.server.ChelateServer;
import org.chelate.server.testing.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real server per backend per test class (started on first use, stopped after the class), so that the
 * parameterized tests of a class share a store. Tests keep apart by using fresh patients and unique values.
 */
abstract class ServerPerBackend {

    @TempDir
    static Path dataRoot;

    private static final Map<Backend, ChelateServer> SERVERS = new EnumMap<>(Backend.class);

    static synchronized ChelateServer server(Backend backend) throws Exception {
        ChelateServer server = SERVERS.get(backend);
        if (server == null) {
            server = ChelateServer.start(backend.freshConfig(dataRoot.resolve(backend.name())));
            SERVERS.put(backend, server);
        }
        return server;
    }

    static FhirHttp http(Backend backend) throws Exception {
        return new FhirHttp(server(backend).fhirBase());
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @AfterAll
    static synchronized void stopServers() throws Exception {
        for (ChelateServer server : SERVERS.values()) {
            server.close();
        }
        SERVERS.clear();
    }
}
