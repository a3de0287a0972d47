package org.chelate.server.fhir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The outside data in {@code ../shared/data} (beside the repository root), read in place. */
final class SharedData {

    private SharedData() {
    }

    static Path dataDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("server")) ) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
        }
        Path data = dir.resolve("../shared/data").normalize();
        if (!Files.isDirectory(data)) {
            throw new IllegalStateException("../shared/data is missing beside the repository at " + dir);
        }
        return data;
    }

    static List<Path> files(String folder) {
        try (Stream<Path> files = Files.list(dataDir().resolve(folder))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
