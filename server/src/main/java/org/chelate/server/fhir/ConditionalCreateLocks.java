package org.chelate.server.fhir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises conditional creates with the same condition, so that two simultaneous POSTs with one If-None-Exist
 * (an EHR retrying, say) make one resource, not two: the second runs after the first has committed and finds it.
 * Used by POST with If-None-Exist and by transaction and batch entries with ifNoneExist. Striped by the condition's
 * hash; holds for one server process (the store is not shared by several).
 */
final class ConditionalCreateLocks {

    private final ReentrantLock[] stripes = new ReentrantLock[64];

    ConditionalCreateLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    <T> T withLock(String type, String condition, Supplier<T> work) {
        if (condition == null || condition.isBlank()) {
            return work.get();
        }
        return withLocks(List.of(type + "?" + condition.trim()), work);
    }

    /** Holds the locks of several conditions (a transaction's), taken in stripe order so that no two deadlock. */
    <T> T withLocks(Collection<String> typedConditions, Supplier<T> work) {
        SortedSet<Integer> indexes = new TreeSet<>();
        for (String key : typedConditions) {
            indexes.add(Math.floorMod(key.hashCode(), stripes.length));
        }
        List<ReentrantLock> held = new ArrayList<>();
        try {
            for (int index : indexes) {
                stripes[index].lock();
                held.add(stripes[index]);
            }
            return work.get();
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }
}
