-- Imports of an office's existing spreadsheet. The uploaded file is kept
-- only until it is imported or discarded (content set to NULL then); its
-- digest, column names, mapping and last report stay as the record of the
-- import. import_rows keeps, per office, a digest of each imported row's
-- values and the person it created, so the same row imported again
-- creates nothing; erasing a person removes their row digests.
CREATE TABLE imports (
    id TEXT PRIMARY KEY NOT NULL,
    office_id TEXT NOT NULL REFERENCES offices(id),
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    content BYTEA,
    column_names TEXT NOT NULL,
    mapping TEXT NOT NULL,
    state TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    report TEXT,
    created_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    imported_at TIMESTAMP
);
CREATE INDEX imports_office ON imports(office_id, id);
CREATE TABLE import_rows (
    office_id TEXT NOT NULL REFERENCES offices(id),
    row_key TEXT NOT NULL,
    migrant_id TEXT NOT NULL,
    import_id TEXT NOT NULL,
    PRIMARY KEY (office_id, row_key)
);
CREATE INDEX import_rows_migrant ON import_rows(migrant_id);
CREATE TABLE import_mappings (
    office_id TEXT PRIMARY KEY NOT NULL REFERENCES offices(id),
    mapping TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
