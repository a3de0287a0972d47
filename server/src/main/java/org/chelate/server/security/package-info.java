/**
 * Who may call Chelate and what it may be made to do: signed CDS Hooks calls ({@code cdshooks}), SMART-scoped FHIR
 * access ({@code smart}), key sets ({@code jwt}), safe outbound fetches ({@code outbound}), request limits
 * ({@code limits}) and the audit trail ({@code audit}).
 */
package org.chelate.server.security;
