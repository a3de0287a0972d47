/**
 * The FHIR R4 REST layer at /fhir: a HAPI plain RestfulServer ({@link org.chelate.server.fhir.ChelateRestfulServer})
 * with one generic resource provider per stored type, a system provider for transaction and batch Bundles, and the
 * request checks (body size 413, content type 415, structural JSON/XML errors 400, unknown search parameters 400
 * unless {@code Prefer: handling=lenient}).
 *
 * <p>The CapabilityStatement is HAPI's own, told the supported search parameters by
 * {@code IndexedSearchParamRegistry}, so it lists exactly what the store indexes.
 *
 * <p>For in-process callers (the plugin) {@link org.chelate.server.fhir.ChelateRestfulServer#patientRecordSource()}
 * reads a patient's record without HTTP.
 */
package org.chelate.server.fhir;
