-- The audit chain is computed under a key kept outside the database
-- (HMAC-SHA256). Entries before `keyed_from` keep their unkeyed SHA-256 links;
-- the application anchors them at start-up: `anchor_mac` is the keyed MAC of
-- (`keyed_from`, the unkeyed head), so rewriting them breaks the anchor.
ALTER TABLE audit_head ADD COLUMN keyed_from BIGINT;
ALTER TABLE audit_head ADD COLUMN anchor_mac TEXT;
