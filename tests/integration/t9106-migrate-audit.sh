#!/usr/bin/env bash
# t9106-migrate-audit.sh: sql/004-audit-repeats.sql upgrades a database of
# the previous release (001-003, with audit events in it, two of them alike)
# and keeps every event as a row of its own, counted once
. "$(dirname "$0")/lib.sh"

start_stack

MDB=${DB_NAME}_a
db_user=$(sed -n 's/^user *= *//p' "$CONF" | head -n 1)
drop_mdb() {
    mariadb --no-defaults --socket="$DB_SOCKET" -uroot -e "DROP DATABASE IF EXISTS \`$MDB\`" > /dev/null 2>&1
}
trap 'rc=$?; [ "${KOSMO_TEST_LEAVE:-}" = 1 ] || drop_mdb; (exit $rc); _cleanup' EXIT
mariadb --no-defaults --socket="$DB_SOCKET" -uroot -e \
    "CREATE DATABASE \`$MDB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
     GRANT ALL PRIVILEGES ON \`$MDB\`.* TO '$db_user'@'localhost'" || bail_out "cannot create database $MDB"
awk -v db="$MDB" '/^\[/ { s = $0 } s == "[db]" && /^name *=/ { print "name = " db; next } { print }' "$CONF" > "$T/a.conf"
msql() { mariadb --no-defaults --socket="$DB_SOCKET" -uroot -N -B "$MDB" -e "$1"; }
mctl() { (cd "$TOP" && build/kosmoctl --config "$T/a.conf" "$@"); }
migrate_to() {  # migrate_to N: the migrations up to N
    rm -rf "$T/sql" && mkdir "$T/sql"
    for f in "$TOP"/sql/*.sql; do
        n=$(basename "$f" | sed 's/^0*\([0-9]*\)-.*/\1/')
        [ "$n" -le "$1" ] && cp "$f" "$T/sql/"
    done
    mctl migrate --sql-dir "$T/sql"
}

# The previous release, with events as it wrote them: one row each, the
# same failed login twice in one minute among them.
migrate_to 3 > "$T/out" 2>&1 || { sed 's/^/# /' "$T/out"; bail_out "cannot migrate to the previous release"; }
printf '%s\n' insurer_number,symbol,number,name,birth_date,category '06279996,1001,101,山田太郎,19800401,employee' \
    > "$T/members.csv"
mctl import-members "$T/members.csv" --out "$T/cred.csv" > /dev/null 2>&1 || bail_out "cannot import members"
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
out=$(migrate_to 4 2>&1)
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
is "$(migrate_to 4 2>&1)" "schema is up to date (version 4)" "a second run applies nothing"

done_testing
