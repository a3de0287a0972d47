package org.chelate.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store created by the first schema version keeps its index rows when opened by this version. */
class MigrationTest {

    @TempDir
    Path dataDir;

    @Test
    void indexRowsOfVersion1AreMovedIntoTheSingleIndexTable() throws Exception {
        DatabaseConfig config = DatabaseConfig.h2File(dataDir);
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration/common").target(MigrationVersion.fromVersion("1")).load().migrate();
        try (Connection connection = java.sql.DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO idx_token VALUES (1, 'Observation', 'code', 'http://loinc.org', '19123-9')");
            statement.execute("INSERT INTO idx_string VALUES (2, 'Patient', 'name', 'ndiaye', 'Ndiaye')");
            statement.execute("INSERT INTO idx_reference VALUES (1, 'Observation', 'patient', 'Patient', 'p1')");
            statement.execute("INSERT INTO idx_date VALUES (1, 'Observation', 'date', 10, 20)");
        }
        try (Database database = Database.open(config);
                Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT param, s1, s2, n1, n2 FROM idx_value ORDER BY param")) {
            StringBuilder found = new StringBuilder();
            while (rows.next()) {
                found.append(rows.getString(1)).append('=').append(rows.getString(2)).append('|')
                        .append(rows.getString(3)).append('|').append(rows.getString(4)).append('|')
                        .append(rows.getString(5)).append(';');
            }
            assertEquals("code=19123-9|http://loinc.org|null|null;date=null|null|10|20;name=ndiaye|Ndiaye|null|null;"
                    + "patient=p1|Patient|null|null;", found.toString());
        }
    }
}
