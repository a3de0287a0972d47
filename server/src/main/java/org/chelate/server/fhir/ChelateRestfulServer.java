package org.chelate.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.chelate.server.store.Database;

/** The HAPI RestfulServer at /fhir, backed by the JDBC store. */
public final class ChelateRestfulServer extends RestfulServer {

    private final transient Database database;

    public ChelateRestfulServer(FhirContext fhirContext, Database database) {
        super(fhirContext);
        this.database = database;
    }

    @Override
    protected void initialize() {
        setDefaultPrettyPrint(false);
    }
}
