package org.chelate.server.cds;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.chelate.plugin.cdshooks.CdsHooksConfig;
import org.chelate.plugin.cdshooks.CdsHooksService;
import org.chelate.plugin.cdshooks.CdsHooksServlet;
import org.chelate.plugin.cdshooks.FeedbackStore;
import org.chelate.plugin.cdshooks.OutboundFetchPolicy;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.KnowledgePackException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts the CDS Hooks servlet on the server at {@value #PATH_SPEC}, with feedback kept in the server's store. */
public final class CdsHooksMount {

    public static final String PATH_SPEC = "/cds-services/*";
    /** The path of the discovery endpoint, under which every CDS Hooks URL lies. */
    public static final String PATH = "/cds-services";
    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksMount.class);

    private CdsHooksMount() {
    }

    /**
     * The knowledge pack: the file given with {@code --knowledge FILE}, else the one shipped in the plugin.
     *
     * @throws KnowledgePackException naming the bad entry; the server must not start with a bad pack
     */
    public static KnowledgePack knowledge(Path file) {
        KnowledgePack pack = file == null ? KnowledgePack.loadDefault() : KnowledgePack.load(file);
        LOG.info("CDS Hooks knowledge pack {} version {}{}", pack.packId(), pack.version(),
                file == null ? " (shipped default)" : " from " + file);
        return pack;
    }

    /** {@link #knowledge(Path)} for the server's start: a bad pack is a one-line start failure naming the entry. */
    public static KnowledgePack knowledgeOrFail(Path file) throws org.chelate.server.StartupException {
        try {
            return knowledge(file);
        } catch (KnowledgePackException e) {
            throw new org.chelate.server.StartupException(e.getMessage(), e);
        }
    }

    /**
     * Mounts the servlet. CORS is left to the host's handler (the security wrapper); {@code outbound} limits the
     * {@code fhirServer} fallback fetches (none when its allowlist is empty). The warm-up runs in the background at once.
     */
    public static CdsHooksService mount(ServletContextHandler context, javax.sql.DataSource dataSource,
                                        KnowledgePack pack, OutboundFetchPolicy outbound) {
        return mount(context, dataSource, pack, outbound, CdsHooksConfig.defaults().budget());
    }

    /** As {@link #mount(ServletContextHandler, javax.sql.DataSource, KnowledgePack, OutboundFetchPolicy)}, with a per-call budget. */
    public static CdsHooksService mount(ServletContextHandler context, javax.sql.DataSource dataSource,
                                        KnowledgePack pack, OutboundFetchPolicy outbound, java.time.Duration budget) {
        return mount(context, dataSource, pack, outbound, budget, CompletableFuture::runAsync);
    }

    /**
     * As {@link #mount(ServletContextHandler, javax.sql.DataSource, KnowledgePack, OutboundFetchPolicy)}, with the
     * warm-up handed to {@code warmUpExecutor} (the server's start runs it once it answers, so that it does not slow
     * the start down on a small machine).
     */
    public static CdsHooksService mount(ServletContextHandler context, javax.sql.DataSource dataSource,
                                        KnowledgePack pack, OutboundFetchPolicy outbound, Executor warmUpExecutor) {
        return mount(context, new JdbcFeedbackStore(dataSource, Clock.systemUTC()), pack, outbound, warmUpExecutor);
    }

    /**
     * As {@link #mount(ServletContextHandler, javax.sql.DataSource, KnowledgePack, OutboundFetchPolicy, Executor)},
     * with issued cards and feedback kept in {@code feedback} (its {@link JdbcFeedbackStore#retention() retention}
     * from {@code --cds-card-retention-days} and {@code --cds-card-retention-max}); the caller closes it after the
     * server has stopped.
     */
    public static CdsHooksService mount(ServletContextHandler context, JdbcFeedbackStore feedback,
                                        KnowledgePack pack, OutboundFetchPolicy outbound, Executor warmUpExecutor) {
        return mount(context, feedback, pack, outbound, CdsHooksConfig.defaults().budget(), warmUpExecutor);
    }

    private static CdsHooksService mount(ServletContextHandler context, javax.sql.DataSource dataSource,
            KnowledgePack pack, OutboundFetchPolicy outbound, java.time.Duration budget, Executor warmUpExecutor) {
        return mount(context, new JdbcFeedbackStore(dataSource, Clock.systemUTC()), pack, outbound, budget,
                warmUpExecutor);
    }

    private static CdsHooksService mount(ServletContextHandler context, FeedbackStore feedback,
            KnowledgePack pack, OutboundFetchPolicy outbound, java.time.Duration budget, Executor warmUpExecutor) {
        CdsHooksConfig config = CdsHooksConfig.defaults().withOutbound(outbound).withCorsOrigins(List.of())
                .withBudget(budget);
        CdsHooksService service = new CdsHooksService(pack, config, feedback);
        // the first call would otherwise spend its 500 ms budget loading classes and terminology tables
        warmUpExecutor.execute(() -> {
            try {
                service.warmUp();
            } catch (RuntimeException e) {
                LOG.warn("CDS Hooks warm-up failed (the first calls may be slow): {}", e.toString());
            }
        });
        context.addServlet(new ServletHolder("cds-hooks", new CdsHooksServlet(service)), PATH_SPEC);
        return service;
    }
}
