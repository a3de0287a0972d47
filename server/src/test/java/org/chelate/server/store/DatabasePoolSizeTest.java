package org.chelate.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code --db-pool-size} reaches the connection pool, within its bounds. */
class DatabasePoolSizeTest {

    private static DatabaseConfig memory() {
        return new DatabaseConfig("jdbc:h2:mem:pool-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    @Test
    void thePoolOpensAtMostTheConfiguredNumberOfConnections() {
        assertEquals(DatabaseConfig.DEFAULT_POOL_SIZE, memory().poolSize());
        try (Database database = Database.open(memory().withPoolSize(5))) {
            assertEquals(5, ((HikariDataSource) database.dataSource()).getMaximumPoolSize());
        }
    }

    @Test
    void aPoolSizeOutOfBoundsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> memory().withPoolSize(DatabaseConfig.MIN_POOL_SIZE - 1));
        assertThrows(IllegalArgumentException.class, () -> memory().withPoolSize(DatabaseConfig.MAX_POOL_SIZE + 1));
    }
}
