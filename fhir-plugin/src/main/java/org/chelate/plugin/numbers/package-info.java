/** Bounds on the numbers Chelate reads, shared by the FHIR server's write checks and the CDS Hooks service. */
package org.chelate.plugin.numbers;
