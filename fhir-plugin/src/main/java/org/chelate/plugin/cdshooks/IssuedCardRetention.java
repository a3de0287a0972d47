package org.chelate.plugin.cdshooks;

import java.time.Duration;
import java.util.Objects;

/**
 * How long issued cards are remembered for feedback: at most {@code maxAge} since they were issued and at most the
 * {@code maxCards} newest. Feedback naming a card past either limit is refused (404), since its card type can no
 * longer be known. Feedback itself is kept; only the table of issued cards is bounded.
 *
 * @param maxAge   cards issued longer ago than this are forgotten
 * @param maxCards at most this many cards are remembered (the newest)
 */
public record IssuedCardRetention(Duration maxAge, int maxCards) {

    /** Seven days (feedback follows a card within the clinician's session) and 100,000 cards. */
    public static final IssuedCardRetention DEFAULT = new IssuedCardRetention(Duration.ofDays(7), 100_000);

    public IssuedCardRetention {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
        if (maxCards < 1) {
            throw new IllegalArgumentException("maxCards must be at least 1");
        }
    }

    /** For messages: "7 days and the 100000 newest cards". */
    public String describe() {
        long days = maxAge.toDays();
        String age = days >= 1 && maxAge.equals(Duration.ofDays(days)) ? days + (days == 1 ? " day" : " days")
                : maxAge.toMinutes() + " min";
        return "issued in the last " + age + ", at most the " + maxCards + " newest";
    }
}
