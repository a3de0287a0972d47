-- One table for all search index rows instead of one per parameter type: a write touches 4 B-trees instead of 12,
-- which is what a commit costs on H2. The parameter name says how to read a row (each name has one type):
--   token:     s1 = code,             s2 = system (NULL when none)
--   string:    s1 = normalised value, s2 = value as written
--   reference: s1 = target id,        s2 = target type
--   date:      n1 = low, n2 = high (epoch milliseconds, both inclusive)
CREATE TABLE idx_value (
    res_pk      BIGINT        NOT NULL,
    res_type    VARCHAR(64)   NOT NULL,
    param       VARCHAR(64)   NOT NULL,
    s1          VARCHAR(255),
    s2          VARCHAR(512),
    n1          BIGINT,
    n2          BIGINT
);
CREATE INDEX ix_idx_value_string ON idx_value (res_type, param, s1, s2);
CREATE INDEX ix_idx_value_number ON idx_value (res_type, param, n1, n2);
CREATE INDEX ix_idx_value_pk ON idx_value (res_pk, param);

INSERT INTO idx_value (res_pk, res_type, param, s1, s2)
    SELECT res_pk, res_type, param, token_code, token_system FROM idx_token;
INSERT INTO idx_value (res_pk, res_type, param, s1, s2)
    SELECT res_pk, res_type, param, value_norm, value_exact FROM idx_string;
INSERT INTO idx_value (res_pk, res_type, param, s1, s2)
    SELECT res_pk, res_type, param, target_id, target_type FROM idx_reference;
INSERT INTO idx_value (res_pk, res_type, param, n1, n2)
    SELECT res_pk, res_type, param, low_ms, high_ms FROM idx_date;

DROP TABLE idx_token;
DROP TABLE idx_string;
DROP TABLE idx_reference;
DROP TABLE idx_date;
-- system-wide history is not offered, so its index only cost writes
DROP INDEX ix_resource_version_updated;
