-- A staff member's id in the helpdesk (issue #15): work a helpdesk posts may name its
-- technician by it instead of by e-mail. Set by an admin on the integrations page; one person
-- per id (NULLs, people without one, do not collide).
ALTER TABLE users ADD COLUMN helpdesk_id TEXT;
CREATE UNIQUE INDEX users_by_helpdesk_id ON users (helpdesk_id);
