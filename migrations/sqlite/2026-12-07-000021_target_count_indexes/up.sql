-- Counting a target list reads every active person of the office: with
-- the person's id in the report index the count reads the index alone
-- (no table row per person), and the per-person case probes read the case
-- index alone. Over 900,000 people of one office: 504 → 187 ms (issue 21,
-- docs/performance.md).
DROP INDEX migrants_report;
CREATE INDEX migrants_report ON migrants(office_id, sex, birth_year, nationality, legal_status, vulnerabilities, state, created_at, id);
-- A person's cases in id order come straight from the case index: without
-- statistics SQLite walked the office's whole case index (by id) to find
-- them, for every person's page (1.5 s at 450,000 cases in one office).
DROP INDEX cases_migrant;
CREATE INDEX cases_migrant ON cases(migrant_id, id, status);
-- A case's referrals in id order straight from the index (the office's
-- referral index was a way to the same rows in the same order, walked whole).
DROP INDEX referrals_case;
CREATE INDEX referrals_case ON referrals(case_id, id);
