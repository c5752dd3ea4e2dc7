-- Helpdesk tickets' lifecycle times (issue #15), sent through /api/v1: what SLA figures are
-- computed from. Each time is written once (a later post adds the times it now knows; another
-- value for a recorded one is refused). Times are UTC text, like every timestamp here.
CREATE TABLE tickets (
    account_id        TEXT NOT NULL REFERENCES accounts (id),
    ticket_id         TEXT NOT NULL,
    priority          TEXT,
    created_at        TEXT NOT NULL,
    first_response_at TEXT,
    resolved_at       TEXT,
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (account_id, ticket_id)
);
CREATE INDEX tickets_by_created ON tickets (account_id, created_at);
