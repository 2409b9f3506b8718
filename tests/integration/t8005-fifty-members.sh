#!/usr/bin/env bash
# t8005-fifty-members.sh: 50 members registering at once, each pressing 実行 repeatedly: 50 accounts, 50 mails
. "$(dirname "$0")/lib.sh"

MEMBERS=50
# A hash slot is waited for rather than refused, so that every request of the
# crowd must succeed as it is (the refusal is another test's matter, t6001):
# a long wait, and threads enough for all 50 to wait (threads - 2 slots - 1).
start_stack security.hash_wait_ms=120000 server.threads=56
rows=()
for ((i = 1; i <= MEMBERS; i++)); do
    rows+=("06279996,8005,$i,会員 $i,1980$(printf '%02d%02d' $((i % 12 + 1)) $((i % 28 + 1))),employee")
done
import_members "${rows[@]}" || bail_out "import failed"
is "$(sql 'SELECT COUNT(*) FROM members')" "$MEMBERS" "$MEMBERS members are imported"

# One member's whole flow, in a subshell of its own (own temp dir, cookie jar
# and CSRF token). Writes "done" to its result file, or the step that went
# wrong; "statuses" gets the answers of its concurrent 実行.
member() {
    local i=$1 id pw birth user k
    read -r id pw <<< "$(credentials 8005 "$i")"
    birth=1980$(printf '%02d%02d' $((i % 12 + 1)) $((i % 28 + 1)))
    user=$(printf 'crowd%04d' "$i")
    T=$T/m$i
    mkdir -p "$T"
    JAR=$T/cookies
    CSRF=
    step() { echo "$1: $LAST_REQUEST -> $STATUS ${LOCATION:+($LOCATION)}" > "$T/result"; exit 1; }
    get /login
    [ "$STATUS" = 200 ] || step login-page
    post /login user_id="$id" password="$pw"
    [ "$LOCATION" = /verify ] || step login
    verify_member "$birth"
    [ "$LOCATION" = /register ] || step verify
    enter_registration "$user" Hikari8sky "$user@example.co.jp"
    [ "$STATUS" = 200 ] || step confirm
    # 実行 three times at once (a double click and a reload), then once more.
    for k in 1 2 3; do
        curl -s -o /dev/null -w '%{http_code} %{redirect_url}\n' --max-time 60 -b "$JAR" \
            --data-urlencode "csrf=$CSRF" "$BASE/register/execute" > "$T/execute-$k" &
    done
    wait
    post /register/execute
    echo "$STATUS $LOCATION" > "$T/execute-4"
    cat "$T"/execute-* | sed 's|http://[^/]*||' > "$T/statuses"
    get /register/done
    [ "$STATUS" = 200 ] || step done-page
    echo done > "$T/result"
}

for ((i = 1; i <= MEMBERS; i++)); do
    member "$i" > /dev/null 2>&1 &
done
wait

results=$(for ((i = 1; i <= MEMBERS; i++)); do cat "$T/m$i/result" 2> /dev/null || echo "m$i: no result"; done)
is "$(printf '%s\n' "$results" | grep -c '^done$')" "$MEMBERS" "all $MEMBERS members finish the flow"
is "$(printf '%s\n' "$results" | grep -v '^done$')" "" "none stops on the way"
statuses=$(cat "$T"/m*/statuses | sort | uniq -c | tr -s ' ')
is "$statuses" " $((MEMBERS * 4)) 303 /register/done" "every 実行 (4 from each member) answers the completion screen"

is "$(sql 'SELECT COUNT(*) FROM accounts')" "$MEMBERS" "exactly $MEMBERS accounts are created"
is "$(sql 'SELECT COUNT(DISTINCT member_id) FROM accounts')" "$MEMBERS" "one for each member"
is "$(sql 'SELECT COUNT(*) FROM accounts WHERE user_id LIKE "crowd%"')" "$MEMBERS" "with the user IDs they chose"
is "$(sql 'SELECT COUNT(*) FROM mail_outbox')" "$MEMBERS" "exactly $MEMBERS mails are queued"
is "$(sql 'SELECT COUNT(DISTINCT recipient) FROM mail_outbox')" "$MEMBERS" "one to each member"
is "$(sql 'SELECT COUNT(*) FROM audit_events WHERE event = "registered"')" "$MEMBERS" \
    "$MEMBERS registrations in the audit log"
wait_until 60 '[ "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")" -eq 0 ]'
is "$(sql 'SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL')" 0 "every mail is handed to sendmail"
is "$(mail_count)" "$MEMBERS" "exactly $MEMBERS mails are delivered"
recipients=$(for f in $(mails); do mail_header "$f" To; done | sort -u | wc -l)
is "$recipients" "$MEMBERS" "to $MEMBERS different members"
kosmoctl send-mail > "$T/send.out" 2>&1
is "$(mail_count)" "$MEMBERS" "send-mail afterwards sends nothing twice"
unlike "$(binary_logs)" 'status=5[0-9][0-9]' "no request answered 5xx"

done_testing
