-- Counting a target list with a "service received since" criterion builds
-- the set of cases served in the period once (a hash anti-join): from this
-- index alone instead of the heap pages of every delivered service of the
-- period in all offices. Over the 900,000 people of one office (1M
-- services): 370-420 -> 174-189 ms (issue 21, docs/performance.md).
CREATE INDEX services_type_date ON services(service_type, service_date) INCLUDE (status, case_id);
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
