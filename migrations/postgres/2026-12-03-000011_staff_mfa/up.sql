-- Staff multi-factor authentication (TOTP, RFC 6238): the secret once the
-- enrolment is confirmed, the one being enrolled, and the last step used
-- (a code is good once).
CREATE TABLE user_mfa (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id),
    secret TEXT,
    pending_secret TEXT,
    last_step BIGINT,
    enabled_at TIMESTAMP
);
-- Ten single-use recovery codes per enrolment, stored as SHA-256 (each
-- holds 120 random bits).
CREATE TABLE mfa_recovery_codes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX mfa_recovery_codes_user ON mfa_recovery_codes(user_id);
-- The short-lived ticket between a right password and the second factor.
CREATE TABLE mfa_tickets (
    ticket_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    holder TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
