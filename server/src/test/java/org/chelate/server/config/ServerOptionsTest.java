package org.chelate.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.chelate.plugin.cdshooks.IssuedCardRetention;
import org.chelate.server.ServerConfig;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

    private static ServerConfig parse(Map<String, String> env, String... args) throws InvalidOptionsException {
        ServerOptions.Parsed parsed = ServerOptions.parse(args, env);
        assertFalse(parsed.helpRequested());
        return parsed.config();
    }

    @Test
    void noOptionsGiveTheDocumentedDefaults() throws Exception {
        ServerConfig config = parse(Map.of());
        assertEquals("127.0.0.1", config.host());
        assertEquals(8080, config.port());
        assertEquals(Path.of("data"), config.dataDir());
        assertNull(config.dbUrl());
        assertTrue(config.database().isH2(), "embedded H2 by default");
        assertTrue(config.database().jdbcUrl().contains(Path.of("data").toAbsolutePath().toString()));
    }

    @Test
    void everyOptionIsReadFromTheCommandLine() throws Exception {
        ServerConfig config = parse(Map.of(),
                "--host", "0.0.0.0", "--port", "0", "--data-dir", "/var/lib/chelate",
                "--db-url=jdbc:postgresql://db:5432/chelate", "--db-user", "app", "--db-password", "s3cret");
        assertEquals(new ServerConfig("0.0.0.0", 0, Path.of("/var/lib/chelate"),
                "jdbc:postgresql://db:5432/chelate", "app", "s3cret"), config);
        assertTrue(config.database().isPostgres());
    }

    @Test
    void everyOptionIsReadFromItsEnvironmentVariable() throws Exception {
        ServerConfig config = parse(Map.of(
                "CHELATE_HOST", "::1",
                "CHELATE_PORT", "9090",
                "CHELATE_DATA_DIR", "/srv/chelate",
                "CHELATE_DB_URL", "jdbc:postgresql://localhost/chelate",
                "CHELATE_DB_USER", "env-user",
                "CHELATE_DB_PASSWORD", "env-password",
                "UNRELATED", "x"));
        assertEquals(new ServerConfig("::1", 9090, Path.of("/srv/chelate"),
                "jdbc:postgresql://localhost/chelate", "env-user", "env-password"), config);
    }

    @Test
    void theDatabasePoolSizeDefaultsTo16AndIsReadFromTheFlagOrItsVariableWithinBounds() throws Exception {
        assertEquals(16, parse(Map.of()).database().poolSize());
        assertEquals(40, parse(Map.of(), "--db-pool-size", "40").database().poolSize());
        ServerConfig fromEnvironment = parse(Map.of("CHELATE_DB_POOL_SIZE", "8",
                "CHELATE_DB_URL", "jdbc:postgresql://localhost/chelate"));
        assertEquals(8, fromEnvironment.database().poolSize());
        assertTrue(fromEnvironment.database().isPostgres());
        assertEquals(12, parse(Map.of("CHELATE_DB_POOL_SIZE", "8"), "--db-pool-size=12").dbPoolSize());
        for (String bad : new String[] {"0", "3", "501"}) {
            InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                    () -> parse(Map.of(), "--db-pool-size", bad));
            assertEquals("--db-pool-size must be between 4 and 500, got " + bad, e.getMessage());
        }
        InvalidOptionsException notANumber = assertThrows(InvalidOptionsException.class,
                () -> parse(Map.of("CHELATE_DB_POOL_SIZE", "many")));
        assertTrue(notANumber.getMessage().contains("CHELATE_DB_POOL_SIZE"), notANumber.getMessage());
        assertTrue(ServerOptions.usage().contains("--db-pool-size=N"), ServerOptions.usage());
    }

    @Test
    void writeValidationIsOffUnlessTheFlagOrItsVariableTurnsItOn() throws Exception {
        assertTrue(!parse(Map.of()).validateWrites());
        assertTrue(parse(Map.of(), "--validate-writes").validateWrites());
        assertTrue(parse(Map.of("CHELATE_VALIDATE_WRITES", "true")).validateWrites());
    }

    @Test
    void aFlagWinsOverItsVariable() throws Exception {
        ServerConfig config = parse(Map.of("CHELATE_PORT", "9090", "CHELATE_HOST", "10.0.0.1"), "--port", "7070");
        assertEquals(7070, config.port());
        assertEquals("10.0.0.1", config.host(), "a variable still applies where no flag is given");
    }

    @Test
    void aFlagWinsEvenOverAnUnusableVariable() throws Exception {
        assertEquals(7070, parse(Map.of("CHELATE_PORT", "not-a-port"), "--port", "7070").port());
    }

    @Test
    void anEmptyVariableCountsAsUnset() throws Exception {
        assertEquals(8080, parse(Map.of("CHELATE_PORT", "")).port());
    }

    @Test
    void helpIsRecognisedAndTheUsageNamesEveryOptionAndTheVariables() throws Exception {
        assertTrue(ServerOptions.parse(new String[] {"--help"}, Map.of()).helpRequested());
        assertTrue(ServerOptions.parse(new String[] {"-h"}, Map.of()).helpRequested());
        String usage = ServerOptions.usage();
        for (String option : new String[] {"--host", "--port", "--data-dir", "--db-url", "--db-user", "--db-password"}) {
            assertTrue(usage.contains(option), usage);
        }
        assertTrue(usage.contains("CHELATE_DATA_DIR"), usage);
    }

    @Test
    void anUnknownOptionIsNamed() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class, () -> parse(Map.of(), "--prot", "1"));
        assertTrue(e.getMessage().contains("--prot"), e.getMessage());
    }

    @Test
    void aMisspeltOptionGetsASuggestion() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class, () -> parse(Map.of(), "--data-dri", "x"));
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }

    @Test
    void aMissingValueIsReported() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class, () -> parse(Map.of(), "--port"));
        assertTrue(e.getMessage().contains("--port"), e.getMessage());
    }

    @Test
    void aPortThatIsNotANumberIsReported() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class, () -> parse(Map.of(), "--port", "http"));
        assertTrue(e.getMessage().contains("'http'"), e.getMessage());
        assertFalse(e.getMessage().contains("CHELATE_PORT"), "the value came from the command line: " + e.getMessage());
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                () -> parse(Map.of("CHELATE_PORT", "eighty")));
        assertTrue(e.getMessage().contains("CHELATE_PORT"), e.getMessage());
        assertTrue(e.getMessage().contains("'eighty'"), e.getMessage());
    }

    @Test
    void aPortOutOfRangeIsReported() {
        InvalidOptionsException high = assertThrows(InvalidOptionsException.class, () -> parse(Map.of(), "--port", "65536"));
        assertTrue(high.getMessage().contains("65535"), high.getMessage());
        assertThrows(InvalidOptionsException.class, () -> parse(Map.of(), "--port", "-1"));
    }

    @Test
    void aDatabaseUrlMustBeJdbc() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                () -> parse(Map.of(), "--db-url", "postgresql://localhost/chelate"));
        assertTrue(e.getMessage().contains("jdbc:"), e.getMessage());
    }

    @Test
    void anEmptyHostIsReported() {
        assertThrows(InvalidOptionsException.class, () -> parse(Map.of(), "--host", " "));
    }

    @Test
    void theIssuedCardRetentionIsReadFromFlagsAndVariables() throws Exception {
        assertEquals(IssuedCardRetention.DEFAULT, parse(Map.of()).cdsCardRetention(), "7 days, 100,000 cards");
        assertEquals(new IssuedCardRetention(Duration.ofDays(2), 3),
                parse(Map.of(), "--cds-card-retention-days", "2", "--cds-card-retention-max=3").cdsCardRetention());
        assertEquals(new IssuedCardRetention(Duration.ofDays(30), 500_000),
                parse(Map.of("CHELATE_CDS_CARD_RETENTION_DAYS", "30", "CHELATE_CDS_CARD_RETENTION_MAX", "500000"))
                        .cdsCardRetention());
        assertEquals(new IssuedCardRetention(Duration.ofDays(1), 100_000),
                parse(Map.of("CHELATE_CDS_CARD_RETENTION_DAYS", "30"), "--cds-card-retention-days", "1")
                        .cdsCardRetention(), "the flag wins; the other bound keeps its default");
        String usage = ServerOptions.usage();
        assertTrue(usage.contains("--cds-card-retention-days=DAYS") && usage.contains("--cds-card-retention-max=N"),
                usage);
    }

    @Test
    void aBadIssuedCardRetentionIsReportedNamingTheOption() {
        for (String bad : new String[] {"0", "-1", "36501"}) {
            InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                    () -> parse(Map.of(), "--cds-card-retention-days", bad));
            assertEquals("--cds-card-retention-days must be between 1 and 36500, got " + bad, e.getMessage());
        }
        for (String bad : new String[] {"0", "-5"}) {
            InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                    () -> parse(Map.of(), "--cds-card-retention-max", bad));
            assertEquals("--cds-card-retention-max must be at least 1, got " + bad, e.getMessage());
        }
        InvalidOptionsException notANumber = assertThrows(InvalidOptionsException.class,
                () -> parse(Map.of(), "--cds-card-retention-max", "lots"));
        assertTrue(notANumber.getMessage().contains("--cds-card-retention-max")
                && notANumber.getMessage().contains("'lots'"), notANumber.getMessage());
        InvalidOptionsException tooBig = assertThrows(InvalidOptionsException.class,
                () -> parse(Map.of(), "--cds-card-retention-max", "99999999999"));
        assertTrue(tooBig.getMessage().contains("--cds-card-retention-max"), tooBig.getMessage());
        InvalidOptionsException fromEnvironment = assertThrows(InvalidOptionsException.class,
                () -> parse(Map.of("CHELATE_CDS_CARD_RETENTION_DAYS", "a week")));
        assertTrue(fromEnvironment.getMessage().contains("CHELATE_CDS_CARD_RETENTION_DAYS"),
                fromEnvironment.getMessage());
    }

    @Test
    void thePasswordStaysOutOfTheConfigsText() throws Exception {
        ServerConfig config = parse(Map.of("CHELATE_DB_PASSWORD", "hunter2"), "--db-url", "jdbc:postgresql://x/y");
        assertFalse(config.toString().contains("hunter2"), config.toString());
    }
}
