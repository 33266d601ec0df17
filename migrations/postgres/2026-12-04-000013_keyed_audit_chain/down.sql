ALTER TABLE audit_head DROP COLUMN anchor_mac;
ALTER TABLE audit_head DROP COLUMN keyed_from;
