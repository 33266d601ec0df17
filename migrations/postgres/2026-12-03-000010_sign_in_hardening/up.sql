-- Sign-in throttling counted atomically per scope (docs/security.md): an
-- account from one address, an address over all accounts, an account over
-- a day. One row per scope, changed by one upsert per attempt.
DROP TABLE login_lockouts;
DROP TABLE login_failures;
CREATE TABLE login_throttle (
    scope TEXT PRIMARY KEY NOT NULL,
    window_start TIMESTAMP NOT NULL,
    failures BIGINT NOT NULL,
    blocked_until TIMESTAMP
);
-- A password set by an administrator must be changed before anything else.
ALTER TABLE users ADD COLUMN password_change_required BOOLEAN NOT NULL DEFAULT FALSE;
-- An API key may expire.
ALTER TABLE api_keys ADD COLUMN expires_at TIMESTAMP;
