package org.chelate.plugin.regimen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.terminology.salt.SaltTable;
import org.junit.jupiter.api.Test;

/** The label-products table is data a pharmacist reviews: every row cites a source the knowledge pack declares. */
class LabelProductsTest {

    private final LabelProducts products = LabelProducts.standard();

    @Test
    void everyRowCitesASourceThePackDeclares() {
        KnowledgePack pack = KnowledgePack.loadDefault();
        for (LabelProducts.Row row : products.rows()) {
            assertTrue(pack.source(row.source()).isPresent(), row.id() + " cites " + row.source());
            assertFalse(row.label().isBlank(), row.id() + " says what its label states");
        }
    }

    @Test
    void eachNameBelongsToOneRow() {
        Set<List<String>> seen = new HashSet<>();
        products.rows().forEach(row -> row.names().forEach(name -> assertTrue(seen.add(name), row.id() + ": " + name)));
    }

    @Test
    void theLongestNameWinsAndWordsMustBeWhole() {
        assertEquals("phillips-mom-concentrated", products.match("Phillips Concentrated Milk of Magnesia").orElseThrow().id());
        assertEquals("milk-of-magnesia", products.match("Phillips' Milk of Magnesia, original").orElseThrow().id());
        assertTrue(products.match("Centrumx").isEmpty(), "part of a word does not");
    }

    @Test
    void drugProductSaltsReadAsTheCompoundsWeight() {
        SaltTable salts = SaltTable.standard();
        assertTrue(products.labelledByCompoundWeight(salts.byCode("magnesium-oxide").orElseThrow()));
        assertTrue(products.labelledByCompoundWeight(salts.byCode("zinc-sulfate-heptahydrate").orElseThrow()));
        assertFalse(products.labelledByCompoundWeight(salts.byCode("magnesium-bisglycinate").orElseThrow()));
        assertFalse(products.labelledByCompoundWeight(salts.byCode("zinc-gluconate").orElseThrow()));
    }
}
