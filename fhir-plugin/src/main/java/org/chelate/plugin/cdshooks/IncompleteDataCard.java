package org.chelate.plugin.cdshooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chelate.plugin.guidance.CardType;
import org.chelate.plugin.guidance.Finding;
import org.chelate.plugin.guidance.Input;
import org.chelate.plugin.guidance.Severity;

/**
 * The card that says guidance is incomplete: which data could not be read, and which checks therefore were not
 * done, so that the absence of another card is never taken for "checked and fine".
 */
final class IncompleteDataCard {

    private static final String PREFIX = "Incomplete guidance: ";

    private IncompleteDataCard() {
    }

    static Optional<Finding> of(DataGaps gaps) {
        if (gaps.isEmpty()) {
            return Optional.empty();
        }
        Map<Input, String> inputs = gaps.unreadable();
        List<String> records = gaps.recordsNotRead();
        List<String> partial = gaps.partlyRead();
        List<String> late = gaps.notEvaluated();
        List<String> named = new ArrayList<>();
        for (Input input : Input.values()) {
            if (inputs.containsKey(input)) {
                named.add(shortName(input));
            }
        }
        long recordCount = records.stream().filter(r -> !r.equals("and more")).count();
        if (recordCount > 0) {
            named.add(recordCount == 1 ? "1 record" : recordCount + (records.contains("and more") ? "+" : "")
                    + " records");
        }
        if (!partial.isEmpty()) {
            named.add("further pages of the record");
        }
        String summary;
        if (!named.isEmpty()) {
            summary = PREFIX + String.join(", ", named) + " could not be read; some checks were not done";
            if (!late.isEmpty()) {
                summary = PREFIX + String.join(", ", named) + " not read; some checks not done in time";
            }
        } else {
            summary = PREFIX + "some checks did not finish in time; see which";
        }
        if (summary.length() > Finding.MAX_SUMMARY) {
            summary = PREFIX + "some patient data could not be read; some checks were not done";
        }
        StringBuilder d = new StringBuilder("Chelate could not read all of this patient's data. The checks listed "
                + "below were not done: no card about them does **not** mean they are fine.\n\n");
        for (Input input : Input.values()) {
            String why = inputs.get(input);
            if (why != null) {
                d.append("- **").append(longName(input)).append("** could not be read (").append(why)
                        .append("). Not checked: ").append(checksNeeding(input)).append(".\n");
            }
        }
        if (!records.isEmpty()) {
            d.append("\nThese records were not read and are not counted in any total:\n\n");
            records.forEach(r -> d.append("- ").append(r).append('\n'));
        }
        partial.forEach(p -> d.append("\n- ").append(p).append('\n'));
        if (!late.isEmpty()) {
            d.append("\nNot finished within the time limit: ").append(String.join("; ", late)).append(".\n");
        }
        d.append("\nOpen the patient's chart again to retry, or review these items in the record.");
        return Optional.of(new Finding(CardType.INCOMPLETE_DATA, CardType.INCOMPLETE_DATA.code(), Severity.WARNING,
                summary, d.toString(), List.of(), List.of()));
    }

    private static String shortName(Input input) {
        return switch (input) {
            case PATIENT -> "patient details";
            case MEDICATIONS -> "medication list";
            case OBSERVATIONS -> "lab results";
            case CONDITIONS -> "conditions";
        };
    }

    private static String longName(Input input) {
        return switch (input) {
            case PATIENT -> "Patient details (birth date, sex)";
            case MEDICATIONS -> "Medication list (statements and orders)";
            case OBSERVATIONS -> "Lab results and symptom scores";
            case CONDITIONS -> "Active conditions";
        };
    }

    private static String checksNeeding(Input input) {
        return switch (input) {
            case PATIENT -> "daily magnesium and zinc against the age-specific upper limits, copper monitoring, "
                    + "regimen templates";
            case MEDICATIONS -> "every supplement check (daily totals, upper limits, interaction timing, kidney "
                    + "function with magnesium)";
            case OBSERVATIONS -> "serum magnesium, zinc and copper, magnesium with low eGFR, copper monitoring, "
                    + "symptom response; pregnancy recorded as an observation";
            case CONDITIONS -> "regimen templates for a listed problem; pregnancy or lactation recorded as a "
                    + "condition";
        };
    }
}
