package org.chelate.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a kill -9 would leave: the database file as it is on disk right after the writes returned, copied while the
 * database is still open (nothing is flushed by closing it), holds every write.
 */
class GroupCommitTest {

    @TempDir
    Path live;

    @TempDir
    Path crashed;

    @Test
    void everyReturnedWriteIsInTheFileBeforeTheDatabaseCloses() throws Exception {
        int writers = 8;
        int each = 25;
        try (Database database = Database.open(DatabaseConfig.h2File(live))) {
            ResourceStore store = new ResourceStore(database);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            String id = "w" + writer + "-" + i;
                            store.inTransaction(tx -> tx.create("Patient", id,
                                    (version, updated) -> "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"}",
                                    ResourceIndex.EMPTY));
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            try (var files = Files.list(live)) {
                for (Path file : files.toList()) {
                    Files.copy(file, crashed.resolve(file.getFileName()));
                }
            }
        }
        try (Database copy = Database.open(DatabaseConfig.h2File(crashed))) {
            long stored = new ResourceStore(copy).read(tx -> tx.count(SearchSpec.all("Patient")));
            assertEquals(writers * each, stored);
        }
    }
}
