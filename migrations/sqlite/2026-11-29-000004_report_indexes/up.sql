-- Indexes for reports and overdue lists: services by delivery date, cases
-- by opening and closing time, migrants by registration time, referrals by
-- creation time.
CREATE INDEX services_delivered_date ON services(status, service_date, case_id);
CREATE INDEX cases_opened ON cases(office_id, opened_at);
CREATE INDEX cases_closed ON cases(office_id, closed_at);
CREATE INDEX migrants_created ON migrants(office_id, created_at);
CREATE INDEX referrals_created ON referrals(office_id, created_at);
CREATE INDEX referrals_status ON referrals(status, respond_by);
