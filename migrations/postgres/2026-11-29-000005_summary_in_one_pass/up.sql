-- The summary reads each table once for all offices at a time (grouped by
-- office) instead of once per office: services carry their case's office
-- (moved with the case when it is transferred), so counting them needs no
-- join, and the
-- report indexes cover every column the grouped queries read.
ALTER TABLE services ADD COLUMN office_id TEXT REFERENCES offices(id);
UPDATE services SET office_id = cases.office_id FROM cases WHERE cases.id = services.case_id;
ALTER TABLE services ALTER COLUMN office_id SET NOT NULL;
DROP INDEX services_delivered_date;
CREATE INDEX services_report ON services(status, service_date) INCLUDE (office_id, service_type, provider);
DROP INDEX migrants_created;
CREATE INDEX migrants_report ON migrants(created_at) INCLUDE (office_id, state, sex, birth_year, nationality, legal_status, vulnerabilities);
DROP INDEX cases_opened;
CREATE INDEX cases_report ON cases(office_id, opened_at) INCLUDE (closed_at);
-- Duplicate candidates are found from the keys alone (no table lookup per
-- matching key).
DROP INDEX migrant_keys_lookup;
CREATE INDEX migrant_keys_lookup ON migrant_keys(office_id, key, migrant_id);
