-- Counting a target list reads every active person of the office: with
-- the person's id in the report index the count reads the index alone
-- (no table row per person), and the per-person case probes read the case
-- index alone. Over 900,000 people of one office: 504 → 187 ms (issue 21,
-- docs/performance.md).
DROP INDEX migrants_report;
CREATE INDEX migrants_report ON migrants(office_id, sex, birth_year, nationality, legal_status, vulnerabilities, state, created_at, id);
-- A person's cases in id order come straight from the case index, which
-- also names the office the query is scoped to: SQLite, without
-- statistics, preferred the office's case index (office, id) and walked
-- all of it for every person's page (57 % of the server's CPU on the page
-- load at 500,000 cases; 1.5 s at 450,000 cases in one office).
DROP INDEX cases_migrant;
CREATE INDEX cases_migrant ON cases(migrant_id, office_id, id, status);
-- A case's referrals of the office in id order straight from the index (the office's
-- referral index was a way to the same rows in the same order, walked whole).
DROP INDEX referrals_case;
CREATE INDEX referrals_case ON referrals(case_id, office_id, id);
