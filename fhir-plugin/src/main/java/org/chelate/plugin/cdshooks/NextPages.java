package org.chelate.plugin.cdshooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Follows the {@code next} links of prefetch and fetched search Bundles, so that a long record split into pages is
 * read whole: at most {@value #MAX_PAGES} further pages and {@link OutboundFetchPolicy#maxResponseBytes()} bytes per
 * key, each page through {@link FhirFallbackFetcher} (allowlist, address guard, size and time caps), numbers bounded,
 * entries of the key's types only, and all of it within the call's fetch deadline. The access token of
 * {@code fhirAuthorization} goes only to the {@code fhirServer}'s own origin. A page that cannot be had leaves the
 * record partly read, and the call's {@link DataGaps} says so.
 */
final class NextPages {

    static final int MAX_PAGES = 10;

    private final PrefetchResolver resolver;
    private final FhirFallbackFetcher fetcher;
    private final Clock clock;

    NextPages(PrefetchResolver resolver, FhirFallbackFetcher fetcher, Clock clock) {
        this.resolver = resolver;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    void followAll(Map<PrefetchKey, IBaseResource> resources, String fhirServer, String token, Instant deadline,
                   DataGaps gaps) {
        for (Map.Entry<PrefetchKey, IBaseResource> e : resources.entrySet()) {
            if (e.getValue() instanceof Bundle bundle && next(bundle).isPresent()) {
                follow(e.getKey(), bundle, fhirServer, token, deadline, gaps);
            }
        }
    }

    private void follow(PrefetchKey key, Bundle bundle, String fhirServer, String token, Instant deadline,
                        DataGaps gaps) {
        String what = PrefetchKey.describe(key);
        Optional<String> next = next(bundle);
        long bytes = 0;
        for (int page = 0; next.isPresent(); page++) {
            String url = next.get();
            if (page == MAX_PAGES || bytes > fetcher.policy().maxResponseBytes()) {
                gaps.partlyRead("Further pages of the " + what + " were not read: the record is longer than this "
                        + "service reads (" + MAX_PAGES + " further pages)");
                return;
            }
            if (!fetcher.allows(url)) {
                gaps.partlyRead("Further pages of the " + what + " were not read: they are on a server this service "
                        + "may not call");
                return;
            }
            boolean sameOrigin = fhirServer != null
                    && OutboundFetchPolicy.origin(url).equals(OutboundFetchPolicy.origin(fhirServer));
            Duration left = Duration.between(clock.instant(), deadline);
            DataGaps pageGaps = new DataGaps();
            String body = resolver.await(fetcher.fetchUrl(url, sameOrigin ? token : null, left), deadline, key.key(),
                    what, pageGaps, key.input());
            IBaseResource resource = body == null ? null : resolver.fetchedResource(key, body, pageGaps);
            gaps.recordsNotReadFrom(pageGaps);
            if (!(resource instanceof Bundle more)) {
                String why = pageGaps.unreadable().getOrDefault(key.input(), "the page could not be read");
                gaps.partlyRead("Further pages of the " + what + " were not read (" + why + ")");
                return;
            }
            bytes += body.length();
            bundle.getEntry().addAll(more.getEntry());
            next = next(more);
        }
    }

    private static Optional<String> next(Bundle bundle) {
        Bundle.BundleLinkComponent link = bundle.getLink(Bundle.LINK_NEXT);
        return link == null || !link.hasUrl() ? Optional.empty() : Optional.of(link.getUrl());
    }
}
