package org.chelate.plugin.cdshooks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link FeedbackStore} in memory, for tests and for servers without a database. Remembers issued cards within an
 * {@link IssuedCardRetention} (age and count), and the latest feedback entries up to the same count. Repeated feedback
 * on a card with the same outcome is recognised while the card is remembered (feedback is taken only then) and is not
 * counted again. Forgetting happens inside {@link #cardsIssued}: each card is added and removed once, so it costs O(1)
 * per card on average.
 */
public final class InMemoryFeedbackStore implements FeedbackStore {

    private final IssuedCardRetention retention;
    private final Clock clock;
    /** In insertion order, which is issue order: the eldest entries are the first to go. */
    private final LinkedHashMap<String, Remembered> issued = new LinkedHashMap<>();
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
        cards.forEach(c -> issued.put(c.uuid(), new Remembered(c)));
        prune();
    }

    @Override
    public synchronized Optional<IssuedCard> issued(String cardUuid) {
        Remembered remembered = issued.get(cardUuid);
        if (remembered == null || remembered.card().issuedAt().isBefore(cutoff())) {
            return Optional.empty();
        }
        return Optional.of(remembered.card());
    }

    @Override
    public synchronized void feedback(List<FeedbackEntry> newEntries) {
        for (FeedbackEntry e : newEntries) {
            Remembered remembered = issued.get(e.cardUuid());
            if (remembered != null && !remembered.firstReportOf(e.outcome())) {
                continue; // this card's outcome is already stored
            }
            String type = remembered == null ? "unknown" : remembered.card().cardType();
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
            Iterator<Remembered> eldest = issued.values().iterator();
            eldest.next();
            eldest.remove();
        }
        Instant cutoff = cutoff();
        for (Iterator<Remembered> it = issued.values().iterator(); it.hasNext(); ) {
            if (!it.next().card().issuedAt().isBefore(cutoff)) {
                break;
            }
            it.remove();
        }
    }

    private Instant cutoff() {
        return clock.instant().minus(retention.maxAge());
    }

    /** An issued card and the outcomes already stored for it. */
    private static final class Remembered {
        private final IssuedCard card;
        /** Null until the first feedback: most cards get none. */
        private Set<String> outcomes;

        Remembered(IssuedCard card) {
            this.card = card;
        }

        IssuedCard card() {
            return card;
        }

        /** True the first time, false on a repeat of the outcome. */
        boolean firstReportOf(String outcome) {
            if (outcomes == null) {
                outcomes = new HashSet<>(4);
            }
            return outcomes.add(outcome);
        }
    }
}
