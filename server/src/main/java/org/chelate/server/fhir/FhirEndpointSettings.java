package org.chelate.server.fhir;

/**
 * Limits of the FHIR endpoint.
 *
 * @param maxBodyBytes     largest request body accepted; larger gets 413
 * @param defaultPageSize  search page size when the client sends no _count
 * @param maxPageSize      largest page; a larger _count is reduced to this
 * @param pagedSearches    how many searches keep their next links alive (oldest dropped first)
 */
public record FhirEndpointSettings(long maxBodyBytes, int defaultPageSize, int maxPageSize, int pagedSearches) {

    public static final long DEFAULT_MAX_BODY_BYTES = 2L * 1024 * 1024;

    public FhirEndpointSettings {
        if (maxBodyBytes < 1 || defaultPageSize < 1 || maxPageSize < defaultPageSize || pagedSearches < 1) {
            throw new IllegalArgumentException("invalid FHIR endpoint settings");
        }
    }

    public static FhirEndpointSettings defaults() {
        return new FhirEndpointSettings(DEFAULT_MAX_BODY_BYTES, 20, 1000, 2000);
    }

    public FhirEndpointSettings withMaxBodyBytes(long bytes) {
        return new FhirEndpointSettings(bytes, defaultPageSize, maxPageSize, pagedSearches);
    }
}
