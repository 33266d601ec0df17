-- A retried POST is answered by re-reading what it created: keep only the
-- status and the id of that resource, never a response body (which held
-- personal data and, for API keys, the plaintext secret). Stored bodies
-- are dropped with the rows that held them.
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys DROP COLUMN body;
ALTER TABLE idempotency_keys ADD COLUMN resource_id TEXT NOT NULL DEFAULT '';
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
