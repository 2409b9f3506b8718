#!/usr/bin/env bash
# t7003-settings.sh: 登録情報の変更: the password (rules, a wrong current one
# counting toward the lockout, other sessions ended, the notice mail), the
# mail address (the link to the new address: GET changes nothing, 確定
# POSTs, expired and reused links, the old address told, the domain rule)
# and the notices switch
. "$(dirname "$0")/lib.sh"

start_stack security.login_max_failures=3

import_members '06279996,1001,101,山田太郎,19800401,employee' || bail_out "cannot import members"
register_member 1001 101 19800401 yamada0101 yamada0101pw yamada@example.co.jp || bail_out "cannot register"
wait_until 10 '[ "$(mail_count)" -ge 1 ]'
account() { sql "SELECT $1 FROM accounts"; }

get /settings
is "$STATUS" 200 "登録情報の変更 opens"
like "$BODY" '<h1>登録情報の変更</h1>' "titled 登録情報の変更"
for label in 現在のパスワード 新しいパスワード 新しいパスワード確認用 新しいメールアドレス 更新のお知らせメールを受け取る; do
    like "$BODY" "<label for=\"[a-z_]+\">$label</label>" "a field labelled $label"
done
like "$BODY" '>変更</button>' "a 変更 button"
like "$BODY" '>保存</button>' "a 保存 button"
like "$BODY" 'id="notices" name="notices" value="1" checked' "notices are on by default"
like "$BODY" '<a href="/menu">メインメニュー</a>' "a link back to メインメニュー"

# --- the notices switch ------------------------------------------------------------------------

post /settings/notices
is "$LOCATION" "/settings?done=notices" "保存 without the box ticked"
is "$(account notices)" 0 "turns notices off"
follow
unlike "$BODY" 'name="notices" value="1" checked' "and the box shows it"
like "$BODY" '保存しました' "saved"
post /settings/notices notices=1
is "$(account notices)" 1 "ticking it turns them on again"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'notices_changed'")" 2 "each change is audited"
post /settings/notices notices=1 csrf=
is "$STATUS" 403 "without the CSRF token nothing is saved"

# --- the password --------------------------------------------------------------------------------

# A second session of the same account, which the change must end.
cp "$JAR" "$T/jar.mine"
new_session
login_permanent yamada0101 yamada0101pw
is "$LOCATION" /menu "a second session logs in"
cp "$JAR" "$T/jar.other"
cp "$T/jar.mine" "$JAR"
get /settings

post /settings/password current_password=wrong1234 new_password=newpass2026 new_password_confirm=newpass2026
is "$STATUS" 400 "a wrong current password is refused"
like "$BODY" 'id="current_password-error">現在のパスワードが正しくありません' "next to its field"
is "$(account login_failures)" 1 "and counts as a failed login"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'settings_password_wrong'")" 1 "it is audited"
post /settings/password current_password=yamada0101pw new_password=short new_password_confirm=short
like "$BODY" 'id="new_password-error">' "step 3's rules apply to the new password"
post /settings/password current_password=yamada0101pw new_password=yamada0101pw new_password_confirm=yamada0101pw
like "$BODY" 'id="new_password-error">現在のパスワードと同じ' "it must differ from the current one"
post /settings/password current_password=yamada0101pw new_password=newpass2026 new_password_confirm=newpass2027
like "$BODY" 'id="new_password_confirm-error">' "and match its confirmation"
mails_before=$(mail_count)
post /settings/password current_password=yamada0101pw new_password=newpass2026 new_password_confirm=newpass2026
is "$LOCATION" "/settings?done=password" "a valid change is made"
follow
like "$BODY" 'パスワードを変更しました' "and confirmed"
get /menu
is "$STATUS" 200 "this session goes on"
cp "$JAR" "$T/jar.mine"
cp "$T/jar.other" "$JAR"
get /menu
like "$LOCATION" '^/login' "the other session of the account has ended"
cp "$T/jar.mine" "$JAR"
wait_until 10 "[ \"\$(mail_count)\" -gt $mails_before ]"
like "$(mail_header "$(mails | tail -n 1)" Subject)" 'パスワード変更のお知らせ' "パスワード変更のお知らせ is mailed"
is "$(sql "SELECT password_changed_at > NOW(6) - INTERVAL 1 MINUTE FROM accounts")" 1 "the 360 days start again"
new_session
login_permanent yamada0101 newpass2026
is "$LOCATION" /menu "the new password logs in"
get /settings   # the rotated session's forms

# --- three wrong current passwords lock the account (login_max_failures=3) ---------------------------

post /settings/password current_password=wrong1 new_password=a new_password_confirm=a
post /settings/password current_password=wrong2 new_password=a new_password_confirm=a
post /settings/password current_password=wrong3 new_password=a new_password_confirm=a
is "$(account 'locked_until > NOW(6)')" 1 "repeated wrong current passwords lock the account, as failed logins do"
sql "UPDATE accounts SET locked_until = NULL, login_failures = 0"

# --- the mail address ---------------------------------------------------------------------------------

post /settings/email new_email=taro@gmail.com email_current_password=newpass2026
like "$BODY" 'id="new_email-error">従業員の方は会社のメールアドレス' "an employee must keep a company domain"
post /settings/email new_email=yamada@example.co.jp email_current_password=newpass2026
like "$BODY" 'id="new_email-error">現在登録されているメールアドレスと同じ' "the same address is refused"
post /settings/email new_email=taro@example.co.jp email_current_password=nope
like "$BODY" 'id="email_current_password-error">現在のパスワードが正しくありません' "the current password is needed"
mails_before=$(mail_count)
post /settings/email new_email=taro@example.co.jp email_current_password=newpass2026
is "$LOCATION" "/settings?done=email_sent" "a valid new address is accepted"
is "$(account email)" yamada@example.co.jp "but the address does not change yet"
wait_until 10 "[ \"\$(mail_count)\" -gt $mails_before ]"
confirm=$(mails | tail -n 1)
is "$(mail_header "$confirm" To)" taro@example.co.jp "メールアドレス確認のお願い goes to the new address"
like "$(mail_header "$confirm" Subject)" 'メールアドレス確認のお願い' "with its subject"
link=$(mail_body "$confirm" | grep -o 'http://[^ ]*settings/email/confirm?token=[A-Za-z0-9_-]*')
like "$link" "^$BASE/settings/email/confirm\\?token=[A-Za-z0-9_-]{43}\$" "it holds an absolute link with a 256-bit token"
token=${link##*token=}
is "$(sql "SELECT COUNT(*) FROM email_changes WHERE token_hash = UNHEX(SHA2('$token', 256))")" 1 "only the token's SHA-256 is stored"

new_session   # the link opens in any browser
get "/settings/email/confirm?token=$token"
is "$STATUS" 200 "opening the link (GET) shows the confirmation"
like "$BODY" '<dd>taro@example.co.jp</dd>' "with the new address"
like "$BODY" '<button type="submit" class="primary">確定</button>' "and 確定"
get "/settings/email/confirm?token=$token"
is "$(account email)" yamada@example.co.jp "GET changes nothing, however often"
mails_before=$(mail_count)
post /settings/email/confirm token="$token"
is "$STATUS" 200 "確定 (POST) answers"
like "$BODY" 'メールアドレスを変更しました' "and says the address changed"
is "$(account email)" taro@example.co.jp "the address is changed"
wait_until 10 "[ \"\$(mail_count)\" -gt $mails_before ]"
told=$(mails | tail -n 1)
is "$(mail_header "$told" To)" yamada@example.co.jp "the old address is told"
like "$(mail_header "$told" Subject)" 'メールアドレス変更のお知らせ' "メールアドレス変更のお知らせ"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event IN ('email_change_requested', 'email_changed')")" 2 "both steps are audited"

post /settings/email/confirm token="$token"
is "$STATUS" 400 "a used link is refused"
like "$BODY" '使用済みか、有効期限' "with one message"
get "/settings/email/confirm?token=$token"
like "$BODY" '使用済みか、有効期限' "its GET says so too"
get "/settings/email/confirm?token=nonsense"
is "$STATUS" 400 "an unknown token is refused"

# An expired link.
cp "$T/jar.mine" "$JAR"
new_session
login_permanent yamada0101 newpass2026
get /settings
mails_before=$(mail_count)
post /settings/email new_email=hanako@example.co.jp email_current_password=newpass2026
wait_until 10 "[ \"\$(mail_count)\" -gt $mails_before ]"
token2=$(mail_body "$(mails | tail -n 1)" | grep -o 'token=[A-Za-z0-9_-]*' | head -n 1 | cut -d= -f2)
sql "UPDATE email_changes SET expires_at = NOW(6) - INTERVAL 1 SECOND WHERE used_at IS NULL"
post /settings/email/confirm token="$token2"
is "$STATUS" 400 "a link older than 24 hours is refused"
is "$(account email)" taro@example.co.jp "and changes nothing"

done_testing
