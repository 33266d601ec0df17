-- The language of the pages a user chose (fr, ar or en); none: the browser's.
ALTER TABLE users ADD COLUMN language TEXT;
