DROP INDEX referrals_status;
DROP INDEX referrals_created;
DROP INDEX migrants_created;
DROP INDEX cases_closed;
DROP INDEX cases_opened;
DROP INDEX services_delivered_date;
