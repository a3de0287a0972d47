-- Conditional writes (If-None-Exist, conditional update and delete) lock one row per condition before they search,
-- so that two writers with the same condition run one after the other even on two server instances sharing one
-- database: the second sees what the first wrote. One row per distinct condition (a hash of the type and the query).
CREATE TABLE fhir_condition_lock (
    lock_key VARCHAR(64) NOT NULL PRIMARY KEY
);
