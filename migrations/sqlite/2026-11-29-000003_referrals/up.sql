-- Partner directory details, partner API keys, referrals with their
-- history, and the durable outbox of webhook events.

ALTER TABLE organizations ADD COLUMN has_capacity BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE organizations ADD COLUMN website TEXT;
ALTER TABLE organizations ADD COLUMN webhook_url TEXT;
ALTER TABLE organizations ADD COLUMN webhook_secret TEXT;

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_keys_organization ON api_keys(organization_id);

CREATE TABLE referrals (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    office_id TEXT NOT NULL REFERENCES offices(id),
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    service_type TEXT NOT NULL,
    reason TEXT NOT NULL,
    urgency TEXT NOT NULL,
    respond_by TIMESTAMP NOT NULL,
    share TEXT NOT NULL,
    status TEXT NOT NULL,
    responded_at TIMESTAMP,
    accepted_at TIMESTAMP,
    closed_at TIMESTAMP,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX referrals_office ON referrals(office_id, id);
CREATE INDEX referrals_organization ON referrals(organization_id, id);
CREATE INDEX referrals_case ON referrals(case_id);

CREATE TABLE referral_events (
    id TEXT PRIMARY KEY NOT NULL,
    referral_id TEXT NOT NULL REFERENCES referrals(id),
    status TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id TEXT,
    reason TEXT,
    outcome TEXT
);
CREATE INDEX referral_events_referral ON referral_events(referral_id, at);

CREATE TABLE webhook_outbox (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    delivered_at TIMESTAMP,
    failed_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox(delivered_at, next_attempt_at);
CREATE INDEX webhook_outbox_organization ON webhook_outbox(organization_id, id);
