package org.chelate.server.fhir;

import java.nio.file.Path;
import org.chelate.server.ChelateServer;
import org.chelate.server.testing.Backend;
import org.chelate.server.testing.ServersPerBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real server per backend per test class (started on first use, stopped after the class), so that the
 * parameterized tests of a class share a store. Tests keep apart by using fresh patients and unique values.
 */
abstract class ServerPerBackend {

    @TempDir
    static Path dataRoot;

    private static final ServersPerBackend SERVERS = new ServersPerBackend();

    static ChelateServer server(Backend backend) throws Exception {
        return SERVERS.get(backend, b -> b.freshConfig(dataRoot.resolve(b.name())));
    }

    static FhirHttp http(Backend backend) throws Exception {
        return new FhirHttp(server(backend).fhirBase());
    }

    static String unique(String prefix) {
        return ServersPerBackend.unique(prefix);
    }

    @AfterAll
    static void stopServers() throws Exception {
        SERVERS.closeAll();
    }
}
