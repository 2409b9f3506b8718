#!/usr/bin/env bash
# t3002-execute-races.sh: concurrent 実行 with one session; a user ID taken between confirm and 実行
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,3002,1,高橋 四郎,19900101,voluntary' '06279996,3002,2,伊藤 五郎,19910202,leave' \
    || bail_out "import failed"

to_confirm() {  # to_confirm SYMBOL NUMBER BIRTH USER_ID
    login_member "$1" "$2"
    verify_member "$3"
    enter_registration "$4" Hikari8sky "$4@example.net"
}

# Two members reach the confirm screen with the same user ID, each in its own jar.
JAR=$T/jar-a; to_confirm 3002 1 19900101 samename01; csrf_a=$CSRF
JAR=$T/jar-b; to_confirm 3002 2 19910202 samename01; csrf_b=$CSRF
like "$BODY" '<dd>samename01</dd>' "both members reach the confirm screen with the same user ID"

JAR=$T/jar-a
# Eight 実行 at once with the same session (double clicks, reloads, tabs).
for i in 1 2 3 4 5 6 7 8; do
    curl -s -o /dev/null -w '%{http_code}\n' -b "$JAR" --data-urlencode "csrf=$csrf_a" \
        "$BASE/register/execute" > "$T/race-$i" &
done
wait
codes=$(cat "$T"/race-* | sort | uniq -c | tr -s ' ')
is "$codes" " 8 303" "all eight concurrent 実行 answer with the redirect to the completion screen"
is "$(sql 'SELECT COUNT(*) FROM accounts')" 1 "exactly one account is created"
is "$(sql 'SELECT COUNT(*) FROM mail_outbox')" 1 "exactly one mail is queued"
# Drained: the one row is marked sent, so every delivery there will be is done.
wait_until 10 '[ "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")" -eq 0 ]'
is "$(mail_count)" 1 "exactly one mail is sent"

JAR=$T/jar-b
CSRF=$csrf_b
post /register/execute
is "$STATUS" 200 "the other member's 実行 with the now-taken ID answers the input screen"
like "$BODY" 'id="user_id-error">このユーザIDはすでに使われています' "saying the user ID is taken"
like "$BODY" 'value="samename01@example.net"' "with the mail address kept"
is "$(sql 'SELECT COUNT(*) FROM accounts')" 1 "and no account is created for them"
post /register user_id=othername01 password=Hikari8sky password_confirm=Hikari8sky email=othername01@example.net
follow
post /register/execute
is "$LOCATION" /register/done "with another user ID the member finishes"
is "$(sql 'SELECT COUNT(*) FROM accounts')" 2 "two accounts in all"

done_testing
