DROP INDEX sessions_web_token;
ALTER TABLE sessions DROP COLUMN last_seen_at;
ALTER TABLE sessions DROP COLUMN web_token_hash;
