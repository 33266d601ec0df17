DROP INDEX referrals_case;
CREATE INDEX referrals_case ON referrals(case_id);
DROP INDEX cases_migrant;
CREATE INDEX cases_migrant ON cases(migrant_id);
DROP INDEX services_type_date;
