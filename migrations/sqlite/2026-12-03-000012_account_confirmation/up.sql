-- Four eyes (account_confirmation): an office account created or re-bound by
-- an administrator waits, unable to sign in, until a supervisor of that
-- office (or another administrator) confirms it; this names who asked.
ALTER TABLE users ADD COLUMN awaiting_confirmation_by TEXT;
