-- Target lists ("cohorts"): an office's saved definitions of who to reach.
-- The people are never stored: the definition is re-run each time.
CREATE TABLE target_lists (
    id TEXT PRIMARY KEY NOT NULL,
    office_id TEXT NOT NULL REFERENCES offices(id),
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX target_lists_office ON target_lists(office_id, id);
-- The criteria's subqueries go through a person's cases.
CREATE INDEX services_case_type_date ON services(case_id, service_type, service_date);
