#!/usr/bin/env bash
# t1007-second-factor.sh: the second factor at login with a code by mail
# (SPEC "二段階認証"): the code page and what it opens (nothing before the
# code), the mail, each limit at its edge (5 wrong entries, 5 mails an hour,
# 10 minutes, single use, the newest only), trusted browsers across a
# password change and a reset, the policy per society, the address flood,
# CSRF, and no code in the audit or the logs
. "$(dirname "$0")/lib.sh"

start_stack security.login_addr_max_failures=40
import_members '06279996,2001,1,山田 太郎,19800123,employee' \
    '06279996,2001,2,鈴木 花子,19820304,employee' \
    '06130017,3001,1,港 一郎,19750505,employee' || bail_out "import failed"
register_member 2001 1 19800123 TARO12345 'Taro1234pass' taro@example.co.jp
is "$LOCATION" /register/done "a member registers"
get /menu
is "$STATUS" 200 "the registration just completed counts as two factors: the menu opens"
register_member 2001 2 19820304 HANA12345 'Hana1234pass' hanako@example.co.jp
register_member 3001 1 19750505 MINATO123 'Minato123pass' ichiro@example.net 06130017
is "$LOCATION" /register/done "members of both societies register"

password_step() {  # password_step USER_ID PASSWORD: a new session past the password only
    new_session
    get /login
    post /login user_id="$1" password="$2"
}
codes() { code_mails | wc -l | tr -d ' '; }
events() { sql "SELECT COUNT(*) FROM audit_events WHERE event = '$1'"; }
account_of() { sql "SELECT id FROM accounts WHERE user_id = '$1'"; }
# Moves every code mailed so far out of the hour, so that a section's mails
# do not count against the next one's hourly limit.
new_hour() { sql "UPDATE mail_codes SET created_at = created_at - INTERVAL 61 MINUTE"; }

# --- the code page, and nothing else before the code --------------------------------------------

n=$(codes)
password_step TARO12345 'Taro1234pass'
is "$LOCATION" /login/code "the right password leads to the code page, not the menu"
code=$(mail_code $((n + 1)))
like "$code" '^[0-9]{6}$' "a 6-digit code is mailed"
f=$(code_mails | tail -n 1)
like "$(mail_header "$f" Subject)" '^【KOSMO Communication Web】確認コードのお知らせ$' "with its subject"
is "$(mail_header "$f" To)" taro@example.co.jp "to the registered address"
unlike "$(mail_body "$f")" 'TARO12345|山田|太郎' "carrying nothing else of the account"
get /login/code
is "$STATUS" 200 "the code page opens"
like "$BODY" 't\*\*\*@example\.co\.jp' "it shows the address masked"
unlike "$BODY" 'taro@example' "never whole"
like "$BODY" '<label for="code">確認コード</label>' "the field 確認コード"
like "$BODY" '>確認</button>' "the button 確認"
like "$BODY" '>コードを再送信</button>' "the button コードを再送信"
like "$BODY" '<label for="trust">このブラウザでは30日間確認しない</label>' "the trust checkbox"
unlike "$BODY" '認証アプリを使えない方' "no app link without an app"
STOLEN=$(cookie kosmo_session)
for p in /menu /expenses /eligibility /settings /expenses/csv /password/expired /terms/new; do
    get "$p"
    is "$LOCATION" /login/code "$p leads back to the code page"
done
post /settings/password current_password='Taro1234pass' new_password=Other9876pass new_password_confirm=Other9876pass
is "$LOCATION" /login/code "settings cannot be changed before the code"
is "$(events password_changed)" 0 "and nothing was changed"
use_session "$STOLEN"
get /expenses
is "$LOCATION" /login/code "a stolen cookie of the code stage opens nothing either"
get /login/recovery
is "$LOCATION" /login/code "the recovery form is for an app's member only"

post /login/code code="$code" csrf=wrong
is "$STATUS" 403 "the code form checks its CSRF token"
post /login/code/resend csrf=wrong
is "$STATUS" 403 "so does コードを再送信"
get /login/code
post /login/code code=''
is "$STATUS" 400 "an empty code is refused"
like "$BODY" 'id="code-error">入力してください' "next to its field"
post /login/code code="$code"
is "$LOCATION" /menu "the mailed code opens the menu"
get /menu
is "$STATUS" 200 "and the menu is there"
is "$(events factor_ok)" 1 "the factor is audited"
is "$(sql "SELECT detail FROM audit_events WHERE event = 'factor_ok'")" "mail code" "with how"

# --- single use, full-width digits, and a fresh code each login -------------------------------------

n=$(codes)
password_step TARO12345 'Taro1234pass'
get /login/code
post /login/code code="$code"
is "$STATUS" 400 "the code of an earlier login does not open a new one"
like "$BODY" 'id="code-error">確認コードが正しくありません' "it is not this login's code"
code=$(mail_code $((n + 1)))
wide=$(printf '%s' "$code" | sed 's/0/０/g; s/1/１/g; s/2/２/g; s/3/３/g; s/4/４/g; s/5/５/g; s/6/６/g; s/7/７/g; s/8/８/g; s/9/９/g')
post /login/code code="${wide:0:9} ${wide:9}"
is "$LOCATION" /menu "the new code opens, typed in full-width digits with a space"

# --- 5 wrong entries void a code: 4 wrong then the right one opens ---------------------------------

new_hour
CLIENT_ADDR=127.0.0.2
n=$(codes)
password_step TARO12345 'Taro1234pass'
code=$(mail_code $((n + 1)))
wrong=$(printf '%06d' $(((10#$code + 1) % 1000000)))
get /login/code
for i in 1 2 3 4; do post /login/code code="$wrong"; done
is "$STATUS" 400 "a wrong code is refused"
like "$BODY" 'id="code-error">確認コードが正しくありません' "with its message"
post /login/code code="$code"
is "$LOCATION" /menu "after 4 wrong entries the right code still opens"

n=$(codes)
password_step TARO12345 'Taro1234pass'
code=$(mail_code $((n + 1)))
wrong=$(printf '%06d' $(((10#$code + 1) % 1000000)))
get /login/code
for i in 1 2 3 4 5; do post /login/code code="$wrong"; done
post /login/code code="$code"
is "$STATUS" 400 "after 5 wrong entries the right code is refused"
like "$BODY" 'id="code-error">この確認コードは使用できなくなりました' "the code is void"
is "$(sql "SELECT wrong, spent FROM mail_codes ORDER BY id DESC LIMIT 1")" "$(printf '5\t1')" "counted on its row"
post /login/code/resend
is "$LOCATION" /login/code?resent=1 "コードを再送信 mails a new one"
follow
like "$BODY" '確認コードを再送信しました' "and says so"
new=$(mail_code $((n + 2)))
post /login/code code="$new"
is "$LOCATION" /menu "the new code opens"
is "$(events factor_failed)" 11 "every wrong entry is audited"
unset CLIENT_ADDR

# --- the newest only, and 10 minutes --------------------------------------------------------------

new_hour
n=$(codes)
password_step TARO12345 'Taro1234pass'
old=$(mail_code $((n + 1)))
get /login/code
post /login/code/resend
new=$(mail_code $((n + 2)))
get /login/code
post /login/code code="$old"
if [ "$old" = "$new" ]; then pass "a new code voids the old one (the two codes happened to be equal)"; else
    like "$BODY" 'id="code-error">確認コードが正しくありません' "a new code voids the old one"
fi
is "$(sql "SELECT COUNT(*) FROM mail_codes WHERE spent = 0")" 1 "only the newest is usable"
is "$(sql "SELECT TIMESTAMPDIFF(SECOND, created_at, expires_at) FROM mail_codes ORDER BY id DESC LIMIT 1")" 600 \
    "codes live 10 minutes"
sql "UPDATE mail_codes SET expires_at = NOW(6) - INTERVAL 1 SECOND WHERE spent = 0"
post /login/code code="$new"
like "$BODY" 'この確認コードは使用できなくなりました' "a code older than 10 minutes is refused"

# --- at most 5 mails per account per hour ----------------------------------------------------------

new_hour
n=$(codes)
password_step TARO12345 'Taro1234pass'
get /login/code
for i in 1 2 3 4; do post /login/code/resend; done
is "$LOCATION" /login/code?resent=1 "the fifth code of the hour is mailed"
wait_until 10 "[ \"\$(code_mails | wc -l)\" -ge $((n + 5)) ]"
post /login/code/resend
is "$STATUS" 400 "the sixth is refused"
like "$BODY" '確認コードの送信は1時間に5回までです' "with its message"
sleep 1
is "$(codes)" $((n + 5)) "and no sixth mail goes out"
is "$(sql "SELECT COUNT(*) FROM mail_codes WHERE created_at > NOW(6) - INTERVAL 1 HOUR")" 5 \
    "five codes were made"
password_step TARO12345 'Taro1234pass'
is "$LOCATION" "/login/code?limit=1" "a login within the hour mails none"
follow
like "$BODY" '確認コードの送信は1時間に5回までです' "and says why"
last=$(mail_code $((n + 5)))
post /login/code code="$last"
is "$LOCATION" /menu "the last code mailed still opens"
is "$(events factor_mail_limit)" 2 "the refusals are audited"
new_hour
n=$(codes)
password_step TARO12345 'Taro1234pass'
is "$LOCATION" /login/code "an hour later codes are mailed again"
like "$(mail_code $((n + 1)))" '^[0-9]{6}$' "and the mail comes"

# --- trusted browsers ------------------------------------------------------------------------------

new_hour
trusted_login() {  # trusted_login: the code with このブラウザでは30日間確認しない
    local n
    new_hour
    n=$(codes)
    password_step TARO12345 "$1"
    get /login/code
    post /login/code code="$(mail_code $((n + 1)))" trust=1
}
trusted_login 'Taro1234pass'
is "$LOCATION" /menu "the code with the trust box opens the menu"
set_cookie=$(printf '%s\n' "$HEADERS" | grep -i '^Set-Cookie: kosmo_trusted=')
like "$set_cookie" '^Set-Cookie: kosmo_trusted=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000$' \
    "it sets a random token with the session cookie's flags for 30 days"
TRUST=$(cookie kosmo_trusted)
is "$(sql "SELECT COUNT(*) FROM trusted_browsers WHERE token_hash = UNHEX(SHA2('$TRUST', 256))")" 1 \
    "only the token's SHA-256 is stored"
is "$(sql "SELECT COUNT(*) FROM trusted_browsers WHERE token_hash = '$TRUST'")" 0 "never the token"
is "$(sql "SELECT DATEDIFF(expires_at, created_at) FROM trusted_browsers")" 30 "for 30 days"
cp "$JAR" "$T/jar.trusted"

n=$(codes)
get /login
post /login user_id=TARO12345 password='Taro1234pass'
is "$LOCATION" /menu "the next login on this browser asks no code"
is "$(codes)" "$n" "and mails none"
is "$(sql "SELECT detail FROM audit_events WHERE event = 'factor_ok' ORDER BY id DESC LIMIT 1")" \
    "trusted browser" "the audit says why"
get /login
post /login user_id=HANA12345 password='Hana1234pass'
is "$LOCATION" /login/code "another member on the same browser is asked"
cp "$T/jar.trusted" "$JAR"
sql "UPDATE trusted_browsers SET expires_at = NOW(6) - INTERVAL 1 SECOND"
get /login
post /login user_id=TARO12345 password='Taro1234pass'
is "$LOCATION" /login/code "an expired trust asks again"

# A password change forgets every trusted browser of the account.
trusted_login 'Taro1234pass'
cp "$JAR" "$T/jar.trusted"
get /settings
post /settings/password current_password='Taro1234pass' new_password=Taro5678pass new_password_confirm=Taro5678pass
is "$LOCATION" "/settings?done=password" "the password is changed"
is "$(sql "SELECT COUNT(*) FROM trusted_browsers WHERE account_id = $(account_of TARO12345)")" 0 \
    "the change forgets the trusted browsers"
cp "$T/jar.trusted" "$JAR"
get /login
post /login user_id=TARO12345 password=Taro5678pass
is "$LOCATION" /login/code "the trusted browser is asked again after a password change"

# And so does a reset: the next login asks for the code as usual.
trusted_login Taro5678pass
cp "$JAR" "$T/jar.trusted"
new_session
before=$(mail_count)
get /password/forgot
post /password/forgot user_id=TARO12345 email=taro@example.co.jp
wait_until 10 "[ \"\$(mail_count)\" -gt $before ]"
token=$(for f in $(mails); do case $(mail_header "$f" Subject) in *パスワード再設定*) echo "$f" ;; esac; done |
    tail -n 1 | xargs -r -I{} sh -c 'sed "1,/^\$/d" {} | base64 -d' | grep -o 'token=[A-Za-z0-9_-]*' | head -n 1 | cut -d= -f2)
get "/password/reset?token=$token"
post /password/reset token="$token" new_password=Taro9012pass new_password_confirm=Taro9012pass
is "$STATUS" 200 "the password is reset"
cp "$T/jar.trusted" "$JAR"
get /login
post /login user_id=TARO12345 password=Taro9012pass
is "$LOCATION" /login/code "after a reset the next login asks for the factor"

# --- the order: password, factor, required actions --------------------------------------------------

new_hour
sql "UPDATE accounts SET password_expired = 1 WHERE user_id = 'TARO12345'"
n=$(codes)
password_step TARO12345 Taro9012pass
is "$LOCATION" /login/code "an expired password waits behind the factor"
get /password/expired
is "$LOCATION" /login/code "its page is not open before the code"
get /login/code
post /login/code code="$(mail_code $((n + 1)))"
is "$LOCATION" /password/expired "after the code comes the required action"

# --- the session at the code stage expires like a login ---------------------------------------------

password_step HANA12345 'Hana1234pass'
sql "UPDATE sessions SET last_seen_at = NOW(6) - INTERVAL 31 MINUTE WHERE stage = 13"
get /login/code
is "$LOCATION" "/login?expired=1" "an idle code stage ends like a login session"

# --- the policy per society -------------------------------------------------------------------------

new_hour
kosmoctl society set 06130017 --mfa off > /dev/null
n=$(codes)
password_step MINATO123 'Minato123pass'
is "$LOCATION" /menu "a society with --mfa off asks no factor"
is "$(codes)" "$n" "and mails no code"
password_step TARO12345 Taro9012pass
is "$LOCATION" /login/code "the other society keeps the site's policy (required)"
kosmoctl society set 06130017 --mfa optional > /dev/null
password_step MINATO123 'Minato123pass'
is "$LOCATION" /menu "optional: a member who did not turn codes on is not asked"
sql "UPDATE accounts SET mail_codes = 1 WHERE user_id = 'MINATO123'"
password_step MINATO123 'Minato123pass'
is "$LOCATION" /login/code "optional: a member who turned codes by mail on is asked"
kosmoctl society set 06130017 --mfa required > /dev/null
sql "UPDATE accounts SET mail_codes = 0 WHERE user_id = 'MINATO123'"
password_step MINATO123 'Minato123pass'
is "$LOCATION" /login/code "required: every member is asked"

# --- a flood of codes from one address --------------------------------------------------------------

new_hour
CLIENT_ADDR=127.0.0.3
password_step HANA12345 'Hana1234pass'
get /login/code
for i in $(seq 1 40); do post /login/code code=000000; done
is "$(sql "SELECT locked_until > NOW(6) FROM login_addr_failures WHERE client_addr = '127.0.0.3'")" 1 \
    "40 wrong codes from one address lock the address, like failed logins"
CLIENT_ADDR=127.0.0.4
n=$(codes)
password_step HANA12345 'Hana1234pass'
code=$(mail_code $((n + 1)))
get /login/code
CLIENT_ADDR=127.0.0.3
post /login/code code="$code"
is "$STATUS" 400 "a right code from the locked address is refused"
like "$BODY" '確認コードを続けて間違えたため' "with the waiting message"
CLIENT_ADDR=127.0.0.4
post /login/code code="$code"
is "$LOCATION" /menu "the same code from another address opens"
unset CLIENT_ADDR

# --- no code is ever logged ------------------------------------------------------------------------

found=0
for f in $(code_mails); do
    c=$(mail_body "$f" | tr -d '\r' | sed -n 's/^ *確認コード: \([0-9]\{6\}\)$/\1/p')
    [ "$(sql "SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%$c%' OR login_id LIKE '%$c%'")" = 0 ] || found=1
    ! grep -q -- "$c" "$STACK"/log/*.log || found=1
done
is "$found" 0 "no mailed code appears in the audit or the logs"
is "$(sql "SELECT COUNT(*) FROM mail_codes WHERE LENGTH(code_hash) <> 32")" 0 "codes are stored as 32-byte hashes"

done_testing
