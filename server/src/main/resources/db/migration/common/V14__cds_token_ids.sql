-- CDS Hooks JWT ids (jti) already used, per issuer, so that a token sent to one server instance is refused by every
-- other one (issue 15). The key is the SHA-256 of issuer and jti (hex): fixed size whatever the client sends.
-- A row can be deleted once the token has expired (forget_after_ms, epoch milliseconds UTC, includes the clock skew).
CREATE TABLE cds_token_id (
    token_key        CHAR(64) NOT NULL PRIMARY KEY,
    forget_after_ms  BIGINT   NOT NULL
);
CREATE INDEX ix_cds_token_id_forget ON cds_token_id (forget_after_ms);
