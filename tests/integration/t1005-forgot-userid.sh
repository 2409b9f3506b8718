#!/usr/bin/env bash
# t1005-forgot-userid.sh: ユーザIDを忘れた方: the same answer page always, the user
# ID by mail only for the right address and birth date, 3 an hour; and the
# lockout per client address, which a reset by mail lifts
. "$(dirname "$0")/lib.sh"

start_stack security.login_max_failures=3 security.login_addr_max_failures=6
import_members '06279996,1001,1,山田 太郎,19800123,employee' '06279996,1001,2,山田 花子,19820304,voluntary' \
    || bail_out "import failed"
register_member 1001 1 19800123 TARO12345 'Taro1234pass' taro@example.co.jp
is "$LOCATION" /register/done "the member registers"
wait_until 10 '[ "$(mail_count)" -ge 1 ]'

answer() { printf '%s\n' "$BODY" | grep -v 'name="csrf"'; }
ask() {  # ask EMAIL BIRTH
    new_session
    get /userid/forgot
    post /userid/forgot email="$1" birth_date="$2"
}

new_session
get /login
like "$BODY" '<a href="/userid/forgot">ユーザIDを忘れた方</a>' "the login page links ユーザIDを忘れた方"
get /userid/forgot
like "$BODY" '<label for="email">メールアドレス</label>' "the form asks for メールアドレス"
like "$BODY" '<label for="birth_date">生年月日</label>' "and 生年月日"
like "$BODY" '<button type="submit" class="primary">送信</button>' "with 送信"
post /userid/forgot email= birth_date=1980
like "$BODY" 'id="email-error"' "an empty address is asked again"
like "$BODY" 'id="birth_date-error"' "and a malformed date"

before=$(mail_count)
ask nobody@example.co.jp 19800123
status=$STATUS page=$(answer)
ask taro@example.co.jp 19800124
is "$STATUS $(answer)" "$status $page" "the right address with a wrong birth date gets the same page"
ask hanako@example.jp 19820304
is "$STATUS $(answer)" "$status $page" "an unregistered member gets the same page"
sleep 1
is "$(mail_count)" "$before" "and none of them is mailed"
ask TARO@example.co.jp '１９８００１２３'
is "$STATUS $(answer)" "$status $page" "the right pair (any case, full-width digits) gets the same page"
wait_until 10 '[ "$(mail_count)" -gt '"$before"' ]'
mail=$(mails | tail -n 1)
is "$(mail_header "$mail" Subject)" '【KOSMO Communication Web】ユーザIDのお知らせ' "the mail ユーザIDのお知らせ arrives"
like "$(mail_body "$mail")" 'ユーザID: TARO12345' "naming the user ID"
unlike "$(mail_body "$mail")" '19800123|1980年' "never the birth date"
ask taro@example.co.jp 19800123
ask taro@example.co.jp 19800123
wait_until 10 '[ "$(mail_count)" -ge $((before + 3)) ]'
ask taro@example.co.jp 19800123
is "$STATUS $(answer)" "$status $page" "a fourth request in the hour gets the same page"
sleep 1
is "$(mail_count)" $((before + 3)) "and no mail: 3 an hour"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'userid_reminded'")" 3 "the reminders are audited"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%1980%' OR login_id LIKE '%1980%'")" 0 \
    "no birth date in the audit"
ok "nor in the logs" bash -c "! grep -rq '19800123' '$STACK/log'"

# Per client address: 6 failures from one address, over any IDs, lock it.
new_session
get /login
for id in AAAA-1111 BBBB-2222 CCCCC1234 DDDDD1234 EEEEE1234 FFFFF1234; do
    post /login user_id="$id" password=wrong-one-1
done
is "$(sql "SELECT locked_until > NOW(6) FROM login_addr_failures WHERE client_addr = '127.0.0.1'")" 1 \
    "six failures from one address over six IDs lock the address"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_addr_locked'")" 1 "which is audited"
wrong=$(answer)
post /login user_id=TARO12345 password='Taro1234pass'
is "$STATUS" 200 "from the locked address even the right password does not log in"
is "$(answer)" "$wrong" "and the page is the one of a wrong password"
is "$(sql "SELECT locked_until IS NULL FROM accounts WHERE user_id = 'TARO12345'")" 1 \
    "the account itself is not locked by others' guesses"
# A reset by mail (which needs the mailbox) lifts it for the member.
sql "UPDATE password_resets SET created_at = created_at - INTERVAL 2 HOUR"
new_session
get /password/forgot
post /password/forgot user_id=TARO12345 email=taro@example.co.jp
wait_until 10 '[ "$(sql "SELECT COUNT(*) FROM password_resets")" -eq 1 ]'
sleep 1
link=$(mail_body "$(mails | tail -n 1)" | grep -oE 'token=[A-Za-z0-9_-]+' | head -n 1)
get "/password/reset?$link"
post /password/reset token="${link#token=}" new_password='Addr2025pass' new_password_confirm='Addr2025pass'
like "$BODY" 'パスワードを変更しました' "the member resets the password"
login_permanent TARO12345 'Addr2025pass'
is "$LOCATION" /menu "and logs in from that address at once"

done_testing
