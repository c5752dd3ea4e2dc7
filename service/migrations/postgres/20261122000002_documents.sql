-- Issued documents, their gapless numbers, and the ledger snapshot at each close (PostgreSQL).

CREATE TABLE counters (
    series TEXT NOT NULL,
    year   BIGINT NOT NULL,
    last   BIGINT NOT NULL CHECK (last >= 0),
    PRIMARY KEY (series, year)
);

CREATE TABLE documents (
    number      TEXT PRIMARY KEY NOT NULL,
    series      TEXT NOT NULL,
    year        BIGINT NOT NULL,
    seq         BIGINT NOT NULL CHECK (seq >= 1),
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    key         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('period', 'pack', 'credit_note')),
    issued_on   TEXT NOT NULL,
    refers_to   TEXT REFERENCES documents (number),
    currency    TEXT NOT NULL,
    net         TEXT NOT NULL,
    vat_total   TEXT NOT NULL,
    total       TEXT NOT NULL,
    body        TEXT NOT NULL CHECK (body::jsonb IS NOT NULL),
    created_at  TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    UNIQUE (account_id, key),
    UNIQUE (series, year, seq)
);

CREATE INDEX documents_by_account ON documents (account_id, issued_on);

CREATE TRIGGER documents_refuse_change BEFORE UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER documents_refuse_truncate BEFORE TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE snapshots (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    month      TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    ledger     TEXT NOT NULL CHECK (ledger::jsonb IS NOT NULL),
    PRIMARY KEY (account_id, month)
);

CREATE TRIGGER snapshots_refuse_change BEFORE UPDATE OR DELETE ON snapshots
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
