-- Case files: households, migrants (with duplicate keys and a search
-- document), consents, cases with per-office yearly numbering, support
-- services, notes, follow-ups, and stored responses of idempotent POSTs.

CREATE TABLE households (
    id TEXT PRIMARY KEY NOT NULL,
    office_id TEXT NOT NULL REFERENCES offices(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX households_office ON households(office_id);

CREATE TABLE migrants (
    id TEXT PRIMARY KEY NOT NULL,
    office_id TEXT NOT NULL REFERENCES offices(id),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    name_ar TEXT,
    sex TEXT NOT NULL,
    birth_date DATE,
    birth_year INTEGER,
    nationality TEXT,
    languages TEXT NOT NULL,
    phone TEXT,
    district TEXT,
    legal_status TEXT NOT NULL,
    vulnerabilities TEXT NOT NULL,
    arrival_date DATE,
    household_id TEXT REFERENCES households(id),
    relationship_to_head TEXT,
    documents TEXT NOT NULL,
    search_text TEXT NOT NULL,
    state TEXT NOT NULL,
    merged_into TEXT,
    anonymised_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX migrants_office_id ON migrants(office_id, id);
CREATE INDEX migrants_household ON migrants(household_id);

-- Normalised keys (name skeletons, phone, document numbers) for duplicate
-- candidates: an indexed lookup, never a scan of every record.
CREATE TABLE migrant_keys (
    migrant_id TEXT NOT NULL REFERENCES migrants(id),
    office_id TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (migrant_id, key)
);
CREATE INDEX migrant_keys_lookup ON migrant_keys(office_id, key);

CREATE TABLE consents (
    id TEXT PRIMARY KEY NOT NULL,
    migrant_id TEXT NOT NULL REFERENCES migrants(id),
    purpose TEXT NOT NULL,
    given BOOLEAN NOT NULL,
    note TEXT,
    recorded_by TEXT REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX consents_migrant ON consents(migrant_id, purpose, recorded_at);

CREATE TABLE case_counters (
    office_id TEXT NOT NULL REFERENCES offices(id),
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (office_id, year)
);

CREATE TABLE cases (
    id TEXT PRIMARY KEY NOT NULL,
    office_id TEXT NOT NULL REFERENCES offices(id),
    migrant_id TEXT NOT NULL REFERENCES migrants(id),
    case_number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    assigned_to TEXT REFERENCES users(id),
    summary TEXT NOT NULL,
    opened_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    closure_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX cases_office ON cases(office_id, id);
CREATE INDEX cases_migrant ON cases(migrant_id);
CREATE INDEX cases_assigned ON cases(assigned_to);

CREATE TABLE services (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    service_type TEXT NOT NULL,
    status TEXT NOT NULL,
    service_date DATE NOT NULL,
    provider TEXT NOT NULL,
    notes TEXT,
    recorded_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX services_case ON services(case_id, id);

CREATE TABLE notes (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    text TEXT NOT NULL,
    author_id TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notes_case ON notes(case_id, id);

CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    due_on DATE NOT NULL,
    description TEXT NOT NULL,
    done_at TIMESTAMP,
    done_by TEXT REFERENCES users(id),
    created_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX follow_ups_case ON follow_ups(case_id, id);
CREATE INDEX follow_ups_due ON follow_ups(due_on);

CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- Name search: PostgreSQL full-text search over the normalised search
-- document (folded words and their phonetic skeletons).
CREATE INDEX migrants_search ON migrants USING GIN (to_tsvector('simple', search_text));
