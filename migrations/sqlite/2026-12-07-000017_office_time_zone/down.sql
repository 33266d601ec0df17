ALTER TABLE offices DROP COLUMN time_zone;
