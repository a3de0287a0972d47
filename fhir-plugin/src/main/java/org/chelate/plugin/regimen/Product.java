package org.chelate.plugin.regimen;

import java.util.List;

/** The mineral components of a record's product, and its text for display. */
record Product(List<ProductComponent> components, String description) {
    Product {
        components = List.copyOf(components);
    }
}
