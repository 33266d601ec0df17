DROP TABLE report_frozen_months;
DROP TABLE report_months;
ALTER TABLE referrals DROP COLUMN cell_key;
ALTER TABLE services DROP COLUMN cell_key;
ALTER TABLE cases DROP COLUMN cell_key;
ALTER TABLE migrants DROP COLUMN cell_key;
