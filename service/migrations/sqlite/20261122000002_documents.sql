-- Issued documents (invoices, pack invoices, credit notes), their gapless numbers, and the
-- ledger snapshot kept at each month's close (SQLite).

-- One counter per (series, year): incremented inside the issuing transaction, so numbers are
-- gapless and unique (RULES §4).
CREATE TABLE counters (
    series TEXT NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL CHECK (last >= 0),
    PRIMARY KEY (series, year)
) WITHOUT ROWID;

CREATE TABLE documents (
    number      TEXT PRIMARY KEY NOT NULL,
    series      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    -- billing::Invoice.key: period:2026-02, pack:ORDER, creditback:ENTRY, refund:ORDER.
    key         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('period', 'pack', 'credit_note')),
    issued_on   TEXT NOT NULL,
    -- For credit notes: the number of the invoice they correct.
    refers_to   TEXT REFERENCES documents (number),
    currency    TEXT NOT NULL,
    net         TEXT NOT NULL,
    vat_total   TEXT NOT NULL,
    total       TEXT NOT NULL,
    -- billing::Invoice as JSON: every line, VAT per rate, totals, summary.
    body        TEXT NOT NULL CHECK (json_valid(body)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (account_id, key),
    UNIQUE (series, year, seq)
);

CREATE INDEX documents_by_account ON documents (account_id, issued_on);

-- An issued document is a legal document: the database refuses to change or remove one.
CREATE TRIGGER documents_refuse_update BEFORE UPDATE ON documents
BEGIN
    SELECT RAISE(ABORT, 'issued documents are immutable: UPDATE refused');
END;

CREATE TRIGGER documents_refuse_delete BEFORE DELETE ON documents
BEGIN
    SELECT RAISE(ABORT, 'issued documents are immutable: DELETE refused');
END;

-- The ledger as it stood when a month closed (an audit record; balances are always derived).
CREATE TABLE snapshots (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    month      TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    ledger     TEXT NOT NULL CHECK (json_valid(ledger)),
    PRIMARY KEY (account_id, month)
) WITHOUT ROWID;

CREATE TRIGGER snapshots_refuse_update BEFORE UPDATE ON snapshots
BEGIN
    SELECT RAISE(ABORT, 'snapshots are immutable: UPDATE refused');
END;

CREATE TRIGGER snapshots_refuse_delete BEFORE DELETE ON snapshots
BEGIN
    SELECT RAISE(ABORT, 'snapshots are immutable: DELETE refused');
END;
