#!/usr/bin/env bash
# t9002-unlock.sh: kosmoctl unlock by temporary ID, permanent ID or member key
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,1001,101,山田太郎,19800401,employee' '06279996,1001,102,佐藤花子,19751115,overseas' \
    || bail_out "import failed"
read -r TEMP_ID TEMP_PW <<< "$(credentials 1001 101)"
m1=$(sql "SELECT id FROM members WHERE number = '101'")
m2=$(sql "SELECT id FROM members WHERE number = '102'")

lock_all() {
    sql "UPDATE temp_credentials SET login_failures = 2, locked_until = NOW(6) + INTERVAL 30 MINUTE;
         UPDATE members SET verify_failures = 5, verify_locked_at = NOW(6);
         UPDATE accounts SET login_failures = 1, locked_until = NOW(6) + INTERVAL 30 MINUTE"
}
locks_of() {  # locks_of MEMBER_ID: "temp verify account" lock flags
    sql "SELECT (SELECT COUNT(*) FROM temp_credentials WHERE member_id = $1 AND (locked_until IS NOT NULL OR login_failures > 0)),
                (SELECT COUNT(*) FROM members WHERE id = $1 AND (verify_locked_at IS NOT NULL OR verify_failures > 0)),
                (SELECT COUNT(*) FROM accounts WHERE member_id = $1 AND (locked_until IS NOT NULL OR login_failures > 0))"
}

lock_all
out=$(kosmoctl unlock --temp-user-id "$(printf '%s' "$TEMP_ID" | tr 'A-Z' 'a-z')" 2>&1)
is "$?" 0 "unlock by temporary user ID (any case) succeeds"
is "$out" "unlocked member 06279996,1001,101 (山田太郎)" "it names the member"
is "$(locks_of "$m1")" "$(printf '0\t0\t0')" "the login and identity-check locks are lifted"
is "$(locks_of "$m2")" "$(printf '1\t1\t0')" "another member stays locked"
is "$(sql "SELECT member_id, login_id FROM audit_events WHERE event = 'unlock'")" "$(printf '%s\t%s' "$m1" "$(printf '%s' "$TEMP_ID" | tr 'A-Z' 'a-z')")" \
    "the unlock is audited with the member"

# A registered member: unlock by the permanent user ID.
sql "INSERT INTO accounts (member_id, user_id, password_hash, password_changed_at, email, created_at)
     VALUES ($m2, 'Sato2024x', 'x', NOW(6), 'sato@example.co.jp', NOW(6))"
lock_all
kosmoctl unlock --user-id SATO2024X > /dev/null 2>&1
is "$?" 0 "unlock by permanent user ID succeeds"
is "$(locks_of "$m2")" "$(printf '0\t0\t0')" "the account lock is lifted too"
is "$(locks_of "$m1")" "$(printf '1\t1\t0')" "the other member is untouched"

kosmoctl unlock --member '０６２７９９９６,1001,101' > /dev/null 2>&1
is "$?" 0 "unlock by insurer number, symbol and number succeeds"
is "$(locks_of "$m1")" "$(printf '0\t0\t0')" "and lifts the locks"

kosmoctl unlock --temp-user-id ZZZZ-ZZZZ > /dev/null 2> "$T/err"
is "$?" 1 "an unknown ID fails"
like "$(cat "$T/err")" "no temporary user ID 'ZZZZ-ZZZZ'" "and says so"
kosmoctl unlock --member 06279996,1001,999 > /dev/null 2>&1
is "$?" 1 "an unknown member fails"
kosmoctl unlock --member 06279996,1001 > /dev/null 2>&1
is "$?" 2 "a member key without three parts is a usage error"
kosmoctl unlock > /dev/null 2>&1
is "$?" 2 "unlock without a member is a usage error"
kosmoctl unlock --user-id a --temp-user-id b > /dev/null 2>&1
is "$?" 2 "two ways at once is a usage error"
like "$(kosmoctl unlock --help)" '^usage: kosmoctl .*unlock' "--help explains unlock"

done_testing
