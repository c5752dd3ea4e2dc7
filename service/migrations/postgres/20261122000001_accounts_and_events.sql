-- Hourbank's first schema: accounts and their append-only event histories (PostgreSQL).
-- Same tables and meaning as migrations/sqlite; text for decimals and dates, as there.

CREATE TABLE accounts (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    legal_name     TEXT NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    vat_id         TEXT,
    currency       TEXT NOT NULL,
    timezone       TEXT NOT NULL,
    reverse_charge BIGINT NOT NULL DEFAULT 0 CHECK (reverse_charge IN (0, 1)),
    vat_rate       TEXT,
    standard_rate  TEXT,
    catalog        TEXT NOT NULL CHECK (catalog::jsonb IS NOT NULL),
    created_at     TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);

CREATE TABLE events (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    seq        BIGINT NOT NULL CHECK (seq >= 1),
    on_date    TEXT NOT NULL,
    payload    TEXT NOT NULL CHECK (payload::jsonb IS NOT NULL),
    created_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    PRIMARY KEY (account_id, seq)
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;

-- Events are append-only: the database itself refuses to change or remove one.
CREATE TRIGGER events_refuse_change BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
