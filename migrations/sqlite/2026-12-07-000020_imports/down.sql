DROP TABLE import_mappings;
DROP TABLE import_rows;
DROP TABLE imports;
