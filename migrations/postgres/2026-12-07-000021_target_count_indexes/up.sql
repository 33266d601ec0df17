-- Counting a target list reads every active person of the office: an
-- index of the office's people with the columns the criteria read lets the
-- count scan it alone (index-only, once vacuumed), and the per-person case
-- probes read the case index alone (issue 21, docs/performance.md).
CREATE INDEX migrants_target ON migrants(office_id, state) INCLUDE (vulnerabilities, sex, birth_year, nationality, legal_status, relationship_to_head, household_id, id);
-- A person's cases in id order come straight from the case index: without
-- statistics SQLite walked the office's whole case index (by id) to find
-- them, for every person's page (1.5 s at 450,000 cases in one office).
DROP INDEX cases_migrant;
CREATE INDEX cases_migrant ON cases(migrant_id, id, status);
-- A case's referrals in id order straight from the index (the office's
-- referral index was a way to the same rows in the same order, walked whole).
DROP INDEX referrals_case;
CREATE INDEX referrals_case ON referrals(case_id, id);
