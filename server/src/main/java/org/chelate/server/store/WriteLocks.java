package org.chelate.server.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * In-process locks in front of the database, keyed by what a write touches: a resource ({@link #resource}, taken by
 * update and delete) or a conditional create's condition ({@link #condition}, so that two simultaneous POSTs with one
 * If-None-Exist make one resource, not two). At most one writer per key reaches the database at a time, so writers of
 * one resource queue here, holding no connection, instead of on the database's row lock (where sixteen If-Match
 * racers under mixed load ran into H2's lock timeout on the row they had already locked: 503s, and requests stalled
 * past 30 s).
 * <p>
 * A fixed number of striped locks, not one lock per key, so memory stays bounded; two keys on one stripe only wait
 * for each other. Several keys (a transaction's) are taken in stripe order, so no two writers can deadlock.
 * Holds for one server process (the store is not shared by several).
 */
public final class WriteLocks {

    private static final int STRIPES = 1024;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public WriteLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The key of one resource. */
    public static String resource(String type, String id) {
        return type + "/" + id;
    }

    /** The key of a conditional create's condition, or null when there is no condition. */
    public static String condition(String type, String condition) {
        return condition == null || condition.isBlank() ? null : type + "?" + condition.trim();
    }

    /** Runs work holding the locks of all keys (null keys are ignored). */
    public <T> T withLocks(Collection<String> keys, Supplier<T> work) {
        SortedSet<Integer> indexes = new TreeSet<>();
        for (String key : keys) {
            if (key != null) {
                indexes.add(Math.floorMod(key.hashCode(), stripes.length));
            }
        }
        List<ReentrantLock> held = new ArrayList<>(indexes.size());
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
