-- People and access (issue #13): invitations, deactivation, and the audit trail.

-- A deactivated user signs in no more and has no session; their name stays on their work.
ALTER TABLE users ADD COLUMN deactivated_at TEXT;

-- An invitation is a one-time link: the token lives only in the link, the table has its
-- SHA-256. One open invitation per email; inviting the same email again issues a new link for
-- the same invitation (the old link stops working).
CREATE TABLE invitations (
    id          TEXT PRIMARY KEY NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    email       TEXT NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'technician', 'client')),
    -- A client's account, or the one account a technician is assigned to at first (NULL: none).
    account_id  TEXT REFERENCES accounts (id),
    invited_by  TEXT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    -- Set once: when the invitee set a password (accepted) or an admin withdrew it.
    accepted_at TEXT,
    revoked_at  TEXT,
    CHECK (role <> 'client' OR account_id IS NOT NULL)
);
CREATE INDEX invitations_by_email ON invitations (email);

-- Who did what, when, from where: written in the transaction of the change, never changed.
CREATE TABLE audit_log (
    id         BIGSERIAL PRIMARY KEY,
    at         TEXT NOT NULL,
    -- The user who acted (NULL: nobody signed in, e.g. a failed sign-in).
    actor      TEXT,
    address    TEXT NOT NULL,
    action     TEXT NOT NULL,
    -- Whom or what it was done to: a user id, an email, an invitation id.
    subject    TEXT,
    account_id TEXT,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
CREATE INDEX audit_log_by_subject ON audit_log (subject, id);
CREATE INDEX audit_log_by_account ON audit_log (account_id, id);

-- refuse_change() raises "audit_log rows are immutable" (first migration).
CREATE TRIGGER audit_log_refuse_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_refuse_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
