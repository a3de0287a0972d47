package org.chelate.plugin.cdshooks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link FeedbackStore} in memory, for tests and for servers without a database. Remembers issued cards within an
 * {@link IssuedCardRetention} (age and count), and the latest feedback entries up to the same count.
 */
public final class InMemoryFeedbackStore implements FeedbackStore {

    private final IssuedCardRetention retention;
    private final Clock clock;
    /** In insertion order, which is issue order: the eldest entries are the first to go. */
    private final LinkedHashMap<String, IssuedCard> issued = new LinkedHashMap<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Deque<FeedbackEntry> entries = new ArrayDeque<>();

    public InMemoryFeedbackStore() {
        this(IssuedCardRetention.DEFAULT, Clock.systemUTC());
    }

    public InMemoryFeedbackStore(IssuedCardRetention retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public IssuedCardRetention retention() {
        return retention;
    }

    @Override
    public synchronized void cardsIssued(List<IssuedCard> cards) {
        cards.forEach(c -> issued.put(c.uuid(), c));
        prune();
    }

    @Override
    public synchronized Optional<IssuedCard> issued(String cardUuid) {
        IssuedCard card = issued.get(cardUuid);
        if (card != null && card.issuedAt().isBefore(cutoff())) {
            return Optional.empty();
        }
        return Optional.ofNullable(card);
    }

    @Override
    public synchronized void feedback(List<FeedbackEntry> newEntries) {
        for (FeedbackEntry e : newEntries) {
            String type = Optional.ofNullable(issued.get(e.cardUuid())).map(IssuedCard::cardType).orElse("unknown");
            counts.merge(type + "\u0000" + e.outcome(), 1L, Long::sum);
            entries.addLast(e);
            if (entries.size() > retention.maxCards()) {
                entries.removeFirst();
            }
        }
    }

    @Override
    public synchronized List<FeedbackCount> counts() {
        List<FeedbackCount> list = new ArrayList<>();
        counts.forEach((k, v) -> {
            String[] parts = k.split("\u0000", 2);
            list.add(new FeedbackCount(parts[0], parts[1], v));
        });
        list.sort(Comparator.comparing(FeedbackCount::cardType).thenComparing(FeedbackCount::outcome));
        return list;
    }

    /** The latest feedback entries (at most the retention's card count). */
    public synchronized List<FeedbackEntry> entries() {
        return List.copyOf(entries);
    }

    /** How many issued cards are remembered now. */
    public synchronized int issuedCount() {
        return issued.size();
    }

    private void prune() {
        while (issued.size() > retention.maxCards()) {
            Iterator<IssuedCard> eldest = issued.values().iterator();
            eldest.next();
            eldest.remove();
        }
        Instant cutoff = cutoff();
        for (Iterator<IssuedCard> it = issued.values().iterator(); it.hasNext(); ) {
            if (!it.next().issuedAt().isBefore(cutoff)) {
                break;
            }
            it.remove();
        }
    }

    private Instant cutoff() {
        return clock.instant().minus(retention.maxAge());
    }
}
