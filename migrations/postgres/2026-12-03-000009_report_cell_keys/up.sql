-- Cell-key perturbation (docs/privacy.md): every record that reports count
-- carries a persistent random key in [0, 2^32). A cell's noise is a function
-- of the sum of its records' keys, so the same records always give the same
-- figure. A volatile default draws one per row, existing rows included.
ALTER TABLE migrants ADD COLUMN cell_key BIGINT NOT NULL DEFAULT floor(random() * 4294967296)::bigint;
ALTER TABLE cases ADD COLUMN cell_key BIGINT NOT NULL DEFAULT floor(random() * 4294967296)::bigint;
ALTER TABLE services ADD COLUMN cell_key BIGINT NOT NULL DEFAULT floor(random() * 4294967296)::bigint;
ALTER TABLE referrals ADD COLUMN cell_key BIGINT NOT NULL DEFAULT floor(random() * 4294967296)::bigint;

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
