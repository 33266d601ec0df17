-- Counting a target list reads every active person of the office: an
-- index of the office's people with the columns the criteria read lets the
-- count scan it alone (index-only, once vacuumed), and the per-person case
-- probes read the case index alone (issue 21, docs/performance.md).
CREATE INDEX migrants_target ON migrants(office_id, state) INCLUDE (vulnerabilities, sex, birth_year, nationality, legal_status, relationship_to_head, household_id, id);
DROP INDEX cases_migrant;
CREATE INDEX cases_migrant ON cases(migrant_id, status, id);
