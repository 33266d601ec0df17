DROP TABLE webhook_outbox;
DROP TABLE referral_events;
DROP TABLE referrals;
DROP TABLE api_keys;
ALTER TABLE organizations DROP COLUMN webhook_secret;
ALTER TABLE organizations DROP COLUMN webhook_url;
ALTER TABLE organizations DROP COLUMN website;
ALTER TABLE organizations DROP COLUMN has_capacity;
