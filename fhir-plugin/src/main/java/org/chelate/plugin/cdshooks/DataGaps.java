package org.chelate.plugin.cdshooks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chelate.plugin.guidance.Input;
import org.chelate.plugin.guidance.PatientPicture;

/**
 * What one call could not read: inputs that could not be had (and why), single records left out, further pages not
 * read, checks the time limit cut off. Filled by the reading and the rules' thread, read by the answering thread;
 * synchronized. Empty means the guidance saw everything it asked for.
 */
final class DataGaps {

    private final Map<Input, String> unreadable = new EnumMap<>(Input.class);
    private final List<String> recordsNotRead = new ArrayList<>();
    private final List<String> notEvaluated = new ArrayList<>();
    private final List<String> partial = new ArrayList<>();

    /** {@code input} could not be read at all, for {@code why} ("the EHR's FHIR server did not answer in time"). */
    synchronized void inputNotRead(Input input, String why) {
        unreadable.putIfAbsent(input, why);
    }

    /** One record was left out: {@code reference} ("MedicationStatement/abc") in {@code what}, for {@code why}. */
    synchronized void recordNotRead(String reference, String what, String why) {
        if (recordsNotRead.size() < 20) {
            recordsNotRead.add(reference + " (" + what + "): " + why);
        } else if (recordsNotRead.size() == 20) {
            recordsNotRead.add("and more");
        }
    }

    /** Adds the records {@code other} left out (e.g. those of one further page). */
    void recordsNotReadFrom(DataGaps other) {
        List<String> theirs = other.recordsNotRead();
        synchronized (this) {
            for (String r : theirs) {
                if (recordsNotRead.size() <= 20 && !r.equals("and more")) {
                    recordsNotRead.add(recordsNotRead.size() == 20 ? "and more" : r);
                }
            }
        }
    }

    /** Part of an input is missing, e.g. "further pages of the medication list (page limit reached)". */
    synchronized void partlyRead(String what) {
        partial.add(what);
    }

    /** A group of checks did not run within the time limit. */
    synchronized void notEvaluated(String what) {
        if (!notEvaluated.contains(what)) {
            notEvaluated.add(what);
        }
    }

    /**
     * Notes the inputs the picture lacks that no fetch failure explains (a Patient without a birth date), when a
     * supplement is taken or ordered: the checks needing them were skipped. Observations are left to the second pass.
     */
    void inputsMissingFrom(PatientPicture picture) {
        if (picture.currentRegimens().isEmpty()) {
            return;
        }
        Set<Input> noted = unreadableInputs();
        for (Input input : picture.unavailable()) {
            if (input != Input.OBSERVATIONS && !noted.contains(input)) {
                inputNotRead(input, input == Input.PATIENT ? "the birth date is not recorded" : "not recorded");
            }
        }
    }

    /** The engine starts no rule past the deadline: when it is past, some rules may not have run, and the card says so. */
    void checkTimeLimit(Clock clock, Instant deadline) {
        if (clock.instant().isAfter(deadline)) {
            notEvaluated("some checks: the time limit was reached before every check had run");
        }
    }

    synchronized boolean isEmpty() {
        return unreadable.isEmpty() && recordsNotRead.isEmpty() && notEvaluated.isEmpty() && partial.isEmpty();
    }

    synchronized Set<Input> unreadableInputs() {
        return Set.copyOf(unreadable.keySet());
    }

    synchronized Map<Input, String> unreadable() {
        return Map.copyOf(unreadable);
    }

    synchronized List<String> recordsNotRead() {
        return List.copyOf(recordsNotRead);
    }

    synchronized List<String> notEvaluated() {
        return List.copyOf(notEvaluated);
    }

    synchronized List<String> partlyRead() {
        return List.copyOf(partial);
    }
}
