-- The summary reads each table once for all offices at a time (grouped by
-- office) instead of once per office: services carry their case's office
-- (a case never changes office), so counting them needs no join, and the
-- report indexes cover every column the grouped queries read.
ALTER TABLE services ADD COLUMN office_id TEXT NOT NULL DEFAULT '';
UPDATE services SET office_id = (SELECT cases.office_id FROM cases WHERE cases.id = services.case_id);
DROP INDEX services_delivered_date;
CREATE INDEX services_report ON services(status, service_date, office_id, service_type, provider);
DROP INDEX migrants_created;
CREATE INDEX migrants_report ON migrants(created_at, office_id, state, sex, birth_year, nationality, legal_status, vulnerabilities);
DROP INDEX cases_opened;
CREATE INDEX cases_report ON cases(office_id, opened_at, closed_at);
