-- Where each login was opened from (the client address, trusted proxies
-- applied), so that a person can see their open logins and end one.
ALTER TABLE sessions ADD COLUMN client_address TEXT;
