-- Which scheme the duplicate keys in migrant_keys follow. Scheme 2 indexes
-- name pairs (given × family) instead of single name parts; keys cannot be
-- computed in SQL, so the service re-keys every active record at start-up
-- when the stored scheme is older (casefile::rekey) and then records it.
CREATE TABLE migrant_key_scheme (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO migrant_key_scheme (id, version) VALUES (1, 1);
