#!/usr/bin/env bash
# t9106-migrate-004.sh: sql/004-audit-repeats.sql upgrades a database of
# the previous release (001-003, with audit events in it, two of them alike)
# and keeps every event as a row of its own, counted once
. "$(dirname "$0")/lib.sh"

start_stack

# The previous release, with events as it wrote them: one row each, the
# same failed login twice in one minute among them.
previous_release 3 '06279996,1001,101,山田太郎,19800401,employee'
msql "INSERT INTO audit_events (at, event, member_id, login_id, client_addr, detail)
      SELECT '2026-11-20 10:00:01', 'login_failed', id, 'yamada0101', '192.0.2.7', 'wrong password' FROM members;
      INSERT INTO audit_events (at, event, member_id, login_id, client_addr, detail)
      SELECT '2026-11-20 10:00:02', 'login_failed', id, 'yamada0101', '192.0.2.7', 'wrong password' FROM members;
      INSERT INTO audit_events (at, event, member_id, login_id, client_addr, detail)
      SELECT '2026-11-20 10:05:00', 'login_ok', id, 'yamada0101', '192.0.2.7', NULL FROM members" ||
    bail_out "cannot write the old events"
events_sql="SELECT GROUP_CONCAT(CONCAT_WS('/', id, at, event, member_id, login_id, client_addr, detail)
    ORDER BY id SEPARATOR ' ') FROM audit_events"
before=$(msql "$events_sql")

# The upgrade.
out=$(migrate_through all 2>&1)
is "$?" 0 "migrate upgrades the previous release"
like "$out" 'applied 004-audit-repeats.sql' "by applying 004-audit-repeats.sql"
is "$(msql "$events_sql")" "$before" "every event is kept as it was"
is "$(msql "SELECT GROUP_CONCAT(CONCAT_WS('/', count, last_at IS NULL, repeat_key IS NULL) ORDER BY id)
            FROM audit_events WHERE event LIKE 'login%'")" 1/1/1,1/1/1,1/1/1 \
    "each old row counts one event, with no repeat key: the two alike stay two rows"
report=$(mctl audit --member 06279996:1001:101 2>&1)
is "$report" "2026-11-20 10:00:01 login_failed member=06279996,1001,101 login=yamada0101 addr=192.0.2.7 wrong password
2026-11-20 10:00:02 login_failed member=06279996,1001,101 login=yamada0101 addr=192.0.2.7 wrong password
2026-11-20 10:05:00 login_ok member=06279996,1001,101 login=yamada0101 addr=192.0.2.7" \
    "kosmoctl audit shows the old events, each once, none as repeated"
mctl unlock --member 06279996:1001:101 > "$T/unlock" 2>&1
is "$(msql "SELECT COUNT(*) FROM audit_events WHERE event = 'unlock' AND count = 1 AND repeat_key IS NULL")" 1 \
    "a new event is written on the upgraded table"
like "$(migrate_through all 2>&1)" '^schema is up to date' "a second run applies nothing"

done_testing
