-- Placeholder created with the skeleton; the store work replaces it with the real schema before anything lands.
CREATE TABLE chelate_meta (meta_key VARCHAR(64) PRIMARY KEY, meta_value VARCHAR(255));
