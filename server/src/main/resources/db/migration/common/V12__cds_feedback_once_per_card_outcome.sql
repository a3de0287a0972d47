-- CDS Hooks feedback: at most one row per card and outcome. A client repeating a report (a retry, or the same card
-- reported again) is answered 200 and not stored again, so that the counts per card type and outcome count cards,
-- not requests, and the table grows only with the cards actually issued. Earlier repeats are dropped (the first
-- report of each card and outcome stays).
DELETE FROM cds_feedback WHERE feedback_pk NOT IN (
    SELECT MIN(feedback_pk) FROM cds_feedback GROUP BY card_uuid, outcome);
CREATE UNIQUE INDEX ux_cds_feedback_card_outcome ON cds_feedback (card_uuid, outcome);

-- Issued cards are forgotten beyond a count oldest first, ordered by issue time and then uuid (the cards of one
-- response share their issue time): one index serves that order and the deletes by age.
DROP INDEX ix_cds_card_issued_ms;
CREATE INDEX ix_cds_card_issued_ms_uuid ON cds_card_issued (issued_ms, card_uuid);
