/**
 * The JDBC resource store (H2 file by default, PostgreSQL by URL), its schema managed by Flyway
 * ({@code db/migration/common}).
 *
 * <p>Tables: {@code fhir_resource} has one row per logical resource with its current version number and a deleted
 * flag; {@code fhir_resource_version} holds every version's JSON body (null for a deletion); {@code idx_value} holds
 * the search index rows of the current version of each live resource, replaced on every write.
 *
 * <p>What is indexed is {@link org.chelate.server.store.IndexedParams}: per resource type, names of HAPI's standard R4
 * search parameters. {@link org.chelate.server.store.IndexExtractor} evaluates each parameter's own path (from
 * {@code RuntimeSearchParam}) over the resource, so adding a type or parameter is one line there.
 *
 * <p>Writes run in one database transaction each ({@link org.chelate.server.store.ResourceStore#inTransaction}); a
 * write locks the resource row before comparing versions, so concurrent updates serialise and If-Match is exact.
 * On H2 a commit is written to the file (group commit, {@code GroupFlush}) before the call returns.
 */
package org.chelate.server.store;
