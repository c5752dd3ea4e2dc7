-- The licence register (issue #13): each account's third-party licences, and their renewals.
-- A renewal the agency pays is re-invoiced through the write path (a cost_reinvoiced event) in
-- the transaction that records it and moves the licence's last valid day.
CREATE TABLE licences (
    id             TEXT PRIMARY KEY NOT NULL,
    account_id     TEXT NOT NULL REFERENCES accounts (id),
    product        TEXT NOT NULL,
    vendor         TEXT NOT NULL,
    -- The licence's type, e.g. "Agency", "Single site", "Annual subscription".
    kind           TEXT NOT NULL DEFAULT '',
    -- Seats or sites; NULL: not counted.
    seats          BIGINT CHECK (seats IS NULL OR seats >= 1),
    -- Readable in full by admins only (the pages mask it for everyone else).
    licence_key    TEXT NOT NULL DEFAULT '',
    purchased_on   TEXT NOT NULL,
    last_valid_day TEXT NOT NULL,
    renewal_price  TEXT NOT NULL,
    renewal_currency TEXT NOT NULL,
    -- agency: the agency pays the vendor and re-invoices the client; client: the client pays.
    paid_by        TEXT NOT NULL CHECK (paid_by IN ('agency', 'client')),
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);
CREATE INDEX licences_by_account ON licences (account_id, last_valid_day);
CREATE INDEX licences_by_expiry ON licences (last_valid_day);

-- One row per renewal: the vendor's invoice and the last valid day it moved to.
CREATE TABLE licence_renewals (
    licence_id      TEXT NOT NULL REFERENCES licences (id),
    last_valid_day  TEXT NOT NULL,
    previous_last_day TEXT NOT NULL,
    vendor_invoice  TEXT NOT NULL,
    invoice_date    TEXT NOT NULL,
    amount          TEXT NOT NULL,
    currency        TEXT NOT NULL,
    -- The re-invoiced cost's id in the account's events (NULL: the client pays the vendor).
    cost_id         TEXT,
    renewed_at      TEXT NOT NULL,
    PRIMARY KEY (licence_id, last_valid_day)
);

-- refuse_change() raises "licence_renewals rows are immutable" (first migration).
CREATE TRIGGER licence_renewals_refuse_change BEFORE UPDATE OR DELETE ON licence_renewals
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER licence_renewals_refuse_truncate BEFORE TRUNCATE ON licence_renewals
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
