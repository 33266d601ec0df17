DROP INDEX idempotency_keys_created_at;
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys DROP COLUMN resource_id;
ALTER TABLE idempotency_keys ADD COLUMN body TEXT NOT NULL DEFAULT '';
