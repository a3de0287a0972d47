package org.chelate.server.fhir;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.Bundle;

/** POST /fhir with a transaction or batch Bundle. */
public final class TransactionProvider {

    private final BundleProcessor processor;

    TransactionProvider(ResourceService service, FhirEndpointSettings settings) {
        this.processor = new BundleProcessor(service, settings);
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, ca.uhn.fhir.rest.api.server.RequestDetails request) {
        String base = request.getFhirServerBase();
        if (bundle.getType() == Bundle.BundleType.TRANSACTION) {
            return processor.transaction(bundle, base, PatchHooks.of(request));
        }
        if (bundle.getType() == Bundle.BundleType.BATCH) {
            return processor.batch(bundle, base, PatchHooks.of(request));
        }
        throw new InvalidRequestException("Bundle.type must be 'transaction' or 'batch' to be processed, not '"
                + (bundle.getType() == null ? "" : bundle.getType().toCode()) + "'");
    }
}
