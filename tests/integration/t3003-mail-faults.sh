#!/usr/bin/env bash
# t3003-mail-faults.sh: a failing or hanging sendmail never loses the mail or the registration
. "$(dirname "$0")/lib.sh"

start_stack mail.timeout=2
import_members '06279996,3003,1,渡辺 六郎,19850505,seconded' '06279996,3003,2,山本 七子,19860606,leave' \
    || bail_out "import failed"

register() {  # register SYMBOL NUMBER BIRTH USER_ID
    new_session
    login_member "$1" "$2"
    verify_member "$3"
    enter_registration "$4" Hikari8sky "$4@example.net"
    post /register/execute
}

sendmail_fail 75
register 3003 1 19850505 watanabe01
is "$LOCATION" /register/done "with sendmail exiting 75 the registration still completes"
wait_until 10 '[ "$(sql "SELECT attempts FROM mail_outbox")" -ge 1 ]'
is "$(sql 'SELECT CONCAT(sent_at IS NULL, " ", attempts) FROM mail_outbox')" "1 1" "the mail stays queued after one attempt"
like "$(sql 'SELECT last_error FROM mail_outbox')" '75' "with the exit code as its error"
is "$(mail_count)" 0 "nothing was delivered"
is "$(sql 'SELECT TIMESTAMPDIFF(SECOND, NOW(6), next_attempt_at) BETWEEN 45 AND 60 FROM mail_outbox')" 1 \
    "the next try is about a minute later"
sql 'UPDATE mail_outbox SET next_attempt_at = NOW(6)'
kosmoctl send-mail > "$T/send0.out" 2>&1
like "$(cat "$T/send0.out")" 'deferred' "send-mail with sendmail still failing says the mail is deferred"
is "$(sql 'SELECT CONCAT(sent_at IS NULL, " ", attempts) FROM mail_outbox')" "1 2" "and keeps it queued"
is "$(sql 'SELECT TIMESTAMPDIFF(SECOND, NOW(6), next_attempt_at) BETWEEN 105 AND 120 FROM mail_outbox')" 1 \
    "the next try after a second failure waits twice as long"

sendmail_ok
sql 'UPDATE mail_outbox SET next_attempt_at = NOW(6)'
kosmoctl send-mail > "$T/send.out" 2>&1
ok "kosmoctl send-mail succeeds" test $? -eq 0
like "$(cat "$T/send.out")" 'sent' "and says what it sent"
is "$(mail_count)" 1 "the queued mail is delivered"
kosmoctl send-mail > "$T/send2.out" 2>&1
is "$(mail_count)" 1 "a second send-mail sends nothing again"

sendmail_hang
register 3003 2 19860606 yamamoto01
is "$LOCATION" /register/done "with sendmail hanging the registration completes"
yamamoto_mail_failed() {
    [ "$(sql 'SELECT COUNT(*) FROM mail_outbox WHERE recipient LIKE "yamamoto01%" AND last_error IS NOT NULL')" -ge 1 ]
}
wait_until 10 yamamoto_mail_failed
like "$(sql 'SELECT last_error FROM mail_outbox WHERE recipient LIKE "yamamoto01%"')" 'timeout|timed out' \
    "the hanging sendmail is killed after the timeout and the error kept"
sendmail_ok
sql 'UPDATE mail_outbox SET next_attempt_at = NOW(6)'
kosmoctl send-mail > "$T/send3.out" 2>&1
is "$(mail_count)" 2 "send-mail delivers it afterwards" ||
    diag "send-mail said: $(cat "$T/send3.out")" "outbox: $(sql 'SELECT id, attempts, last_error, claimed_until, next_attempt_at, sent_at FROM mail_outbox')"
like "$(mail_body "$(mails | tail -n 1)")" 'yamamoto01' "to the right member"

done_testing
