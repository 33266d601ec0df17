ALTER TABLE users DROP COLUMN awaiting_confirmation_by;
