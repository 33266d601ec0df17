ALTER TABLE api_keys DROP COLUMN expires_at;
ALTER TABLE users DROP COLUMN password_change_required;
DROP TABLE login_throttle;
CREATE TABLE login_failures (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_email_at ON login_failures(email, at);
CREATE TABLE login_lockouts (
    email TEXT PRIMARY KEY NOT NULL,
    locked_until TIMESTAMP NOT NULL
);
