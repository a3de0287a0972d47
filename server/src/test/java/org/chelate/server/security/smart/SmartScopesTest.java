package org.chelate.server.security.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import java.util.List;
import org.chelate.server.security.smart.SmartScope.Context;
import org.chelate.server.security.smart.SmartScope.Interaction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SmartScopesTest {

    @Test
    void v1Forms() {
        assertEquals(new SmartScope(Context.PATIENT, "*", EnumSet.of(Interaction.READ, Interaction.SEARCH)),
                SmartScopes.parseOne("patient/*.read"));
        assertEquals(new SmartScope(Context.USER, "MedicationStatement",
                        EnumSet.of(Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE)),
                SmartScopes.parseOne("user/MedicationStatement.write"));
        assertEquals(new SmartScope(Context.SYSTEM, "*", EnumSet.allOf(Interaction.class)),
                SmartScopes.parseOne("system/*.*"));
    }

    @Test
    void v2Forms() {
        assertEquals(new SmartScope(Context.PATIENT, "Observation", EnumSet.of(Interaction.READ, Interaction.SEARCH)),
                SmartScopes.parseOne("patient/Observation.rs"));
        assertEquals(new SmartScope(Context.USER, "*", EnumSet.allOf(Interaction.class)),
                SmartScopes.parseOne("user/*.cruds"));
        assertEquals(new SmartScope(Context.SYSTEM, "Patient", EnumSet.of(Interaction.CREATE, Interaction.UPDATE)),
                SmartScopes.parseOne("system/Patient.cu"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openid", "fhirUser", "launch/patient", "offline_access", "patient/*.rs?category=laboratory",
            "patient/Observation.sr", "patient/Observation.", "admin/*.*", "patient/observation.read",
            "patient/Observation.readwrite", "patient/*.x"})
    void nonClinicalOrUnenforceableScopesGrantNothing(String scope) {
        assertNull(SmartScopes.parseOne(scope));
    }

    @Test
    void scopeStringSplitsOnWhitespaceAndSkipsOthers() {
        List<SmartScope> scopes = SmartScopes.parse(" openid  patient/*.read\tlaunch/patient user/Observation.cruds ");
        assertEquals(2, scopes.size());
        assertEquals(Context.USER, scopes.get(1).context());
        assertEquals(List.of(), SmartScopes.parse(null));
    }
}
