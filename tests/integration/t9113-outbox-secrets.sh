#!/usr/bin/env bash
# t9113-outbox-secrets.sh: a mail whose body is a one-time secret (the login
# code, the reset link, the new address's confirmation link) keeps only its
# headers in mail_outbox once sendmail has it, so a copy of the database
# holds none of them usable; until then (a sendmail that fails) it keeps its
# body for the next try. Other mails keep theirs.
. "$(dirname "$0")/lib.sh"

# body_gone KIND: 1 when every sent mail of KIND ends at its headers' empty
# line (no body), 0 when one has a body; NULL when none of KIND was sent.
body_gone() {
    sql "SELECT MIN(LOCATE('\n\n', message) = CHAR_LENGTH(message) - 1)
         FROM mail_outbox WHERE kind = '$1' AND sent_at IS NOT NULL"
}
sent_of() { sql "SELECT COUNT(*) FROM mail_outbox WHERE kind = '$1' AND sent_at IS NOT NULL"; }

start_stack
import_members '06279996,1001,1,山田 太郎,19800123,employee' || bail_out "import failed"
register_member 1001 1 19800123 TARO12345 'Taro1234pass' taro@example.co.jp || bail_out "cannot register"
wait_until 10 '[ "$(sent_of registered)" -ge 1 ]' || fail "手続き完了のお知らせ was not sent"
is "$(body_gone registered)" 0 "手続き完了のお知らせ keeps its body once sent"

new_session
login_permanent TARO12345 'Taro1234pass'
is "$LOCATION" /menu "a login through a code by mail"
wait_until 10 '[ "$(sent_of login-code)" -ge 1 ]' || fail "確認コードのお知らせ was not marked sent"
is "$(body_gone login-code)" 1 "確認コードのお知らせ keeps no body once sent"
# (sql's batch output writes a newline as \n.)
like "$(sql "SELECT message FROM mail_outbox WHERE kind = 'login-code'")" '^From: .*Subject: .*Auto-Submitted: auto-generated\\n\\n$' \
    "but all its headers"
is "$(mail_count)" 2 "the member got both mails whole"

# A reset mail that sendmail refuses stays whole for the next try.
sendmail_fail 75
new_session
get /password/forgot
post /password/forgot user_id=TARO12345 email=taro@example.co.jp
wait_until 10 '[ "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE kind = '"'password-reset'"' AND attempts > 0")" -ge 1 ]' ||
    fail "the reset mail was not tried"
is "$(sql "SELECT sent_at IS NULL AND LOCATE('\n\n', message) < CHAR_LENGTH(message) - 1
           FROM mail_outbox WHERE kind = 'password-reset'")" 1 "a reset mail not yet handed over keeps its body"
sendmail_ok
sql "UPDATE mail_outbox SET next_attempt_at = NOW(6) WHERE sent_at IS NULL"
kosmoctl send-mail > /dev/null 2>&1 || fail "send-mail failed"
is "$(sent_of password-reset)" 1 "send-mail hands it over"
is "$(body_gone password-reset)" 1 "and then it keeps no body"
link=$(mail_body "$(mails | tail -n 1)" | grep -oE '/password/reset\?token=[A-Za-z0-9_-]+' | head -n 1)
like "$link" 'token=' "the member's mail has the link"

# The new address's confirmation.
new_session
login_permanent TARO12345 'Taro1234pass'
get /settings
post /settings/email new_email=yamada@example.co.jp email_current_password='Taro1234pass'
is "$LOCATION" "/settings?done=email_sent" "a new address asked for"
wait_until 10 '[ "$(sent_of email_confirm)" -ge 1 ]' || fail "メールアドレス確認のお願い was not sent"
is "$(body_gone email_confirm)" 1 "メールアドレス確認のお願い keeps no body once sent"
is "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL
           AND kind NOT IN ('login-code', 'password-reset', 'email_confirm')
           AND LOCATE('\n\n', message) = CHAR_LENGTH(message) - 1")" 0 \
    "no mail of another kind lost its body"

done_testing
