/** Reading a patient's age, sex, pregnancy, lactation and the problems that change guidance, one way for every feature. */
package org.chelate.plugin.patient;
