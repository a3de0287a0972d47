package org.chelate.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chelate.plugin.cdshooks.IssuedCardRetention;
import org.chelate.server.ServerConfig;
import org.chelate.server.security.SecuritySettings;
import org.chelate.server.security.limits.RequestRateLimit;
import org.chelate.server.store.DatabaseConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line of {@code java -jar chelate-server.jar}. Each option can also come from the environment variable
 * {@code CHELATE_<NAME>} ({@code --data-dir} → {@code CHELATE_DATA_DIR}); a flag wins over its variable.
 * Defaults come from {@link ServerConfig#defaults()}.
 *
 * <p>Adding an option: a field with {@code @Option} here (its variable follows from its longest name), a component
 * and builder setter in {@link ServerConfig}, one line in {@link #toConfig()}, and any check of its value there.
 * A flag ({@code boolean}) is also set by its variable being {@code true}; a repeatable option ({@code List}) takes
 * {@code split = ","} so that its variable can hold several values.
 */
@Command(
        name = "chelate-server",
        customSynopsis = "java -jar chelate-server.jar [OPTIONS]",
        description = "Chelate: a FHIR R4 server for magnesium and zinc supplement regimens.",
        sortOptions = false,
        footer = {"",
                "Every option can also be set by an environment variable: CHELATE_ and the option's name in capitals,",
                "e.g. --data-dir -> CHELATE_DATA_DIR. A flag wins over its variable."})
public final class ServerOptions {

    private static final ServerConfig DEFAULTS = ServerConfig.defaults();
    /** A hundred years: far beyond any use, and far from overflowing the milliseconds the store compares. */
    private static final int MAX_CARD_RETENTION_DAYS = 36_500;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String host = DEFAULTS.host();

    @Option(names = "--port", paramLabel = "PORT",
            description = "TCP port; 0 picks a free port, shown in the start line (default: ${DEFAULT-VALUE}).")
    private int port = DEFAULTS.port();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory of the embedded H2 database (default: ${DEFAULT-VALUE}).")
    private Path dataDir = DEFAULTS.dataDir();

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "Use this database instead of the embedded one, e.g. jdbc:postgresql://localhost:5432/chelate.")
    private String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user for --db-url.")
    private String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            description = "Database password for --db-url (prefer CHELATE_DB_PASSWORD: flags show in process lists).")
    private String dbPassword;

    @Option(names = "--db-pool-size", paramLabel = "N",
            description = "Most database connections this instance opens (default: ${DEFAULT-VALUE}); with several "
                    + "instances on one database, their sum must stay below its max_connections.")
    private int dbPoolSize = DatabaseConfig.DEFAULT_POOL_SIZE;

    @Option(names = "--knowledge", paramLabel = "FILE",
            description = "Knowledge pack (JSON) to use instead of the one shipped in the plugin; a bad pack stops the "
                    + "start with a message naming the bad entry. See docs/cds-hooks.md.")
    private Path knowledge;

    @Option(names = "--auth-issuer", paramLabel = "ISS",
            description = "Issuer of FHIR API access tokens (their exact iss). Without it and --cds-trust the server "
                    + "runs open, which it does only on a loopback address.")
    private String authIssuer;

    @Option(names = "--auth-jwks", paramLabel = "FILE_OR_URL",
            description = "The token issuer's public keys: a JWKS file or an https URL.")
    private String authJwks;

    @Option(names = "--auth-audience", paramLabel = "URL",
            description = "Required aud of access tokens (default: --public-url + /fhir when set, else not checked).")
    private String authAudience;

    @Option(names = "--auth-authorize-url", paramLabel = "URL",
            description = "The token issuer's OAuth authorization endpoint, published in "
                    + "/fhir/.well-known/smart-configuration (this server only verifies tokens).")
    private URI authAuthorizeUrl;

    @Option(names = "--auth-token-url", paramLabel = "URL",
            description = "The token issuer's OAuth token endpoint, published in /fhir/.well-known/smart-configuration.")
    private URI authTokenUrl;

    @Option(names = "--cds-trust", paramLabel = "FILE",
            description = "JSON file naming the CDS clients (EHRs) whose signed calls are accepted (docs/security.md).")
    private Path cdsTrust;

    @Option(names = "--cds-cors-origins", paramLabel = "ORIGINS", split = ",",
            description = "Browser origins allowed to call /cds-services, comma-separated (default: *).")
    private List<String> cdsCorsOrigins;

    @Option(names = "--cds-card-retention-days", paramLabel = "DAYS",
            description = "Days an issued CDS card is remembered for feedback; feedback on an older card is answered "
                    + "404 (default: ${DEFAULT-VALUE}).")
    private int cdsCardRetentionDays = (int) DEFAULTS.cdsCardRetention().maxAge().toDays();

    @Option(names = "--cds-card-retention-max", paramLabel = "N",
            description = "At most this many issued CDS cards, the newest, are remembered for feedback; feedback on "
                    + "an older one is answered 404 (default: ${DEFAULT-VALUE}).")
    private int cdsCardRetentionMax = DEFAULTS.cdsCardRetention().maxCards();

    @Option(names = "--fhir-server-allowlist", paramLabel = "ORIGINS", split = ",",
            description = "Origins the CDS Hooks fhirServer fallback may fetch from, comma-separated, e.g. "
                    + "https://ehr.example.org (default: none, no outbound calls).")
    private List<String> fhirServerAllowlist;

    @Option(names = "--allow-internal-addresses", paramLabel = "RANGES", split = ",",
            description = "Internal addresses or CIDR ranges (e.g. 10.20.0.0/16) that the host names of outbound calls "
                    + "(--fhir-server-allowlist origins, JWKS URLs) may resolve to, comma-separated (default: none).")
    private List<String> allowInternalAddresses;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "scheme://host[:port] clients use to reach this server (behind a proxy, the proxy's); "
                    + "required with --cds-trust: CDS Hooks tokens' aud names it.")
    private URI publicUrl;

    @Option(names = "--rate-limit", paramLabel = "N",
            description = "Requests per second per client address; loopback callers exempt (default: ${DEFAULT-VALUE}).")
    private int rateLimit = RequestRateLimit.DEFAULT_REQUESTS_PER_SECOND;

    @Option(names = "--insecure",
            description = "Allow running without authentication on a non-loopback address (exposes patient data).")
    private boolean insecure;

    @Option(names = "--validate-writes",
            description = "Refuse creates and updates that fail validation (base R4 and the Chelate profiles) with 422.")
    private boolean validateWrites;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    /** What the command line asks for: a server to start with this config, or only the help text. */
    public record Parsed(ServerConfig config, boolean helpRequested) {
    }

    public static Parsed parse(String[] args, Map<String, String> environment) throws InvalidOptionsException {
        ServerOptions options = new ServerOptions();
        EnvironmentDefaults defaults = new EnvironmentDefaults(environment);
        CommandLine commandLine = new CommandLine(options).setDefaultValueProvider(defaults);
        try {
            commandLine.parseArgs(args);
        } catch (UnmatchedArgumentException e) {
            String suggestions = e.getSuggestions().isEmpty() ? "" : " (did you mean " + e.getSuggestions().get(0) + "?)";
            throw new InvalidOptionsException(e.getMessage() + suggestions);
        } catch (ParameterException e) {
            throw new InvalidOptionsException(e.getMessage() + fromEnvironment(e, defaults, args));
        }
        if (commandLine.isUsageHelpRequested()) {
            return new Parsed(null, true);
        }
        return new Parsed(options.toConfig(), false);
    }

    public static String usage() {
        return new CommandLine(new ServerOptions()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private ServerConfig toConfig() throws InvalidOptionsException {
        if (port < 0 || port > 65_535) {
            throw new InvalidOptionsException("--port must be between 0 and 65535, got " + port);
        }
        if (rateLimit < 1) {
            throw new InvalidOptionsException("--rate-limit must be at least 1, got " + rateLimit);
        }
        if (host.isBlank()) {
            throw new InvalidOptionsException("--host must not be empty");
        }
        if (dbUrl != null && !dbUrl.isBlank() && !dbUrl.startsWith("jdbc:")) {
            throw new InvalidOptionsException("--db-url must be a JDBC URL starting with jdbc:, got " + dbUrl);
        }
        if (dbPoolSize < DatabaseConfig.MIN_POOL_SIZE || dbPoolSize > DatabaseConfig.MAX_POOL_SIZE) {
            throw new InvalidOptionsException("--db-pool-size must be between " + DatabaseConfig.MIN_POOL_SIZE
                    + " and " + DatabaseConfig.MAX_POOL_SIZE + ", got " + dbPoolSize);
        }
        if (cdsCardRetentionDays < 1 || cdsCardRetentionDays > MAX_CARD_RETENTION_DAYS) {
            throw new InvalidOptionsException("--cds-card-retention-days must be between 1 and "
                    + MAX_CARD_RETENTION_DAYS + ", got " + cdsCardRetentionDays);
        }
        if (cdsCardRetentionMax < 1) {
            throw new InvalidOptionsException("--cds-card-retention-max must be at least 1, got " + cdsCardRetentionMax);
        }
        return ServerConfig.builder()
                .host(host)
                .port(port)
                .dataDir(dataDir)
                .database(dbUrl, dbUser, dbPassword)
                .security(securitySettings())
                .knowledgeFile(knowledge)
                .cdsCardRetention(new IssuedCardRetention(Duration.ofDays(cdsCardRetentionDays), cdsCardRetentionMax))
                .validateWrites(validateWrites)
                .dbPoolSize(dbPoolSize)
                .build();
    }

    private SecuritySettings securitySettings() {
        return SecuritySettings.none()
                .withAuth(authIssuer, authJwks, authAudience)
                .withAuthServer(new SecuritySettings.AuthorizationServer(authAuthorizeUrl, authTokenUrl))
                .withCdsTrust(cdsTrust)
                .withCdsCorsOrigins(cdsCorsOrigins == null ? Set.of() : Set.copyOf(cdsCorsOrigins))
                .withFhirServerAllowlist(fhirServerAllowlist == null ? Set.of() : Set.copyOf(fhirServerAllowlist))
                .withInternalAddresses(allowInternalAddresses == null ? Set.of() : Set.copyOf(allowInternalAddresses))
                .withPublicUrl(publicUrl)
                .withRequestsPerSecond(rateLimit)
                .withInsecure(insecure);
    }

    /** Names the variable when a bad value came from the environment rather than the command line. */
    private static String fromEnvironment(ParameterException e, EnvironmentDefaults defaults, String[] args) {
        if (e.getArgSpec() == null) {
            return "";
        }
        boolean onCommandLine = e.getArgSpec() instanceof CommandLine.Model.OptionSpec option
                && Arrays.stream(args).anyMatch(arg -> Arrays.stream(option.names())
                        .anyMatch(name -> arg.equals(name) || arg.startsWith(name + "=")));
        return onCommandLine ? "" : defaults.variableSetting(e.getArgSpec()).map(v -> " (from " + v + ")").orElse("");
    }
}
