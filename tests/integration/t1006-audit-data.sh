#!/usr/bin/env bash
# t1006-audit-data.sh: a password typed into the ID field is not kept (nor shown by kosmoctl audit); control and bidi characters are escaped in its output; failed logins from one address make a bounded number of rows
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,1006,1,村上 一郎,19800606,overseas' || bail_out "import failed"
read -r TEMP_ID TEMP_PW <<< "$(credentials 1006 1)"

dump_has() {  # dump_has TEXT: the whole database (every table) holds TEXT
    mariadb-dump --no-defaults --socket="$DB_SOCKET" -uroot --skip-extended-insert "$DB_NAME" \
        > "$T/dump.sql" 2> "$T/dump.err" || return 2
    grep -qF -- "$1" "$T/dump.sql"
}
failures() { sql "SELECT COALESCE(SUM(count), 0) FROM audit_events WHERE event = 'login_failed' $1"; }
rows() { sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_failed' $1"; }

# --- a password typed into the ID field -----------------------------------------------------
# The member types the password where the ID goes (and something else after).
get /login
post /login user_id="$TEMP_PW!x" password=whatever
is "$STATUS" 200 "the login fails"
is "$(sql "SELECT login_id FROM audit_events WHERE event = 'login_failed'")" "(not an ID, 14 chars)" \
    "the audit keeps only that it was not an ID, and its length"
dump_has "$TEMP_PW!x"
is "$?" 1 "the typed text is nowhere in the database"
ok "the dump itself works (it finds the member's name)" dump_has '村上 一郎' || diag "$(cat "$T/dump.err")"
post /login user_id="パスワード12" password=whatever
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE login_id = '(not an ID, 7 chars)'")" 1 \
    "characters are counted, not bytes"
out=$(kosmoctl audit --event login_failed 2>&1)
unlike "$out" "$TEMP_PW" "kosmoctl audit does not show the typed text"
unlike "$out" 'パスワード' "nor the other one"
like "$out" 'login=\(not\\x20an\\x20ID,\\x2014\\x20chars\)' "it shows what was kept, one word"

# A well-formed ID is kept as typed: the operator finds a member's failures.
post /login user_id="$TEMP_ID" password=wrong-one
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE login_id = '$TEMP_ID' AND detail = 'wrong password'")" 1 \
    "a wrong password for a real ID keeps the ID"
post /login user_id=ZZZZ-ZZZ1 password=x
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE login_id = 'ZZZZ-ZZZ1' AND detail = 'unknown id'")" 1 \
    "an unknown but well-formed temporary ID is kept"
post /login user_id=nobody001 password=x
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE login_id = 'nobody001'")" 1 \
    "so is an unknown but well-formed permanent ID"

# --- control and bidi characters in kosmoctl audit ------------------------------------------
# Rows written before this change (or by a future event) may hold anything:
# the output escapes whatever could move the cursor, end the line or turn
# the text around.
sql "INSERT INTO audit_events (at, event, login_id, client_addr, detail) VALUES
     (NOW(6), 'test_event', CONCAT('a', CHAR(27), '[2Jb'), '127.0.0.9',
      CONCAT('x', CHAR(10), 'fake_event y', CONVERT(UNHEX('E280AE') USING utf8mb4), 'gpj.exe',
             CONVERT(UNHEX('E280A8C29BE281A6E2808FD89C') USING utf8mb4), CHAR(127)))"
out=$(kosmoctl audit --event test_event 2>&1)
is "$(printf '%s\n' "$out" | grep -c .)" 1 "one event, one line (the newline is escaped)"
like "$out" 'login=a\\x1b\[2Jb' "ESC is shown as \\x1b"
like "$out" 'x\\x0afake_event' "LF as \\x0a"
like "$out" 'y\\u\{202E\}gpj\.exe' "RIGHT-TO-LEFT OVERRIDE as \\u{202E}"
like "$out" '\\u\{2028\}\\u\{009B\}\\u\{2066\}\\u\{200F\}\\u\{061C\}\\x7f' \
    "LINE SEPARATOR, a C1 control, bidi isolates and marks, and DEL too"
printf '%s' "$out" | LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xe2\x80[\xa8-\xae]|\xc2[\x80-\x9f]'
is "$?" 1 "no raw control or bidi byte reaches the terminal"

# --- a flood of failed logins from one address ----------------------------------------------
before_rows=$(rows "AND client_addr = '127.0.0.1'")
before_failures=$(failures "AND client_addr = '127.0.0.1'")
answered=0
for i in $(seq 1 100); do
    post /login user_id="ZZZZ-$(printf '%04d' "$i")" password="guess-$i"
    [ "$STATUS" != 200 ] || answered=$((answered + 1))
done
is "$answered" 100 "100 failed logins from 127.0.0.1 are answered"
is "$(( $(failures "AND client_addr = '127.0.0.1'") - before_failures ))" 100 "each of them is counted"
new_rows=$(( $(rows "AND client_addr = '127.0.0.1'") - before_rows ))
diag "100 failed logins made $new_rows rows"
# At most 20 rows of their own per address and minute (plus a few that
# raced past the check), then one counting row per minute: a run that
# crosses a minute boundary may see that twice.
ok "they make a bounded number of rows (at most 2 x (20 + 8) + 2)" test "$new_rows" -le 58
ok "fewer than one per attempt" test "$new_rows" -lt 100
out=$(kosmoctl audit --event login_failed --limit 1000 2>&1)
like "$out" 'addr=127\.0\.0\.1 unknown id count=[0-9]+ until=[0-9:]{8}' "kosmoctl audit shows the counted row"
is "$(printf '%s\n' "$out" | grep 'addr=127\.0\.0\.1' | awk '{ n = 1; for (i = 1; i <= NF; i++) if ($i ~ /^count=/) n = substr($i, 7); s += n } END { print s }')" \
    "$(failures "AND client_addr = '127.0.0.1'")" "and its counts add up to every failure"
unlike "$(sql "SELECT GROUP_CONCAT(DISTINCT login_id) FROM audit_events WHERE count > 1")" 'ZZZZ' \
    "a row counting different IDs names none of them"

# Another address is not swallowed by the flood's rows.
curl -s -o /dev/null --interface 127.0.0.2 -b "$JAR" --data-urlencode "csrf=$CSRF" \
    --data-urlencode "user_id=$TEMP_ID" --data-urlencode 'password=wrong-two' "$BASE/login"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE client_addr = '127.0.0.2' AND login_id = '$TEMP_ID' AND count = 1")" 1 \
    "a failure from 127.0.0.2 has its own row, with the ID"

done_testing
