package org.chelate.plugin.regimen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.chelate.terminology.codes.InteractingDrugs;
import org.chelate.terminology.codes.SupplementCodes;
import org.chelate.terminology.text.SupplementTextRecogniser;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.junit.jupiter.api.Test;

/** Label texts are recognised once and remembered, within a bound (they come from client data). */
class ProductResolverMemoryTest {

    private final ProductResolver resolver = new ProductResolver(SupplementCodes.standard(),
            SupplementTextRecogniser.standard(), InteractingDrugs.standard(), LabelProducts.standard());

    private Product resolve(String text) {
        return resolver.resolve(new CodeableConcept().setText(text), new MedicationStatement(), Map.of(), List.of());
    }

    @Test
    void aRememberedTextGivesTheSameProductAsTheFirstTime() {
        Product first = resolve("Magnesium bisglycinate 500 mg");
        Product again = resolve("Magnesium bisglycinate 500 mg");
        assertEquals(1, first.components().size());
        assertEquals(1, again.components().size());
        ProductComponent a = first.components().get(0);
        ProductComponent b = again.components().get(0);
        assertEquals(a.mineral(), b.mineral());
        assertEquals(a.salt(), b.salt());
        assertEquals(0, a.strength().orElseThrow().numerator().getValue()
                .compareTo(b.strength().orElseThrow().numerator().getValue()));
        assertEquals(first.description(), again.description());
        assertEquals(1, resolver.rememberedTexts());
    }

    @Test
    void clientTextCannotGrowTheMemoryWithoutBound() {
        for (int i = 0; i < ProductResolver.MAX_REMEMBERED_TEXTS + 500; i++) {
            resolve("zinc gluconate " + i + " mg");
        }
        assertTrue(resolver.rememberedTexts() <= ProductResolver.MAX_REMEMBERED_TEXTS, "" + resolver.rememberedTexts());
        assertEquals(1, resolve("zinc gluconate 50 mg").components().size(), "still recognised past the bound");
    }
}
