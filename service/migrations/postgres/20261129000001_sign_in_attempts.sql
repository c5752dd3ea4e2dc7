-- Sign-in attempts are counted before the password is checked (an attempt is a row from the
-- moment it is claimed; a successful one is deleted): parallel tries cannot beat the limit.
ALTER TABLE sign_in_failures ADD COLUMN attempt TEXT NOT NULL DEFAULT '';
CREATE INDEX sign_in_failures_by_attempt ON sign_in_failures (attempt);
