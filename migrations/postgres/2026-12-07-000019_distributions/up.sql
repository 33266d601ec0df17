-- Distributions: one service delivered to many people at once. Each
-- person served gets an ordinary service (on their open case); the
-- distribution keeps what was given, where, to how many, and who was
-- absent, refused or already served elsewhere (ids only).
CREATE TABLE distributions (
    id TEXT PRIMARY KEY NOT NULL,
    office_id TEXT NOT NULL REFERENCES offices(id),
    service_type TEXT NOT NULL,
    service_date DATE NOT NULL,
    place TEXT,
    quantity INTEGER,
    provider TEXT NOT NULL,
    target_list_id TEXT,
    served INTEGER NOT NULL,
    exceptions TEXT NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX distributions_office ON distributions(office_id, id);
CREATE TABLE distribution_services (
    distribution_id TEXT NOT NULL REFERENCES distributions(id),
    service_id TEXT NOT NULL,
    migrant_id TEXT NOT NULL,
    PRIMARY KEY (distribution_id, service_id)
);
