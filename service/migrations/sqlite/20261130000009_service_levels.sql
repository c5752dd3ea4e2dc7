-- The deployment's service levels (issue #15): its business calendar and the response and
-- resolution targets by plan and by priority (billing::sla::SlaSettings as JSON). One row; a
-- save replaces it (audited); SLA figures are always computed under the targets saved now.
CREATE TABLE service_levels (
    id       INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    body     TEXT NOT NULL CHECK (json_valid(body)),
    saved_by TEXT REFERENCES users (id),
    saved_at TEXT NOT NULL
);

-- The agency's yearly figures select every account's tickets by creation time.
CREATE INDEX tickets_by_created_at ON tickets (created_at);
