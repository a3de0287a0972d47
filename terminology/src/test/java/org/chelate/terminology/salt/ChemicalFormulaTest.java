package org.chelate.terminology.salt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChemicalFormulaTest {

    @Test
    void countsAtomsInGroupsAndHydrates() {
        assertEquals(Map.of("Zn", 3, "C", 12, "H", 16, "O", 17), ChemicalFormula.parse("Zn3(C6H5O7)2·3H2O").atoms());
        assertEquals(Map.of("Mg", 1, "Cl", 2, "H", 12, "O", 6), ChemicalFormula.parse("MgCl2·6H2O").atoms());
        assertEquals(Map.of("Mg", 1, "O", 2, "H", 2), ChemicalFormula.parse("Mg(OH)2").atoms());
    }

    @Test
    void molarMassOfMagnesiumOxide() {
        assertEquals(0, new BigDecimal("40.304").compareTo(ChemicalFormula.parse("MgO").molarMass()));
    }

    @Test
    void rejectsUnknownElementsAndBadSyntax() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChemicalFormula.parse("FeSO4"));
        assertTrue(e.getMessage().contains("Fe"));
        assertThrows(IllegalArgumentException.class, () -> ChemicalFormula.parse("Mg(OH2"));
        assertThrows(IllegalArgumentException.class, () -> ChemicalFormula.parse("mgo"));
        assertThrows(IllegalArgumentException.class, () -> ChemicalFormula.parse(""));
    }
}
