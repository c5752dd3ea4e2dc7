-- Work, quotes and payouts are recorded in a person's name, and "only your own work" compares
-- names: two users may never share one.
CREATE UNIQUE INDEX users_name_unique ON users (name);
