/** Reading a patient's age, sex, pregnancy and lactation from FHIR, one way for every feature. */
package org.chelate.plugin.patient;
