-- Web sessions: a browser holds an opaque random token (stored here only as
-- SHA-256) for a row of the same sessions table the API's logins use, so
-- that revocation, deactivation and role changes end both alike.
ALTER TABLE sessions ADD COLUMN web_token_hash TEXT;
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMP;
CREATE UNIQUE INDEX sessions_web_token ON sessions (web_token_hash) WHERE web_token_hash IS NOT NULL;
