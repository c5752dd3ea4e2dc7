-- The deployment's catalog (issue #13): one per currency it sells in, every save a new
-- version, never changed. Accounts read the latest version of their currency's catalog; the
-- `accounts.catalog` column keeps the terms an account was opened with, which price the events
-- stored before events carried their own terms (docs/POLICY.md "Changing prices").
CREATE TABLE catalog_versions (
    currency TEXT NOT NULL,
    version  INTEGER NOT NULL CHECK (version >= 1),
    body     TEXT NOT NULL CHECK (json_valid(body)),
    -- The admin who saved it (NULL: version 1, taken from the accounts by this migration or
    -- made by the first account opened in the currency).
    saved_by TEXT REFERENCES users (id),
    saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (currency, version)
) WITHOUT ROWID;

CREATE TRIGGER catalog_versions_refuse_update BEFORE UPDATE ON catalog_versions
BEGIN
    SELECT RAISE(ABORT, 'catalog versions are append-only: UPDATE refused');
END;

CREATE TRIGGER catalog_versions_refuse_delete BEFORE DELETE ON catalog_versions
BEGIN
    SELECT RAISE(ABORT, 'catalog versions are append-only: DELETE refused');
END;

-- Version 1 of each currency's catalog: the catalog of its first account (by id).
INSERT INTO catalog_versions (currency, version, body)
SELECT a.currency, 1, a.catalog
FROM accounts a
WHERE a.id = (SELECT MIN(b.id) FROM accounts b WHERE b.currency = a.currency);
