-- 004-audit-repeats.sql: failed logins are counted, not appended one row
-- each (issue 14): anyone can send them, so one row per attempt let an
-- unauthenticated client grow audit_events without bound. The first
-- failures from one client address within a minute are rows of their own
-- (what a member mistyping makes); beyond those, the repeats of one
-- failure (event, address, member, detail) share one row: count says how
-- many, last_at when the last one came. repeat_key is NULL for every other
-- row, which stays one row each; audit_addr finds an address's minute.
ALTER TABLE audit_events
  ADD COLUMN count       INT UNSIGNED NOT NULL DEFAULT 1,
  ADD COLUMN last_at     DATETIME(6)  NULL,
  ADD COLUMN repeat_key  BINARY(32)   NULL,
  ADD UNIQUE KEY audit_repeat (repeat_key),
  ADD KEY audit_addr (client_addr, at);
