-- Integrations (a helpdesk) call /api/v1 with a bearer token. An admin creates a token on the
-- integrations page and sees it once; only its SHA-256 is stored, so a copy of this table
-- opens nothing. A token may be limited to one account; revoking one is immediate and final.
CREATE TABLE api_tokens (
    -- Public and short: named in lists, the audit trail and the token itself.
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    -- NULL: every account of this deployment.
    account_id  TEXT REFERENCES accounts (id),
    created_by  TEXT,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
-- Two working tokens never share a name (a form sent twice creates one token).
CREATE UNIQUE INDEX api_tokens_working_name ON api_tokens (name) WHERE revoked_at IS NULL;
