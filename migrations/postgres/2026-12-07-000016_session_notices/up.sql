-- A one-time message for a browser login ("the case was transferred to
-- …"), shown on the next page and then deleted: kept with the login on the
-- server, never in a cookie the client could forge. Messages name no person.
CREATE TABLE session_notices (
    session_id TEXT PRIMARY KEY NOT NULL,
    message_key TEXT NOT NULL,
    argument TEXT,
    created_at TIMESTAMP NOT NULL
);
