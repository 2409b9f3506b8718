#!/usr/bin/env bash
# t9103-notice-delivery.sh: a wave of update notices through kosmoctl
# send-mail with several senders: each delivered once even with two
# send-mail at once (two hosts' timers), none twice after a clean stop
# (SIGTERM) whose claims the next run takes at once, none lost and at most
# the mails in flight twice when one is killed midway; a bad senders value
# refused
. "$(dirname "$0")/lib.sh"

# Three senders from the configuration: the runs below without --senders
# use it.
senders=3
start_stack "mail.senders=$senders"

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
unsent() { sql "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL"; }
ctl_in_background() {  # ctl_in_background OUT ARGS...: kosmoctl itself, not a subshell, in $!
    local out=$1
    shift
    (cd "$TOP" && exec "${KOSMO_BUILD_DIR:-$TOP/build}/kosmoctl" --config "$CONF" "$@" > "$out" 2>&1) &
}

# --- two senders at once -------------------------------------------------------------------------

claims 1000 > "$T/w1.csv"
kosmoctl import-expenses "$T/w1.csv" > /dev/null 2> "$T/err"
like "$(tail -n 1 "$T/err")" "$n notices queued\$" "the import queues $n notices"
kosmoctl send-mail --senders 4 > "$T/s1.out" 2>&1 &
p1=$!
kosmoctl send-mail > "$T/s2.out" 2>&1 &
p2=$!
wait "$p1"; r1=$?
wait "$p2"; r2=$?
is "$r1 $r2" "0 0" "two send-mail at once both succeed"
is "$(mail_count)" "$n" "together they handed over exactly $n mails"
is "$(recipients | uniq | wc -l | tr -d ' ')" "$n" "one to each member"
is "$(recipients | uniq -d)" "" "none twice"
is "$(unsent)" 0 "the outbox is drained"
s1=$(grep -c ': sent$' "$T/s1.out"); s2=$(grep -c ': sent$' "$T/s2.out")
is "$((s1 + s2))" "$n" "their reports add up ($s1 + $s2)"
[ "$s1" -gt 0 ] && [ "$s2" -gt 0 ] || diag "one sender did all the work ($s1, $s2): the race was not exercised"

# --- a clean stop (SIGTERM) midway -----------------------------------------------------------------

# start_wave SEED OUT DESCRIPTION: a new import changing every household
# (claims SEED), then send-mail in the background writing OUT (its pid in
# wave_pid), once it has handed over 20 mails
start_wave() {
    rm -f "$STACK"/mail/*.eml
    claims "$1" > "$T/wave.csv"
    kosmoctl import-expenses "$T/wave.csv" > /dev/null 2> "$T/err"
    like "$(tail -n 1 "$T/err")" "$n notices queued\$" "$3"
    ctl_in_background "$2" send-mail
    wave_pid=$!
    wait_until 30 '[ "$(mail_count)" -ge 20 ]'
}
start_wave 3000 "$T/t.out" "another wave queues $n notices"
pt=$wave_pid
kill -TERM "$pt"
wait "$pt"
is "$?" 0 "send-mail stopped by SIGTERM exits 0"
stopped=$(mail_count)
like "$(cat "$T/t.out")" "^stopped early: [0-9]+ claimed mails given back" "it says it stopped early"
like "$(tail -n 1 "$T/t.out")" "^sent $stopped, deferred 0; queue: " "and ends with its summary: $stopped sent"
is "$(grep -c ': sent$' "$T/t.out")" "$stopped" "every mail it handed over is recorded as sent"
ok "it stopped before the end ($stopped of $n)" test "$stopped" -lt "$n"
is "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND claimed_until IS NOT NULL")" 0 \
    "it gave back the claims of the mails it had not started"
is "$(unsent)" "$((n - stopped))" "the others wait"
# At once, with no claim to expire; one sender is enough.
kosmoctl send-mail --senders 1 > "$T/t2.out" 2>&1
is "$?" 0 "send-mail --senders 1 runs"
is "$(grep -c ': sent$' "$T/t2.out")" "$((n - stopped))" "and at once sends the $((n - stopped)) left"
is "$(unsent)" 0 "the outbox is drained"
is "$(recipients | uniq | wc -l | tr -d ' ')" "$n" "one notice to each member"
is "$(recipients | uniq -d)" "" "none twice after a clean stop"
is "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE id > (SELECT MAX(id) FROM mail_outbox) - $n AND attempts <> 1")" 0 \
    "a mail given back counts no attempt"

# --- a sender killed midway --------------------------------------------------------------------------

start_wave 2000 "$T/k.out" "a changed wave queues $n more"
pk=$wave_pid
kill -KILL "$pk"
wait "$pk" 2> /dev/null
partial=$(mail_count)
ok "the killed sender had handed over some but not all ($partial)" test "$partial" -lt "$n"
left=$(unsent)
ok "rows are left unsent ($left)" test "$left" -gt 0
kosmoctl send-mail > "$T/s3.out" 2>&1
held=$(unsent)
# Each of the senders claims 100 / senders rows at a time.
ok "a new run sends the rest but leaves the killed sender's claimed rows alone while the claim lasts ($held)" \
    test "$held" -gt 0 -a "$held" -le $((senders * (100 / senders)))
# Time passes: the killed sender's claims expire.
sql "UPDATE mail_outbox SET claimed_until = NOW(6) - INTERVAL 1 SECOND WHERE sent_at IS NULL AND claimed_until IS NOT NULL"
kosmoctl send-mail > "$T/s4.out" 2>&1
is "$?" 0 "then send-mail takes them over"
is "$(unsent)" 0 "and the outbox is drained"
is "$(recipients | uniq | wc -l | tr -d ' ')" "$n" "every member got the second notice: none lost"
# The mails whose sendmail was running at the kill (one per sender at
# most) may arrive twice: sendmail finished them, but their rows were never
# marked sent (at least once).
dups=$(recipients | uniq -d | wc -l | tr -d ' ')
ok "a second copy only of the mails in hand at the kill, if any ($dups of at most $senders)" \
    test "$dups" -le "$senders"

# --- a bad senders value ---------------------------------------------------------------------------

kosmoctl send-mail --senders 0 > /dev/null 2> "$T/err"
is "$?" 2 "--senders 0 is a usage error"
like "$(cat "$T/err")" "--senders takes a number from 1 to 32" "which says the range"
{ cat "$CONF"; printf '\n[mail]\nsenders = 33\n'; } > "$T/bad.conf"
(cd "$TOP" && exec "${KOSMO_BUILD_DIR:-$TOP/build}/kosmoctl" --config "$T/bad.conf" send-mail) > /dev/null 2> "$T/err"
is "$?" 1 "senders = 33 in kosmo.conf is refused"
like "$(cat "$T/err")" "'mail\.senders'" "naming the key"

done_testing
