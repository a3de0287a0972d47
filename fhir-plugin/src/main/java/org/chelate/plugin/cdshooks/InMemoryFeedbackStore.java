package org.chelate.plugin.cdshooks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link FeedbackStore} in memory, for tests and for servers without a database. Keeps the latest issued cards. */
public final class InMemoryFeedbackStore implements FeedbackStore {

    private final int maxIssued;
    private final Map<String, IssuedCard> issued;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final List<FeedbackEntry> entries = new ArrayList<>();

    public InMemoryFeedbackStore() {
        this(100_000);
    }

    public InMemoryFeedbackStore(int maxIssued) {
        this.maxIssued = maxIssued;
        this.issued = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, IssuedCard> eldest) {
                return size() > InMemoryFeedbackStore.this.maxIssued;
            }
        };
    }

    @Override
    public synchronized void cardsIssued(List<IssuedCard> cards) {
        cards.forEach(c -> issued.put(c.uuid(), c));
    }

    @Override
    public synchronized Optional<IssuedCard> issued(String cardUuid) {
        return Optional.ofNullable(issued.get(cardUuid));
    }

    @Override
    public synchronized void feedback(List<FeedbackEntry> newEntries) {
        for (FeedbackEntry e : newEntries) {
            String type = Optional.ofNullable(issued.get(e.cardUuid())).map(IssuedCard::cardType).orElse("unknown");
            counts.merge(type + "\u0000" + e.outcome(), 1L, Long::sum);
            entries.add(e);
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

    public synchronized List<FeedbackEntry> entries() {
        return List.copyOf(entries);
    }
}
