-- Cell-key perturbation (docs/privacy.md): every record that reports count
-- carries a persistent random key in [0, 2^32). A cell's noise is a function
-- of the sum of its records' keys, so the same records always give the same
-- figure. SQLite cannot add a column with a random default, so existing rows
-- get theirs here and new rows from a trigger.
ALTER TABLE migrants ADD COLUMN cell_key INTEGER NOT NULL DEFAULT -1;
ALTER TABLE cases ADD COLUMN cell_key INTEGER NOT NULL DEFAULT -1;
ALTER TABLE services ADD COLUMN cell_key INTEGER NOT NULL DEFAULT -1;
ALTER TABLE referrals ADD COLUMN cell_key INTEGER NOT NULL DEFAULT -1;
UPDATE migrants SET cell_key = random() & 4294967295;
UPDATE cases SET cell_key = random() & 4294967295;
UPDATE services SET cell_key = random() & 4294967295;
UPDATE referrals SET cell_key = random() & 4294967295;
CREATE TRIGGER migrants_cell_key AFTER INSERT ON migrants WHEN new.cell_key = -1 BEGIN
    UPDATE migrants SET cell_key = random() & 4294967295 WHERE rowid = new.rowid;
END;
CREATE TRIGGER cases_cell_key AFTER INSERT ON cases WHEN new.cell_key = -1 BEGIN
    UPDATE cases SET cell_key = random() & 4294967295 WHERE rowid = new.rowid;
END;
CREATE TRIGGER services_cell_key AFTER INSERT ON services WHEN new.cell_key = -1 BEGIN
    UPDATE services SET cell_key = random() & 4294967295 WHERE rowid = new.rowid;
END;
CREATE TRIGGER referrals_cell_key AFTER INSERT ON referrals WHEN new.cell_key = -1 BEGIN
    UPDATE referrals SET cell_key = random() & 4294967295 WHERE rowid = new.rowid;
END;

-- A month's exact counts per office, computed once when the month is first
-- reported after it ended, then never again (a frozen period): with the sum
-- of the keys of the records behind each count.
CREATE TABLE report_months (
    month TEXT NOT NULL,
    office_id TEXT NOT NULL,
    dimension TEXT NOT NULL,
    key TEXT NOT NULL,
    count BIGINT NOT NULL,
    key_sum BIGINT NOT NULL,
    PRIMARY KEY (month, office_id, dimension, key)
);
-- Which months are frozen, and when they were.
CREATE TABLE report_frozen_months (
    month TEXT PRIMARY KEY NOT NULL,
    frozen_at TIMESTAMP NOT NULL
);
