DROP INDEX migrant_keys_lookup;
CREATE INDEX migrant_keys_lookup ON migrant_keys(office_id, key);
DROP INDEX cases_report;
CREATE INDEX cases_opened ON cases(office_id, opened_at);
DROP INDEX migrants_report;
CREATE INDEX migrants_created ON migrants(office_id, created_at);
DROP INDEX services_report;
CREATE INDEX services_delivered_date ON services(status, service_date, case_id);
ALTER TABLE services DROP COLUMN office_id;
