package org.chelate.server.fhir;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises conditional creates with the same condition, so that two simultaneous POSTs with one If-None-Exist
 * (an EHR retrying, say) make one resource, not two: the second runs after the first has committed and finds it.
 * Striped by the condition's hash; holds for one server process (the store is not shared by several).
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
        ReentrantLock lock = stripes[Math.floorMod((type + "?" + condition.trim()).hashCode(), stripes.length)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
