-- One submission, one effect. Every state-changing form carries a key; the change it made is
-- recorded under it, in the same transaction as the change, so that a repeated submission
-- (a double click, a retry after a lost answer, the browser's "resend") answers with the first
-- result instead of doing it again. Keys are the submitting user's: (user_id, key).
CREATE TABLE submissions (
    user_id     TEXT NOT NULL,
    key         TEXT NOT NULL,
    -- What was submitted: the server function and a hash of its arguments. The same key with
    -- another action or other arguments is refused.
    action      TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    -- The event the submission appended (NULL: it appended none) and the numbers of the
    -- documents it issued, as a JSON array.
    seq         BIGINT,
    documents   TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (user_id, key)
);
