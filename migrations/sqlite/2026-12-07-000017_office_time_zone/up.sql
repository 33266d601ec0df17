-- An office's own time zone (IANA name); NULL: the zone of its country.
ALTER TABLE offices ADD COLUMN time_zone TEXT;
