#!/usr/bin/env bash
# t1002-lockout.sh: repeated wrong passwords lock the ID; the limit is configurable; unlock lifts it
. "$(dirname "$0")/lib.sh"

start_stack security.login_max_failures=3 security.login_lock_minutes=30
import_members '06279996,1001,1,山田 太郎,19800123,employee' '06279996,1001,2,山田 花子,19820304,voluntary' \
    || bail_out "import failed"
read -r TEMP_ID TEMP_PW <<< "$(credentials 1001 1)"
read -r OTHER_ID OTHER_PW <<< "$(credentials 1001 2)"

get /login
for i in 1 2 3; do
    post /login user_id="$TEMP_ID" password="not-it-$i"
done
like "$BODY" 'ユーザIDまたはパスワードが正しくありません' "the third failure shows the generic message"
wrong_body=$(printf '%s\n' "$BODY" | grep -v 'name="csrf"')
is "$(sql "SELECT locked_until > NOW(6) FROM temp_credentials t JOIN members m ON m.id = t.member_id WHERE m.number = '1'")" 1 \
    "after 3 failures (the configured limit) the ID is locked"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_locked'")" 1 "the lockout is audited"

post /login user_id="$TEMP_ID" password="$TEMP_PW"
is "$STATUS" 200 "while locked, even the right password does not log in"
locked_body=$(printf '%s\n' "$BODY" | grep -v 'name="csrf"')
is "$locked_body" "$wrong_body" "and the page does not reveal the lock"

post /login user_id="$OTHER_ID" password="$OTHER_PW"
is "$LOCATION" /verify "another member is not affected"

new_session
kosmoctl unlock --temp-user-id "$TEMP_ID" > "$T/unlock.out" 2>&1
ok "kosmoctl unlock succeeds" test $? -eq 0
get /login
post /login user_id="$TEMP_ID" password="$TEMP_PW"
is "$LOCATION" /verify "after unlock the member logs in"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'unlock'")" 1 "the unlock is audited"

done_testing
