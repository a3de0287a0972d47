package org.chelate.server.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.chelate.server.store.SearchSpec;

/**
 * What the resources a chain or {@code _has} looks into may be, for a request confined to one patient's compartment
 * (a SMART patient-context token): the authorization layer judges the resources a search returns, not the ones its
 * chains read, so a chain through another patient's record ({@code Patient?_id=me&link:Patient.name=x}) or a
 * {@code _has} over other patients' resources would answer questions about them. Confined, every chained or reverse
 * chained search runs only over the patient's compartment, and over the types the token may read outright.
 *
 * @param patientId       the compartment's patient
 * @param readableOutright types the request may read whatever their compartment (shared types, unconfined scopes)
 */
public record SearchReach(String patientId, Predicate<String> readableOutright) {

    /** RequestDetails user-data key under which the authorization layer leaves a confined request's reach. */
    public static final String KEY = SearchReach.class.getName();

    /** The request's reach, or null when it is not confined. */
    static SearchReach of(RequestDetails request) {
        return request.getUserData().get(KEY) instanceof SearchReach reach ? reach : null;
    }

    /** The search with every chained and reverse-chained search kept inside the reach. */
    SearchSpec confine(SearchSpec spec, Compartments compartments) {
        List<SearchSpec.Criterion> criteria = new ArrayList<>();
        for (SearchSpec.Criterion criterion : spec.criteria()) {
            if (criterion instanceof SearchSpec.Chain chain) {
                criteria.add(new SearchSpec.Chain(chain.param(),
                        chain.targets().stream().map(target -> inside(target, compartments)).toList()));
            } else if (criterion instanceof SearchSpec.Has has) {
                criteria.add(new SearchSpec.Has(has.param(), inside(has.source(), compartments)));
            } else {
                criteria.add(criterion);
            }
        }
        return new SearchSpec(spec.resourceType(), criteria, spec.sort());
    }

    private SearchSpec inside(SearchSpec spec, Compartments compartments) {
        SearchSpec confined = confine(spec, compartments);
        String type = spec.resourceType();
        if (readableOutright.test(type)) {
            return confined;
        }
        List<SearchSpec.Criterion> criteria = new ArrayList<>(confined.criteria());
        if (type.equals("Patient")) {
            criteria.add(new SearchSpec.Ids(List.of(patientId)));
        } else {
            criteria.add(new SearchSpec.InCompartment(compartments.membershipParams("Patient", type), "Patient",
                    patientId));
        }
        return new SearchSpec(type, criteria, confined.sort());
    }
}
