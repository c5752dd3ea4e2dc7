-- The deployment's catalog (issue #13): one per currency it sells in, every save a new
-- version, never changed. Accounts read the latest version of their currency's catalog; the
-- `accounts.catalog` column keeps the terms an account was opened with, which price the events
-- stored before events carried their own terms (docs/POLICY.md "Changing prices").
CREATE TABLE catalog_versions (
    currency TEXT NOT NULL,
    version  INTEGER NOT NULL CHECK (version >= 1),
    body     TEXT NOT NULL CHECK (body::jsonb IS NOT NULL),
    -- The admin who saved it (NULL: version 1, taken from the accounts by this migration or
    -- made by the first account opened in the currency).
    saved_by TEXT REFERENCES users (id),
    saved_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    PRIMARY KEY (currency, version)
);

-- refuse_change() raises "catalog_versions rows are immutable" (first migration).
CREATE TRIGGER catalog_versions_refuse_change BEFORE UPDATE OR DELETE ON catalog_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER catalog_versions_refuse_truncate BEFORE TRUNCATE ON catalog_versions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Version 1 of each currency's catalog: the catalog of its first account (by id).
INSERT INTO catalog_versions (currency, version, body)
SELECT a.currency, 1, a.catalog
FROM accounts a
WHERE a.id = (SELECT MIN(b.id) FROM accounts b WHERE b.currency = a.currency);
