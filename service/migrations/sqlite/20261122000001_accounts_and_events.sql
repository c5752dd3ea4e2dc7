-- Hourbank's first schema: accounts and their append-only event histories (SQLite).
-- An account's billing::History = its catalog + terms + its events ordered by seq + today.

CREATE TABLE accounts (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    -- Legal details printed on invoices.
    legal_name     TEXT NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    vat_id         TEXT,
    -- ISO 4217 code; the account's one currency (RULES §1).
    currency       TEXT NOT NULL,
    -- IANA time zone: every date of the account is a calendar date there (RULES §1).
    timezone       TEXT NOT NULL,
    -- billing::AccountTerms beyond the currency.
    reverse_charge INTEGER NOT NULL DEFAULT 0 CHECK (reverse_charge IN (0, 1)),
    vat_rate       TEXT,
    standard_rate  TEXT,
    -- billing::Catalog as JSON: what this account can buy and at which rates.
    catalog        TEXT NOT NULL CHECK (json_valid(catalog)),
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE events (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    -- 1, 2, 3, … per account: the order of the history.
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    -- The event's day (billing::Event.on), in the account's time zone.
    on_date    TEXT NOT NULL,
    -- billing::Event as JSON.
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (account_id, seq)
) WITHOUT ROWID;

-- Events are append-only: the database itself refuses to change or remove one.
CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
END;

CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
END;
