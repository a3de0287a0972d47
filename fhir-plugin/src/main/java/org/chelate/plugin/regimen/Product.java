package org.chelate.plugin.regimen;

import java.util.List;

/** The mineral components of a record's product, and its text for display. */
record Product(List<ProductComponent> components, String description, List<String> notes) {
    Product {
        components = List.copyOf(components);
        notes = List.copyOf(notes);
    }

    Product(List<ProductComponent> components, String description) {
        this(components, description, List.of());
    }
}
