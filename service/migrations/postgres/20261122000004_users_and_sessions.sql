-- Sign-in, roles and tenant isolation (issue #5).

CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    -- Lower case; the sign-in name.
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    -- admin: the agency's staff, everything; technician: technicians and developers, on the
    -- accounts assigned to them; client: one account.
    role          TEXT NOT NULL CHECK (role IN ('admin', 'technician', 'client')),
    account_id    TEXT REFERENCES accounts (id),
    -- argon2 (PHC string); never the password.
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    CHECK ((role = 'client') = (account_id IS NOT NULL))
);

CREATE TABLE assignments (
    user_id    TEXT NOT NULL REFERENCES users (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (user_id, account_id)
);

-- A session is known by the SHA-256 of its token; the token itself lives only in the cookie.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Failed sign-ins, per account ("email:…") and per address ("ip:…"), so that the rate limit
-- holds across every server on the database.
CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);
