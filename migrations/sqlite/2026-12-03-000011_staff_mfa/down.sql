DROP TABLE mfa_tickets;
DROP INDEX mfa_recovery_codes_user;
DROP TABLE mfa_recovery_codes;
DROP TABLE user_mfa;
