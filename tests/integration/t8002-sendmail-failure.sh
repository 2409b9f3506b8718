#!/usr/bin/env bash
# t8002-sendmail-failure.sh: sendmail failing for good (exit 1) keeps the mail queued; send-mail delivers it once
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,8002,1,松本 九郎,19880808,voluntary' || bail_out "import failed"

# Exit 1 is not "try later" (75) to sendmail's convention: a mail must still
# never be dropped for it.
sendmail_fail 1
login_member 8002 1
verify_member 19880808
enter_registration matsumoto01 Hikari8sky matsumoto01@example.net
post /register/execute
is "$LOCATION" /register/done "with sendmail exiting 1 the registration completes"
follow
is "$STATUS" 200 "and the completion screen shows"
is "$(sql 'SELECT COUNT(*) FROM accounts')" 1 "the account is created"
wait_until 10 '[ "$(sql "SELECT attempts FROM mail_outbox")" -ge 1 ]'
is "$(sql 'SELECT CONCAT(sent_at IS NULL, " ", attempts) FROM mail_outbox')" "1 1" \
    "the mail stays queued after the failed attempt"
like "$(sql 'SELECT last_error FROM mail_outbox')" 'exit 1' "with the exit status as its error"
is "$(sql 'SELECT COUNT(*) FROM audit_events WHERE event = "mail_failed"')" 1 "and the failure in the audit log"
is "$(mail_count)" 0 "nothing was delivered"

# Not yet due: send-mail leaves it alone.
kosmoctl send-mail > "$T/send0.out" 2>&1
ok "send-mail before the next try succeeds" test $? -eq 0
is "$(sql 'SELECT attempts FROM mail_outbox')" 1 "and does not try a mail that is not due"

sql 'UPDATE mail_outbox SET next_attempt_at = NOW(6)'
kosmoctl send-mail > "$T/send1.out" 2>&1
like "$(cat "$T/send1.out")" 'failed \(exit 1' "send-mail with sendmail still failing reports the failure"
is "$(sql 'SELECT CONCAT(sent_at IS NULL, " ", attempts) FROM mail_outbox')" "1 2" "the mail stays queued"

sendmail_ok
sql 'UPDATE mail_outbox SET next_attempt_at = NOW(6)'
kosmoctl send-mail > "$T/send2.out" 2>&1
ok "send-mail succeeds once sendmail works" test $? -eq 0
like "$(cat "$T/send2.out")" 'sent 1,' "and says it sent one mail"
is "$(mail_count)" 1 "the mail is delivered"
is "$(mail_header "$(mails)" To)" matsumoto01@example.net "to the member"
is "$(sql 'SELECT sent_at IS NOT NULL FROM mail_outbox')" 1 "and marked sent"

# Exactly once: neither a second run nor a due time in the past sends it again.
kosmoctl send-mail > "$T/send3.out" 2>&1
sql 'UPDATE mail_outbox SET next_attempt_at = NOW(6)'
kosmoctl send-mail > "$T/send4.out" 2>&1
is "$(mail_count)" 1 "further send-mail runs deliver nothing again"
like "$(cat "$T/send4.out")" 'sent 0,' "and say so"

done_testing
