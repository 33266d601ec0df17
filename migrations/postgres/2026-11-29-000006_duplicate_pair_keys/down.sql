DROP TABLE migrant_key_scheme;
