package org.chelate.terminology.fhir;

import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MetadataResource;

/** Read and search-by-url over a fixed list of served resources (copies are returned; the originals stay untouched). */
final class ServedResources {

    private ServedResources() {
    }

    @SuppressWarnings("unchecked")
    static <T extends MetadataResource> T byId(List<T> resources, IdType id) {
        String idPart = id.getIdPart();
        return resources.stream().filter(r -> r.getIdElement().getIdPart().equals(idPart)).findFirst()
                .map(r -> (T) r.copy())
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @SuppressWarnings("unchecked")
    static <T extends MetadataResource> List<T> byUrl(List<T> resources, UriParam url) {
        String wanted = url == null ? null : url.getValue();
        return resources.stream().filter(r -> wanted == null || wanted.equals(r.getUrl())).map(r -> (T) r.copy()).toList();
    }
}
