#!/usr/bin/env bash
# t1003-forgot-password.sh: パスワードを忘れた方: one answer page for every outcome, the
# one-time 30-minute link, its GET changing nothing, the reset ending sessions and
# lifting the lockout, at most 3 mails an hour, two POSTs of one link at once
. "$(dirname "$0")/lib.sh"

start_stack security.login_max_failures=5
import_members '06279996,1001,1,山田 太郎,19800123,employee' '06279996,1001,2,山田 花子,19820304,voluntary' \
    || bail_out "import failed"
register_member 1001 1 19800123 TARO12345 'Taro1234pass' taro@example.co.jp
is "$LOCATION" /register/done "the member registers"
wait_until 10 '[ "$(mail_count)" -ge 1 ]'
MEMBER=$(sql "SELECT member_id FROM accounts WHERE user_id = 'TARO12345'")
read -r TEMP2 _ <<< "$(credentials 1001 2)"

# The answer page without its CSRF token (which differs per session).
answer() { printf '%s\n' "$BODY" | grep -v 'name="csrf"'; }
request_reset() {  # request_reset USER_ID EMAIL
    new_session
    get /password/forgot
    post /password/forgot user_id="$1" email="$2"
}
# The link of the newest reset mail.
reset_link() { mail_body "$(mails | tail -n 1)" | grep -oE 'http://[^ ]+/password/reset\?token=[A-Za-z0-9_-]+' | head -n 1; }
token_of() { printf '%s\n' "${1##*token=}"; }

new_session
get /login
like "$BODY" '<a href="/password/forgot">パスワードを忘れた方</a>' "the login page links パスワードを忘れた方"
get /password/forgot
is "$STATUS" 200 "the form answers"
like "$BODY" '<label for="user_id">ユーザID</label>' "it asks for ユーザID"
like "$BODY" '<label for="email">メールアドレス</label>' "and メールアドレス"
like "$BODY" '<button type="submit" class="primary">送信</button>' "with 送信"
post /password/forgot user_id= email=
like "$BODY" 'id="user_id-error"' "an empty form is asked again"

# Every outcome: the same page, the same status, and no mail.
before=$(mail_count)
request_reset NOSUCHUSER1 taro@example.co.jp
unknown_status=$STATUS unknown=$(answer)
request_reset TARO12345 hanako@example.co.jp
is "$STATUS $(answer)" "$unknown_status $unknown" "a wrong address gets the same page as an unknown ID"
request_reset "$TEMP2" hanako@example.jp
is "$STATUS $(answer)" "$unknown_status $unknown" "an unregistered member's temporary ID gets the same page"
sleep 1
is "$(mail_count)" "$before" "none of them queues a mail"
is "$(sql 'SELECT COUNT(*) FROM password_resets')" 0 "nor stores a link"

request_reset TARO12345 Taro@Example.co.jp
is "$STATUS $(answer)" "$unknown_status $unknown" "the right pair (any case) gets the same page"
wait_until 10 '[ "$(mail_count)" -gt '"$before"' ]'
mail=$(mails | tail -n 1)
is "$(mail_header "$mail" Subject)" '【KOSMO Communication Web】パスワード再設定のご案内' "the mail パスワード再設定のご案内 arrives"
is "$(mail_header "$mail" To)" taro@example.co.jp "to the registered address"
LINK=$(reset_link)
like "$LINK" "^$BASE/password/reset\\?token=" "it carries an absolute link to this site"
TOKEN=$(token_of "$LINK")
is "${#TOKEN}" 43 "with a 256-bit token"
is "$(sql "SELECT LOWER(HEX(token_hash)) FROM password_resets")" "$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)" \
    "only the token's SHA-256 is stored"
is "$(sql "SELECT TIMESTAMPDIFF(MINUTE, created_at, expires_at) FROM password_resets")" 30 "valid 30 minutes"

# A logged-in session, to see it end.
new_session
login_permanent TARO12345 'Taro1234pass'
is "$LOCATION" /menu "the member is logged in somewhere"
ok "with a session (and the one of the registration)" test "$(sql "SELECT COUNT(*) FROM sessions WHERE member_id = $MEMBER")" -ge 1

# The link's GET changes nothing, however often.
new_session
get "/password/reset?token=$TOKEN"
is "$STATUS" 200 "the link opens"
like "$BODY" '<label for="new_password">新しいパスワード</label>' "it asks for 新しいパスワード"
like "$BODY" '<label for="new_password_confirm">新しいパスワード確認用</label>' "and 新しいパスワード確認用"
like "$BODY" '<button type="submit" class="primary">変更</button>' "with 変更"
get "/password/reset?token=$TOKEN"
is "$STATUS" 200 "it opens a second time"
is "$(sql "SELECT used_at IS NULL FROM password_resets")" 1 "and is still unused"
post /password/reset token="$TOKEN" new_password=short1 new_password_confirm=short1
like "$BODY" 'id="new_password-error">パスワードは8桁以上' "step 3's rules apply"
post /password/reset token="$TOKEN" new_password='Taro1234pass' new_password_confirm='Taro1234pass'
like "$BODY" 'id="new_password-error">現在のパスワードと同じ' "the new password must differ from the current one"
post /password/reset token="$TOKEN" new_password='Newpass2024x' new_password_confirm='Newpass2024y'
like "$BODY" 'id="new_password_confirm-error"' "the confirmation must match"
is "$(sql "SELECT used_at IS NULL FROM password_resets")" 1 "refused attempts leave the link usable"
before=$(mail_count)
post /password/reset token="$TOKEN" new_password='Newpass2024x' new_password_confirm='Newpass2024x'
is "$STATUS" 200 "the POST sets the password"
like "$BODY" 'パスワードを変更しました' "and says so"
is "$(sql "SELECT COUNT(*) FROM sessions WHERE member_id = $MEMBER")" 0 "every session of the account has ended"
wait_until 10 '[ "$(mail_count)" -gt '"$before"' ]'
is "$(mail_header "$(mails | tail -n 1)" Subject)" '【KOSMO Communication Web】パスワード変更のお知らせ' \
    "パスワード変更のお知らせ is mailed"

new_session
get /login
post /login user_id=TARO12345 password='Taro1234pass'
is "$STATUS" 200 "the old password fails"
login_permanent TARO12345 'Newpass2024x'
is "$LOCATION" /menu "the new one logs in"

new_session
get "/password/reset?token=$TOKEN"
like "$BODY" 'このリンクは使用済みか、有効期限' "the used link shows the one message"
like "$BODY" '<a class="button primary" href="/password/forgot">' "with a link to start again"
used=$(answer)
get /password/forgot
post /password/reset token="$TOKEN" new_password='Other2024pass' new_password_confirm='Other2024pass'
like "$BODY" 'このリンクは使用済みか' "and its POST is refused"
get "/password/reset?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
is "$(answer)" "$used" "a forged link gets the same page"
get "/password/reset?token=junk"
is "$(answer)" "$used" "so does a malformed one"

# A reset voids every other open link of the account.
request_reset TARO12345 taro@example.co.jp
wait_until 10 '[ "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE kind = '"'password-reset'"' AND sent_at IS NOT NULL")" -ge 2 ]'
FIRST=$(token_of "$(reset_link)")
request_reset TARO12345 taro@example.co.jp
wait_until 10 '[ "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE kind = '"'password-reset'"' AND sent_at IS NOT NULL")" -ge 3 ]'
SECOND=$(token_of "$(reset_link)")
isnt "$SECOND" "$FIRST" "each request has its own link"
new_session
get "/password/reset?token=$SECOND"
post /password/reset token="$SECOND" new_password='Second2024pw' new_password_confirm='Second2024pw'
like "$BODY" 'パスワードを変更しました' "the second link sets the password"
get "/password/reset?token=$FIRST"
like "$BODY" 'このリンクは使用済みか' "and the first is void now"

# At most 3 mails an hour: this is the fourth request.
before=$(mail_count)
request_reset TARO12345 taro@example.co.jp
is "$STATUS $(answer)" "$unknown_status $unknown" "a fourth request in the hour gets the same page"
sleep 1
is "$(mail_count)" "$before" "and no mail"
is "$(sql 'SELECT COUNT(*) FROM password_resets')" 3 "nor a link"

# An hour later (aged in the database: no sleeping), a link 30 minutes old is expired.
sql "UPDATE password_resets SET created_at = created_at - INTERVAL 2 HOUR"
request_reset TARO12345 taro@example.co.jp
wait_until 10 '[ "$(sql "SELECT COUNT(*) FROM password_resets")" -eq 4 ]'
wait_until 10 '[ "$(mail_count)" -gt '"$before"' ]'
OLD=$(token_of "$(reset_link)")
sql "UPDATE password_resets SET created_at = NOW(6) - INTERVAL 31 MINUTE, expires_at = NOW(6) - INTERVAL 1 MINUTE WHERE used_at IS NULL"
new_session
get "/password/reset?token=$OLD"
is "$(answer)" "$used" "a link older than 30 minutes is refused with the same message"

# Locked by five wrong passwords: a reset lets the member in at once.
new_session
get /login
for i in 1 2 3 4 5; do post /login user_id=TARO12345 password="wrong-$i"; done
is "$(sql "SELECT locked_until > NOW(6) FROM accounts WHERE user_id = 'TARO12345'")" 1 "five failures lock the ID"
post /login user_id=TARO12345 password='Second2024pw'
is "$STATUS" 200 "the right password does not log in while locked"
sql "UPDATE password_resets SET created_at = created_at - INTERVAL 2 HOUR"
request_reset TARO12345 taro@example.co.jp
wait_until 10 '[ "$(sql "SELECT COUNT(*) FROM password_resets")" -eq 5 ]'
sleep 1
LOCKED=$(token_of "$(reset_link)")
new_session
get "/password/reset?token=$LOCKED"
post /password/reset token="$LOCKED" new_password='Unlocked2024' new_password_confirm='Unlocked2024'
like "$BODY" 'パスワードを変更しました' "a locked member resets by mail"
login_permanent TARO12345 'Unlocked2024'
is "$LOCATION" /menu "and logs in at once"

# Two POSTs of one link at once: one wins, the other gets the used-link message.
sql "UPDATE password_resets SET created_at = created_at - INTERVAL 2 HOUR"
request_reset TARO12345 taro@example.co.jp
wait_until 10 '[ "$(sql "SELECT COUNT(*) FROM password_resets")" -eq 6 ]'
sleep 1
RACE=$(token_of "$(reset_link)")
new_session
get "/password/reset?token=$RACE"
before=$(sql "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'password-changed'")
for i in 1 2; do
    curl -s -b "$T/cookies" --data-urlencode "csrf=$CSRF" --data-urlencode "token=$RACE" \
        --data "new_password=Racer${i}2024ab&new_password_confirm=Racer${i}2024ab" \
        "$BASE/password/reset" > "$T/race-$i.html" &
done
wait
is "$(cat "$T"/race-*.html | grep -c 'パスワードを変更しました')" 1 "of two POSTs at once exactly one sets the password"
is "$(cat "$T"/race-*.html | grep -c 'このリンクは使用済みか')" 1 "the other gets the used-link message"
is "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'password-changed'")" $((before + 1)) "one notice is queued"

# Audit, and no secret in it or in a log line.
ok "reset requests are audited" test "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'reset_requested'")" -ge 9
ok "resets are audited" test "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'password_reset'")" -ge 4
kosmoctl audit --event password_reset > "$T/audit.out" 2>&1
like "$(cat "$T/audit.out")" 'password_reset' "kosmoctl audit shows them"
for t in "$TOKEN" "$FIRST" "$SECOND" "$RACE"; do
    is "$(sql "SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%$t%' OR login_id LIKE '%$t%'")" 0 "no token in the audit"
    ok "no token in the logs" bash -c "! grep -rqF -- '$t' '$STACK/log'"
done
ok "no password in the logs" bash -c "! grep -rqE 'Newpass2024x|Unlocked2024|Racer[12]2024ab' '$STACK/log'"

done_testing
