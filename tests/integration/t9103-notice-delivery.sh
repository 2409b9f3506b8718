#!/usr/bin/env bash
# t9103-notice-delivery.sh: a wave of update notices through kosmoctl
# send-mail: each delivered once even with two send-mail at once (two hosts'
# timers), and none lost when one is killed midway
. "$(dirname "$0")/lib.sh"

start_stack

n=200
{
    echo "insurer_number,symbol,number,name,birth_date,category"
    for i in $(seq 1 $n); do echo "06279996,5000,$i,会員$i,19800101,employee"; done
} > "$T/members.csv"
kosmoctl import-members "$T/members.csv" --out "$T/cred.csv" > /dev/null 2>&1 || bail_out "cannot import members"
# Registered accounts straight in the database: the wave is the subject here.
sql "INSERT INTO accounts (member_id, user_id, password_hash, password_changed_at, email, created_at)
     SELECT id, CONCAT('member', LPAD(number, 5, '0')), 'x', NOW(6), CONCAT('m', number, '@example.co.jp'), NOW(6)
     FROM members WHERE symbol = '5000'"

claims() {  # claims AMOUNT: one claim per member
    echo "insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay"
    for i in $(seq 1 $n); do echo "06279996,5000,$i,W-$i,会員$i,202604,病院,outpatient,1,$1,0"; done
}
recipients() {  # every To: of the delivered notices, one a line
    grep -h -m 1 '^To:' $(mails) 2> /dev/null | sed 's/^To: //' | sort
}

# --- two senders at once -------------------------------------------------------------------------

claims 1000 > "$T/w1.csv"
kosmoctl import-expenses "$T/w1.csv" > /dev/null 2> "$T/err"
like "$(tail -n 1 "$T/err")" "$n notices queued\$" "the import queues $n notices"
kosmoctl send-mail > "$T/s1.out" 2>&1 &
p1=$!
kosmoctl send-mail > "$T/s2.out" 2>&1 &
p2=$!
wait "$p1"; r1=$?
wait "$p2"; r2=$?
is "$r1 $r2" "0 0" "two send-mail at once both succeed"
is "$(mail_count)" "$n" "together they handed over exactly $n mails"
is "$(recipients | uniq | wc -l | tr -d ' ')" "$n" "one to each member"
is "$(recipients | uniq -d)" "" "none twice"
is "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")" 0 "the outbox is drained"
s1=$(grep -c ': sent$' "$T/s1.out"); s2=$(grep -c ': sent$' "$T/s2.out")
is "$((s1 + s2))" "$n" "their reports add up ($s1 + $s2)"
[ "$s1" -gt 0 ] && [ "$s2" -gt 0 ] || diag "one sender did all the work ($s1, $s2): the race was not exercised"

# --- a sender killed midway --------------------------------------------------------------------------

rm -f "$STACK"/mail/*.eml
claims 2000 > "$T/w2.csv"
kosmoctl import-expenses "$T/w2.csv" > /dev/null 2> "$T/err"
like "$(tail -n 1 "$T/err")" "$n notices queued\$" "a changed wave queues $n more"
(cd "$TOP" && exec "${KOSMO_BUILD_DIR:-$TOP/build}/kosmoctl" --config "$CONF" send-mail > "$T/k.out" 2>&1) &
pk=$!
wait_until 30 '[ "$(mail_count)" -ge 20 ]'
kill -KILL "$pk"
wait "$pk" 2> /dev/null
partial=$(mail_count)
ok "the killed sender had handed over some but not all ($partial)" test "$partial" -lt "$n"
left=$(sql "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")
ok "rows are left unsent ($left)" test "$left" -gt 0
kosmoctl send-mail > "$T/s3.out" 2>&1
held=$(sql "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")
ok "a new run sends the rest but leaves the killed sender's claimed rows alone while the claim lasts ($held)" \
    test "$held" -gt 0 -a "$held" -le 100
# Time passes: the killed sender's claims expire.
sql "UPDATE mail_outbox SET claimed_until = NOW(6) - INTERVAL 1 SECOND WHERE sent_at IS NULL AND claimed_until IS NOT NULL"
kosmoctl send-mail > "$T/s4.out" 2>&1
is "$?" 0 "then send-mail takes them over"
is "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")" 0 "and the outbox is drained"
is "$(recipients | uniq | wc -l | tr -d ' ')" "$n" "every member got the second notice: none lost"
# The one mail whose sendmail was running at the kill may arrive twice:
# sendmail finished it, but the row was never marked sent (at least once).
dups=$(recipients | uniq -d | wc -l | tr -d ' ')
ok "a second copy only of the mail in hand at the kill, if any ($dups)" test "$dups" -le 1

done_testing
