#!/usr/bin/env bash
# t3001-register.sh: step 3 — field rules, confirm, 戻る, 実行, completion, the mail, permanent login
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,3001,1,鈴木 次郎,19751010,employee' '06279996,3001,2,田中 三郎,19660606,overseas' \
    || bail_out "import failed"

# to_step3 SYMBOL NUMBER BIRTH: a fresh session through steps 1 and 2
to_step3() {
    new_session
    login_member "$1" "$2"
    verify_member "$3"
    follow
}

read -r TEMP_ID TEMP_PW <<< "$(credentials 3001 1)"
to_step3 3001 1 19751010
is "$STATUS" 200 "the input screen answers after step 2"
for label in 'ユーザID' 'パスワード' 'パスワード確認用' 'メールアドレス'; do
    like "$BODY" "<label for=\"[a-z_]+\">$label</label>" "it has the label $label"
done
like "$BODY" '<button type="submit"[^>]*>入力内容確認</button>' "the 入力内容確認 button"
like "$BODY" '一度登録すると変更できません' "it says the user ID can never be changed"
like "$BODY" '有効期限は360日' "it says the password is valid for 360 days"
like "$BODY" '○○@example.co.jp' "an employee is shown the company domain"

post /register user_id=abc1234 password=abcdefgh password_confirm=abcdefgX email=jiro@gmail.com
like "$BODY" 'id="user_id-error">ユーザIDは8桁以上、13桁以内' "a 7-character user ID is refused next to its field"
like "$BODY" 'id="password-error">パスワードは英字と数字をそれぞれ' "a password without a digit is refused"
like "$BODY" 'id="email-error">従業員の方は会社のメールアドレス' "an employee cannot use another domain"
like "$BODY" 'value="abc1234"' "the user ID typed is kept"
like "$BODY" 'value="jiro@gmail.com"' "the mail address typed is kept"
unlike "$BODY" 'abcdefgh' "the password is never echoed"
like "$BODY" 'role="alert"' "an error summary is shown"

post /register user_id='suzuki_jiro' password=Kiwi4321x password_confirm=Kiwi4321y email=jiro@example.co.jp
like "$BODY" 'id="user_id-error">ユーザIDは半角英数字' "an underscore is not allowed in the user ID"
like "$BODY" 'id="password_confirm-error">パスワード確認用がパスワードと一致しません' "a mismatched confirmation is refused"
post /register user_id=suzuki0001 password=suzuki0001 password_confirm=suzuki0001 email=jiro@example.co.jp
like "$BODY" 'id="password-error">ユーザIDと同じパスワード' "the password cannot equal the user ID"
post /register user_id=suzuki0001 password="$TEMP_PW" password_confirm="$TEMP_PW" email=jiro@example.co.jp
like "$BODY" 'id="password-error">仮パスワードと同じパスワード' "the password cannot equal the temporary password"
post /register user_id=suzuki0001 password=password1 password_confirm=password1 email=jiro@example.co.jp
like "$BODY" 'id="password-error">このパスワードは推測されやすい' "a common password is refused"

long_pw="Long1$(printf 'x%.0s' $(seq 1 69))"   # 74 characters
post /register user_id='ｓｕｚｕｋｉ０００１' password="$long_pw" password_confirm="$long_pw" email=' Jiro@Example.CO.JP '
is "$STATUS" 303 "valid entries (full-width user ID, a 74-character password) go on"
is "$LOCATION" /register/confirm "to the confirm screen"
is "$(sql 'SELECT pending_password_hash LIKE "$scrypt$%" FROM sessions WHERE stage = 3')" 1 \
    "until 実行 the password exists only as its hash in the session row"
follow
like "$BODY" '<dd>suzuki0001</dd>' "the confirm screen shows the user ID (normalized)"
like "$BODY" '<dd>Jiro@Example.CO.JP</dd>' "and the mail address"
unlike "$BODY" "$long_pw" "but not the password"
like "$BODY" '<button type="submit"[^>]*>実行</button>' "the 実行 button"
like "$BODY" '<button type="submit"[^>]*>戻る</button>' "the 戻る button"
like "$BODY" 'webmaster@kosmoweb.jp' "it names the sender of the completion mail"

post /register/back
is "$LOCATION" /register "戻る returns to the input screen"
follow
like "$BODY" 'value="suzuki0001"' "with the user ID kept"
like "$BODY" 'value="Jiro@Example.CO.JP"' "and the mail address kept"
post /register user_id=suzuki0001 password="$long_pw" password_confirm="$long_pw" email=jiro@example.co.jp
follow
confirm_cookie=$(cookie kosmo_session)
confirm_csrf=$CSRF

post /register/execute
is "$STATUS" 303 "実行 answers with a redirect"
is "$LOCATION" /register/done "to the completion screen"
follow
like "$BODY" '登録が完了しました' "the completion screen says 登録完了"
like "$BODY" 'webサービスが利用可能になりました' "and webサービスが利用可能になりました"
like "$BODY" 'href="/menu"[^>]*>メインメニュー' "with a link to the main menu"

post /register/execute csrf="$confirm_csrf"
is "$LOCATION" /register/done "a second 実行 (reload) leads to the same completion screen"
is "$(sql 'SELECT COUNT(*) FROM accounts')" 1 "and creates no second account"
is "$(sql 'SELECT COUNT(*) FROM mail_outbox')" 1 "and queues no second mail"
is "$(sql 'SELECT retired_at IS NOT NULL FROM temp_credentials t JOIN members m ON m.id = t.member_id WHERE m.number = 1')" 1 \
    "the temporary credentials are retired"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'registered'")" 1 "the registration is audited"

wait_until 10 '[ "$(mail_count)" -ge 1 ]'
is "$(mail_count)" 1 "one completion mail was handed to sendmail"
mail=$(mails | head -n 1)
is "$(mail_header "$mail" From)" 'KOSMO Communication Web <webmaster@kosmoweb.jp>' "From is webmaster@kosmoweb.jp"
is "$(mail_header "$mail" To)" 'jiro@example.co.jp' "To is the registered address"
like "$(grep -i '^Subject:' "$mail")" '=\?UTF-8\?B\?' "the subject is RFC 2047 encoded"
like "$(mail_header "$mail" Subject)" '手続き完了のお知らせ' "and decodes to the Japanese subject"
like "$(mail_header "$mail" Message-ID)" '^<.+@kosmoweb.jp>$' "it has a Message-ID"
ok "it has a Date" test -n "$(mail_header "$mail" Date)"
body=$(mail_body "$mail")
like "$body" 'ユーザID: suzuki0001' "the body names the user ID"
unlike "$body" "$long_pw" "and never the password"
is "$(sql 'SELECT sent_at IS NOT NULL FROM mail_outbox')" 1 "the outbox row is marked sent"

get /menu
is "$STATUS" 200 "the completion screen's session reaches the main menu"
like "$BODY" 'メインメニュー' "titled メインメニュー"
like "$BODY" '医療費情報' "listing 医療費情報"
like "$BODY" '資格情報' "and 資格情報"
post /logout
is "$LOCATION" /login "logout leads to the login page"
get /menu
like "$LOCATION" '^/login' "and the session no longer opens the menu"

new_session
get /login
post /login user_id="$TEMP_ID" password="$TEMP_PW"
is "$STATUS" 200 "the temporary credentials never work again"
like "$BODY" 'ユーザIDまたはパスワードが正しくありません' "they get the generic message"
login_permanent SUZUKI0001 "$long_pw"
is "$LOCATION" /menu "the permanent ID (in any case) and the full 74-character password log in to the menu"
post /logout
get /login
post /login user_id=suzuki0001 password="${long_pw:0:72}"
is "$STATUS" 200 "the password is not truncated: its first 72 characters do not log in"

# The other member is posted overseas: any address, and a taken ID is refused.
to_step3 3001 2 19660606
like "$BODY" '必ずご自身で確認できるメールアドレス' "a member posted overseas is told to use an address they can read"
unlike "$BODY" '○○@example.co.jp' "and is not shown the company domain"
post /register user_id=Suzuki0001 password=Tnk2horizon password_confirm=Tnk2horizon email=saburo@gmail.com
like "$BODY" 'id="user_id-error">このユーザIDはすでに使われています' "a user ID taken (in another case) is refused"
post /register user_id=tanaka0001 password=Tnk2horizon password_confirm=Tnk2horizon email=saburo@gmail.com
is "$LOCATION" /register/confirm "any address is accepted for a member posted overseas"

# 実行 whose account insert is refused because the member has an account.
# Made here by hand while the session is still at the confirm screen, as a
# second 実行 of the same session on another Galera node commits it before
# this node sees the session move on (t8501 races that).
follow
tanaka=$(sql "SELECT member_id FROM sessions WHERE stage = 3")
own_account() {  # the session's own registration, or $1 as its user ID
    sql "INSERT INTO accounts (member_id, user_id, password_hash, password_changed_at, email, created_at)
         SELECT member_id, ${1:-pending_user_id}, pending_password_hash, NOW(6), pending_email, NOW(6)
         FROM sessions WHERE stage = 3"
}
own_account "'OTHER0001'"
post /register/execute
is "$STATUS" 200 "実行 for a member registered by another registration is refused"
like "$BODY" '本登録はすでに完了しています' "saying the registration is done already"
sql "DELETE FROM accounts WHERE member_id = $tanaka"
to_step3 3001 2 19660606
post /register user_id=tanaka0001 password=Tnk2horizon password_confirm=Tnk2horizon email=saburo@gmail.com
follow
own_account
post /register/execute
is "$LOCATION" /register/done "実行 whose own registration was committed first leads to the completion screen"
is "$(sql "SELECT COUNT(*) FROM accounts WHERE member_id = $tanaka")" 1 "one account for the member"

done_testing
