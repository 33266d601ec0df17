-- The audit chain is computed under a key kept outside the database
-- (HMAC-SHA256). Each anchor starts a segment of entries MACed under one key
-- (`key_id` names it without revealing it): entries before the first anchor
-- keep their unkeyed SHA-256 links (written by older versions), and a new
-- anchor is added when the key is rotated. `anchor_mac` is the MAC, under the
-- segment's key, of where it starts and of the chain's head just before, so
-- rewriting earlier entries breaks it. Append-only like the trail.
CREATE TABLE audit_anchors (
    keyed_from BIGINT PRIMARY KEY NOT NULL,
    key_id TEXT NOT NULL,
    anchor_mac TEXT NOT NULL
);
CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE OR DELETE ON audit_anchors
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON audit_anchors
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_anchors FROM PUBLIC;
