-- CDS Hooks feedback is taken only from the client that received the card: each issued card keeps the verified
-- issuer (iss) of the call that received it, null when the service runs without client authentication.
ALTER TABLE cds_card_issued ADD COLUMN client_iss VARCHAR(512);
