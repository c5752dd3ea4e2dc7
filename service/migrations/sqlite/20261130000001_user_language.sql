-- The language a user chose for the pages (en, de or sl); NULL: not chosen (a client then reads
-- its account's language, staff their browser's).
ALTER TABLE users ADD COLUMN language TEXT;
