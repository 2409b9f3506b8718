#!/usr/bin/env bash
# t7006-factor-settings.sh: 二段階認証 in 登録情報の変更 (SPEC "二段階認証"):
# 認証アプリの設定 with the test's own TOTP (totp.py, not liboath): the key
# kept per session and sealed, its QR code read back (rsvg-convert, zbarimg)
# and served to that session only (no-store), wrong codes, the ten
# リカバリーコード shown once and stored only hashed, the notice mail; at
# login the confirming code refused, the app's next code and a recovery code
# each accepted once; 認証アプリの解除 needing the password and a code,
# wrong codes counting toward the 30-minute wait; 信頼したブラウザをすべて
# 解除 for the member's account only (a trusted browser asked again); the
# mail-codes switch under `optional` only, and what the login then asks;
# CSRF on every new form; nothing of it before the second factor
. "$(dirname "$0")/lib.sh"

start_stack

SAMPLE=06279996 MINATO=06130017
import_members "$SAMPLE,1001,101,山田太郎,19800401,employee" "$SAMPLE,1001,102,鈴木花子,19750612,employee" \
    "$MINATO,3003,7,田中一郎,19600105,voluntary" || bail_out "cannot import members"
register_member 1001 101 19800401 yamada0101 yamada0101pw yamada@example.co.jp || bail_out "cannot register yamada"
cp "$JAR" "$T/jar.yamada"
register_member 1001 102 19750612 suzuki0102 suzuki0102pw suzuki@example.co.jp || bail_out "cannot register suzuki"
cp "$JAR" "$T/jar.suzuki"
register_member 3003 7 19600105 tanaka0007 tanaka0007pw tanaka@mail.example.jp "$MINATO" ||
    bail_out "cannot register tanaka"
cp "$JAR" "$T/jar.tanaka"
wait_until 10 '[ "$(mail_count)" -ge 3 ]'

TOTP=$TOP/tests/integration/totp.py
account_of() { sql "SELECT id FROM accounts WHERE user_id = '$1'"; }
YAMADA=$(account_of yamada0101) SUZUKI=$(account_of suzuki0102)
yamada() { sql "SELECT $1 FROM accounts WHERE id = $YAMADA"; }
audits() { sql "SELECT COUNT(*) FROM audit_events WHERE event = '$1'"; }
as() { cp "$T/jar.$1" "$JAR"; CSRF=; get /settings; }   # as WHO: that member's session
keep_as() { cp "$JAR" "$T/jar.$1"; }
notices() {  # notices ADDRESS: how many 二段階認証の設定変更のお知らせ went to ADDRESS
    local f n=0
    for f in $(mails); do
        [ "$(mail_header "$f" To)" = "$1" ] &&
            [[ $(mail_header "$f" Subject) == *二段階認証の設定変更のお知らせ ]] && n=$((n + 1))
    done
    echo "$n"
}
key_on_page() { printf '%s\n' "$BODY" | sed -n 's|.*<p class="key" translate="no">\([A-Z2-7 ]*\)</p>.*|\1|p'; }
# The app's code for KEY at the current time step, or the one after the
# account's last accepted one when that is later: in the server's window
# (its step ± 1) even when a step begins before the request arrives.
app_code() {
    local last now step
    last=$(yamada totp_last_step) now=$(($(date +%s) / 30))
    step=$((last + 1 > now ? last + 1 : now))
    python3 "$TOTP" "$1" $((step * 30))
}
# A 6-digit code that no step of the window around now gives for KEY.
wrong_code() {
    local t=$(date +%s) c
    for c in 000000 111111 222222 333333; do
        [ "$c" != "$(python3 "$TOTP" "$1" $((t - 30)))" ] && [ "$c" != "$(python3 "$TOTP" "$1" "$t")" ] &&
            [ "$c" != "$(python3 "$TOTP" "$1" $((t + 30)))" ] && [ "$c" != "$(python3 "$TOTP" "$1" $((t + 60)))" ] &&
            { echo "$c"; return; }
    done
}

# --- the test's own TOTP, against RFC 6238's test vectors (SHA-1, the last 6 of 8 digits) -----

RFC_KEY=$(printf 12345678901234567890 | base32)
is "$(python3 "$TOTP" "$RFC_KEY" 59) $(python3 "$TOTP" "$RFC_KEY" 1111111109) $(python3 "$TOTP" "$RFC_KEY" 1234567890) $(python3 "$TOTP" "$RFC_KEY" 20000000000)" \
    "287082 081804 005924 353130" "totp.py gives RFC 6238's codes"

# --- the section under the default policy (required) ------------------------------------------

as yamada
like "$BODY" '<h2 id="factor-title">二段階認証</h2>' "登録情報の変更 has a 二段階認証 section"
like "$BODY" '<a class="button secondary" href="/settings/app">認証アプリの設定</a>' "linking 認証アプリの設定 while no app is set up"
like "$BODY" 'ログインのたびに、確認コードを登録メールアドレスにお送りします。.*変更できません' \
    "under required codes by mail are always on, and the page says so"
unlike "$BODY" 'name="mail_codes"|/settings/mail-codes' "with no switch"
like "$BODY" '>信頼したブラウザをすべて解除</button>' "and the button 信頼したブラウザをすべて解除"
unlike "$BODY" '/settings/app/remove' "nothing to remove yet"
post /settings/mail-codes mail_codes=1
is "$STATUS" 404 "under required the mail-codes switch's URL is absent (404)"
is "$(yamada mail_codes)" 0 "and changes nothing"

# --- 認証アプリの設定 -------------------------------------------------------------------------

get /settings/app
is "$STATUS" 200 "認証アプリの設定 opens"
like "$BODY" '<h1>認証アプリの設定</h1>' "titled 認証アプリの設定"
like "$BODY" '<img src="/settings/app/qr.svg" alt="[^"]+">' "the QR code is an image with its alt text"
unlike "$BODY" '<script' "no script"
like "$BODY" '<label for="app_code">認証アプリの確認コード</label>' "the field 認証アプリの確認コード"
like "$BODY" 'id="app_code" name="app_code" inputmode="numeric" autocomplete="one-time-code"' "numeric, one-time-code"
like "$BODY" '<button type="submit" class="primary">設定</button>' "the button 設定"
KEY=$(key_on_page)
like "$KEY" '^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$' "the key as text, Base32 in eight groups of four (160 bits)"
KEY1=${KEY// /}
is "$(sql "SELECT COUNT(*) FROM sessions WHERE totp_pending LIKE 'v1\$%'")" 1 "the session keeps the new key, sealed"
is "$(sql "SELECT COUNT(*) FROM sessions WHERE totp_pending LIKE '%$KEY1%'")" 0 "never in the clear"
get /settings/app
is "$(key_on_page)" "$KEY" "a reload shows the same key"

get /settings/app/qr.svg
is "$STATUS" 200 "the QR code answers"
is "$(header Content-Type)" image/svg+xml "as SVG"
is "$(header Cache-Control)" no-store "never stored by a cache"
like "$(header Content-Security-Policy)" "^default-src 'none'" "with the house's strict CSP"
is "$(header X-Content-Type-Options)" nosniff "and nosniff"
unlike "$BODY" '<script|href=' "an SVG without script or reference"
cp "$T/body" "$T/qr.svg"
rsvg-convert -o "$T/qr.png" "$T/qr.svg" && uri=$(zbarimg --raw -q "$T/qr.png" 2> /dev/null)
like "$uri" '^otpauth://totp/KOSMO%20Communication%20Web:yamada0101\?secret=[A-Z2-7]+&issuer=KOSMO%20Communication%20Web&algorithm=SHA1&digits=6&period=30$' \
    "the QR code reads as the otpauth URI of the member's user ID"
is "$(python3 "$TOTP" --uri-key "$uri")" "$KEY1" "holding the key the page shows as text"

# The image is this session's only.
as suzuki
get /settings/app/qr.svg
is "$STATUS" 404 "another member's session gets no QR code (404)"
unlike "$BODY" '<svg' "and no image"
new_session
login_permanent yamada0101 yamada0101pw
keep_as yamada2
get /settings/app/qr.svg
is "$STATUS" 404 "nor does another session of the same member"
get /settings/app
KEY2=$(key_on_page)
isnt "${KEY2// /}" "$KEY1" "which gets a key of its own"
get /settings/app/qr.svg
rsvg-convert -o "$T/qr2.png" "$T/body" && uri2=$(zbarimg --raw -q "$T/qr2.png" 2> /dev/null)
is "$(python3 "$TOTP" --uri-key "$uri2")" "${KEY2// /}" "and its own key's QR code"
new_session
get /settings/app/qr.svg
is "$LOCATION" /login "without a session the image leads to the login"

# Wrong codes, and the CSRF token.
as yamada
get /settings/app
post /settings/app app_code=
is "$STATUS" 400 "an empty code is refused"
like "$BODY" 'id="app_code-error">入力してください' "next to its field"
post /settings/app app_code="$(wrong_code "$KEY1")"
is "$STATUS" 400 "a wrong code is refused"
like "$BODY" 'id="app_code-error">確認コードが正しくありません' "next to its field"
is "$(key_on_page)" "$KEY" "the same key is shown again"
post /settings/app app_code="$(python3 "$TOTP" "${KEY2// /}")"
is "$STATUS" 400 "the code of another session's key is refused"
post /settings/app app_code=12345
is "$STATUS" 400 "five digits are refused"
is "$(yamada 'totp_key IS NULL')" 1 "no app is set up by them"
is "$(audits factor_failed)" 3 "each wrong code is audited"
code=$(python3 "$TOTP" "$KEY1")
post /settings/app app_code="$code" csrf=
is "$STATUS" 403 "without the CSRF token the right code sets nothing"
post /settings/app app_code="$code" csrf=forged
is "$STATUS" 403 "nor with a wrong one"
is "$(yamada 'totp_key IS NULL')" 1 "no app"

# The right code, typed with full-width digits and a space as some phones do.
mails_before=$(notices yamada@example.co.jp)
now=$(date +%s)
SETUP_CODE=$(python3 "$TOTP" "$KEY1" "$now") SETUP_STEP=$((now / 30))
wide=$(printf '%s' "${SETUP_CODE:0:3} ${SETUP_CODE:3}" | sed 'y/0123456789/０１２３４５６７８９/')
post /settings/app app_code="$wide"
is "$STATUS" 200 "the right code sets the app up"
like "$BODY" '<h1>リカバリーコード</h1>' "and shows リカバリーコード"
like "$BODY" '二段階認証の設定変更のお知らせ' "saying the notice was mailed"
like "$BODY" '今回だけ' "and that the codes are shown only this once"
mapfile -t RECOVERY < <(printf '%s\n' "$BODY" | grep -oE '<code>[0-9A-Z]{5}-[0-9A-Z]{5}</code>' | sed 's/<[^>]*>//g')
is "${#RECOVERY[@]}" 10 "ten recovery codes, in two groups of five"
is "$(printf '%s\n' "${RECOVERY[@]}" | sort -u | wc -l)" 10 "all different"
recovery_page=$BODY
is "$(yamada "totp_key LIKE 'v1\$%' AND totp_key NOT LIKE '%$KEY1%'")" 1 "the account keeps the key sealed"
is "$(yamada totp_last_step)" "$SETUP_STEP" "accepted up to the confirming code's step"
is "$(sql "SELECT COUNT(*) FROM sessions WHERE totp_pending IS NOT NULL AND account_id = $YAMADA")" 1 \
    "the pending key is gone from this session (the other session keeps its own)"
is "$(sql "SELECT COUNT(*), SUM(LENGTH(code_hash) = 32) FROM recovery_codes WHERE account_id = $YAMADA" | tr '\t' ' ')" \
    "10 10" "ten rows of 32-byte hashes are stored"
plain=0
for c in "${RECOVERY[@]}"; do
    bare=${c//-/}
    n=$(sql "SELECT COUNT(*) FROM recovery_codes WHERE code_hash IN (UNHEX(SHA2('$bare', 256)), UNHEX(SHA2('$c', 256)), '$bare', '$c')")
    plain=$((plain + n))
done
is "$plain" 0 "none as the code itself or its plain SHA-256"
is "$(audits factor_app_set)" 1 "the set-up is audited"
wait_until 10 "[ \"\$(notices yamada@example.co.jp)\" -gt $mails_before ]"
is "$(notices yamada@example.co.jp)" $((mails_before + 1)) "二段階認証の設定変更のお知らせ is mailed"
notice=$(mails | tail -n 1)
body=$(mail_body "$notice")
unlike "$body" "$KEY1|${RECOVERY[0]}|${RECOVERY[9]}|$SETUP_CODE" "carrying neither the key nor a code"

# Shown once.
post /settings/app app_code="$SETUP_CODE"
is "$LOCATION" /settings "posting the page again (a reload) shows no codes but the settings"
get /settings/app
is "$LOCATION" /settings "an app set up: 認証アプリの設定 leads to the settings"
get /settings/app/qr.svg
is "$STATUS" 404 "and its QR code is gone"
get /settings
for c in "${RECOVERY[@]}"; do printf '%s\n' "$c"; done > "$T/codes"
unlike "$BODY" "$(paste -sd'|' "$T/codes")" "the settings never show a recovery code"
like "$BODY" '設定済みです' "they say the app is set up"
like "$BODY" 'リカバリーコードの残り: 10個' "with ten recovery codes left"
like "$BODY" 'id="remove-title">認証アプリの解除</h3>' "and offer 認証アプリの解除"
like "$BODY" '認証アプリを設定しているため、確認コードをメールではお送りしません' "codes by mail are not sent meanwhile"
unlike "$BODY" 'href="/settings/app"' "no set-up link"
keep_as yamada

# --- at login: the app's code, once; a recovery code, once ---------------------------------------

# password_step USER_ID PASSWORD: a new session past the password, on the code page.
password_step() {
    new_session
    get /login
    post /login user_id="$1" password="$2"
    is "$LOCATION" /login/code "$1's password leads to the code step"
    follow
}
codes_before=$(code_mails | wc -l)
password_step yamada0101 yamada0101pw
like "$BODY" '認証アプリを開き' "which asks for the app's code"
unlike "$BODY" 'コードを再送信' "and mails none"
post /login/code code="$SETUP_CODE"
is "$STATUS" 400 "the code that confirmed the set-up does not open the portal"
like "$BODY" 'id="code-error">' "(refused next to the field)"
is "$(sql "SELECT factor_failures FROM accounts WHERE id = $YAMADA")" 1 "and counted as a wrong code"
code=$(app_code "$KEY1")
post /login/code code="$code"
is "$LOCATION" /menu "the app's next code opens the portal"
is "$(sql "SELECT factor_failures FROM accounts WHERE id = $YAMADA")" 0 "and clears the count"
is "$(code_mails | wc -l)" "$codes_before" "no code was mailed"
password_step yamada0101 yamada0101pw
post /login/code code="$code"
is "$STATUS" 400 "the same app code does not open it twice"
like "$BODY" 'id="code-error">(この確認コードはすでに使用|確認コードが正しくありません)' "(refused next to the field)"
is "$(sql "SELECT factor_failures FROM accounts WHERE id = $YAMADA")" 1 "the replay counted"
get /login/recovery
post /login/recovery recovery_code="${RECOVERY[0]}"
is "$LOCATION" /menu "a recovery code opens the portal"
is "$(sql "SELECT factor_failures FROM accounts WHERE id = $YAMADA")" 0 "and clears the count"
follow
get /settings
like "$BODY" 'リカバリーコードの残り: 9個' "and is used: nine left"
password_step yamada0101 yamada0101pw
get /login/recovery
post /login/recovery recovery_code="${RECOVERY[0]}"
is "$STATUS" 400 "the same recovery code does not open it twice"
like "$BODY" 'id="recovery_code-error">リカバリーコードが正しくないか' "(refused next to the field)"

# --- 認証アプリの解除: the password and a code, both --------------------------------------------

as yamada
sql "UPDATE accounts SET factor_failures = 0"   # the refused codes at login above
RC=${RECOVERY[1]}
post /settings/app/remove remove_password=wrong2026pw remove_code="$RC"
is "$STATUS" 400 "a wrong password is refused, even with a right code"
like "$BODY" 'id="remove_password-error">現在のパスワードが正しくありません' "next to its field"
is "$(yamada login_failures)" 1 "and counts toward the login lockout"
is "$(yamada 'totp_key IS NOT NULL')" 1 "the app stays"
is "$(sql "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $YAMADA AND used_at IS NULL")" 9 \
    "and the code, never compared, is not spent"
post /settings/app/remove remove_password=yamada0101pw remove_code=
is "$STATUS" 400 "the password without a code is refused"
like "$BODY" 'id="remove_code-error">入力してください' "the code is asked for"
post /settings/app/remove remove_password=yamada0101pw remove_code=ZZZZZ-ZZZZZ
like "$BODY" 'id="remove_code-error">リカバリーコードが正しくないか' "a recovery code the account does not have is refused"
post /settings/app/remove remove_password=yamada0101pw remove_code="${RECOVERY[0]}"
like "$BODY" 'id="remove_code-error">リカバリーコードが正しくないか' "and one used at login"
WRONG=$(wrong_code "$KEY1")
for i in 3 4; do post /settings/app/remove remove_password=yamada0101pw remove_code="$WRONG"; done
like "$BODY" 'id="remove_code-error">確認コードが正しくありません' "a wrong app code is refused"
is "$(yamada "CONCAT(factor_failures, ' ', factor_locked_until IS NULL)")" "4 1" \
    "four wrong codes in a row count, and the code step does not wait yet"
post /settings/app/remove remove_password=yamada0101pw remove_code="$WRONG"
like "$BODY" 'id="remove_code-error">確認コードを続けて間違えたため、30分間' "the fifth makes it wait 30 minutes"
is "$(yamada 'factor_locked_until > NOW(6) + INTERVAL 29 MINUTE')" 1 "for 30 minutes"
is "$(audits factor_locked)" 1 "audited"
post /settings/app/remove remove_password=yamada0101pw remove_code="$RC"
like "$BODY" 'id="remove_code-error">確認コードを続けて間違えたため' "meanwhile even a right code is refused"
is "$(sql "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $YAMADA AND used_at IS NULL")" 9 "and not spent"
is "$(yamada 'totp_key IS NOT NULL')" 1 "the app stays"
sql "UPDATE accounts SET factor_locked_until = NULL, factor_failures = 0, login_failures = 0"

post /settings/app/remove remove_password=yamada0101pw remove_code="$RC" csrf=
is "$STATUS" 403 "without the CSRF token nothing is removed"
post /settings/app/remove remove_password=yamada0101pw remove_code="$RC" csrf=forged
is "$STATUS" 403 "nor with a wrong one"
is "$(yamada 'totp_key IS NOT NULL')" 1 "the app stays"

mails_before=$(notices yamada@example.co.jp)
typed=$(printf '%s' "${RC,,}" | sed 's/-/ /')
post /settings/app/remove remove_password=yamada0101pw remove_code="$typed"
is "$LOCATION" "/settings?done=app_removed" "the password and a recovery code (as typed: lower case, a space) remove the app"
is "$(yamada 'totp_key IS NULL')" 1 "the key is gone"
is "$(sql "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $YAMADA")" 0 "with its recovery codes"
is "$(audits factor_app_removed)" 1 "the removal is audited"
wait_until 10 "[ \"\$(notices yamada@example.co.jp)\" -gt $mails_before ]"
is "$(notices yamada@example.co.jp)" $((mails_before + 1)) "and 二段階認証の設定変更のお知らせ is mailed"
follow
like "$BODY" '認証アプリを解除しました' "the settings say so"
like "$BODY" 'href="/settings/app">認証アプリの設定</a>' "and offer the set-up again"
like "$BODY" 'ログインのたびに、確認コードを登録メールアドレスにお送りします' "codes come by mail again"
post /settings/app/remove remove_password=yamada0101pw remove_code="$RC"
is "$LOCATION" /settings "with no app there is nothing to remove"
codes_before=$(code_mails | wc -l)
cp "$JAR" "$T/jar.yamada"
new_session
login_permanent yamada0101 yamada0101pw
is "$LOCATION" /menu "the next login goes through a code by mail again"
is "$(code_mails | wc -l)" $((codes_before + 1)) "(mailed)"
as yamada

# Set up again (a new key), then removed with the app's code.
get /settings/app
KEY3=$(key_on_page)
KEY3=${KEY3// /}
isnt "$KEY3" "$KEY1" "a new set-up gets a new key"
now=$(date +%s)
code3=$(python3 "$TOTP" "$KEY3" "$now")
post /settings/app app_code="$code3"
like "$BODY" '<h1>リカバリーコード</h1>' "set up again"
is "$(yamada totp_last_step)" $((now / 30)) "accepted up to its confirming code's step"
post /settings/app/remove remove_password=yamada0101pw remove_code="$code3"
like "$BODY" 'id="remove_code-error">(この確認コードはすでに使用|確認コードが正しくありません)' \
    "the confirming code does not remove it: it was used"
is "$(yamada 'totp_key IS NOT NULL')" 1 "the app stays"
mails_before=$(notices yamada@example.co.jp)
post /settings/app/remove remove_password=yamada0101pw remove_code="$(app_code "$KEY3")"
is "$LOCATION" "/settings?done=app_removed" "the password and the app's next code remove it"
is "$(yamada 'totp_key IS NULL')" 1 "gone"
wait_until 10 "[ \"\$(notices yamada@example.co.jp)\" -gt $mails_before ]"
is "$(notices yamada@example.co.jp)" $((mails_before + 1)) "mailed again"

# --- 信頼したブラウザをすべて解除: the member's own account only -------------------------------

trusted() { sql "SELECT COUNT(*) FROM trusted_browsers WHERE account_id = $1"; }
# A browser trusted at login, and another one's row.
codes_before=$(code_mails | wc -l)
password_step yamada0101 yamada0101pw
post /login/code code="$(mail_code $((codes_before + 1)))" trust=1
is "$LOCATION" /menu "a login with このブラウザでは30日間確認しない"
ok "sets the trusted-browser cookie" test -n "$(cookie kosmo_trusted)"
follow
post /logout
password_step_trusted() {
    get /login
    post /login user_id=yamada0101 password=yamada0101pw
}
password_step_trusted
is "$LOCATION" /menu "makes this browser's next login ask no code"
cp "$JAR" "$T/jar.trusted"
sql "INSERT INTO trusted_browsers (token_hash, account_id, created_at, expires_at)
     VALUES (UNHEX(SHA2('yamada-b', 256)), $YAMADA, NOW(6), NOW(6) + INTERVAL 30 DAY)"
sql "INSERT INTO trusted_browsers (token_hash, account_id, created_at, expires_at)
     VALUES (UNHEX(SHA2('suzuki-a', 256)), $SUZUKI, NOW(6), NOW(6) + INTERVAL 30 DAY)"
as yamada
post /settings/trusted/forget csrf=
is "$STATUS" 403 "信頼したブラウザをすべて解除 without the CSRF token is refused"
post /settings/trusted/forget csrf=forged
is "$STATUS" 403 "and with a wrong one"
is "$(trusted "$YAMADA")" 2 "forgetting nothing"
post /settings/trusted/forget
is "$LOCATION" "/settings?done=trusted" "信頼したブラウザをすべて解除 answers"
is "$(trusted "$YAMADA")" 0 "every trusted browser of the account is forgotten"
is "$(trusted "$SUZUKI")" 1 "another member's stay"
is "$(audits factor_trusted_forgotten)" 1 "audited"
follow
like "$BODY" '信頼したブラウザをすべて解除しました' "the settings say so"
cp "$T/jar.trusted" "$JAR"
get /menu
post /logout
password_step_trusted
is "$LOCATION" /login/code "the browser that was trusted is asked for a code again"

# --- the policy of the member's society: optional, off -------------------------------------------

kosmoctl society set "$MINATO" --mfa optional > /dev/null || bail_out "cannot set the policy"
tanaka() { sql "SELECT $1 FROM accounts WHERE user_id = 'tanaka0007'"; }
as tanaka
like "$BODY" '<label for="mail_codes">ログインのときに確認コードをメールで受け取る</label>' \
    "under optional the settings have the mail-codes switch"
like "$BODY" 'id="mail_codes" name="mail_codes" value="1">' "off until the member turns it on"
like "$BODY" 'href="/settings/app">認証アプリの設定</a>' "and the set-up link"
post /settings/mail-codes mail_codes=1 csrf=
is "$STATUS" 403 "the switch without the CSRF token is refused"
post /settings/mail-codes mail_codes=1 csrf=forged
is "$STATUS" 403 "and with a wrong one"
is "$(tanaka mail_codes)" 0 "changing nothing"
post /settings/mail-codes mail_codes=1
is "$LOCATION" "/settings?done=mail_codes" "ticked and saved"
is "$(tanaka mail_codes)" 1 "codes by mail are on"
follow
like "$BODY" 'id="mail_codes" name="mail_codes" value="1" checked' "the box shows it"
like "$BODY" '確認コードの設定を保存しました' "saved"
cp "$JAR" "$T/jar.tanaka"
new_session
get /login
post /login user_id=tanaka0007 password=tanaka0007pw
is "$LOCATION" /login/code "with codes by mail on, the login asks for one"
as tanaka
post /settings/mail-codes
is "$(tanaka mail_codes)" 0 "unticked: off again"
cp "$JAR" "$T/jar.tanaka"
new_session
get /login
post /login user_id=tanaka0007 password=tanaka0007pw
is "$LOCATION" /menu "and the password alone opens the portal"
as tanaka
is "$(audits factor_mail_codes)" 2 "each change is audited"
is "$(yamada mail_codes)" 0 "another society's member is untouched"

kosmoctl society set "$MINATO" --mfa off > /dev/null || bail_out "cannot set the policy"
get /settings
like "$BODY" '二段階認証は使用していません' "under off the section says the factor is not used"
unlike "$BODY" 'name="mail_codes"|href="/settings/app"|信頼したブラウザをすべて解除' "with no switch, set-up or trusted browsers"
get /settings/app
is "$STATUS" 404 "and 認証アプリの設定 is absent"
post /settings/app app_code=123456
is "$STATUS" 404 "for a POST too"
post /settings/mail-codes mail_codes=1
is "$STATUS" 404 "as is the switch"
is "$(tanaka mail_codes)" 0 "which changes nothing"
kosmoctl society set "$MINATO" --mfa site > /dev/null || bail_out "cannot set the policy"
get /settings
like "$BODY" 'ログインのたびに、確認コードを登録メールアドレスにお送りします' "back to the site's policy, required"

# --- nothing of it without a logged-in member ----------------------------------------------------

# A session past the password only (a stolen cookie at the code step).
sql "INSERT INTO trusted_browsers (token_hash, account_id, created_at, expires_at)
     VALUES (UNHEX(SHA2('suzuki-b', 256)), $SUZUKI, NOW(6), NOW(6) + INTERVAL 30 DAY)"
password_step suzuki0102 suzuki0102pw
for path in /settings/app /settings/app/qr.svg; do
    get "$path"
    is "$LOCATION" /login/code "GET $path before the second factor leads back to the code page"
done
get /login/code
post /settings/app app_code=123456
is "$LOCATION" /login/code "POST /settings/app before the second factor too"
is "$(sql "SELECT COUNT(*) FROM sessions WHERE totp_pending IS NOT NULL AND account_id = $SUZUKI")" 0 "and no key is made"
post /settings/trusted/forget
is "$LOCATION" /login/code "POST /settings/trusted/forget too"
is "$(trusted "$SUZUKI")" 2 "forgetting nothing"
post /settings/mail-codes mail_codes=1
is "$LOCATION" /login/code "POST /settings/mail-codes too"
post /settings/app/remove remove_password=suzuki0102pw remove_code=123456
is "$LOCATION" /login/code "POST /settings/app/remove too"

new_session
for path in /settings/app /settings/app/qr.svg; do
    get "$path"
    is "$LOCATION" /login "GET $path without a session leads to the login"
done
for path in /settings/app /settings/app/remove /settings/trusted/forget /settings/mail-codes; do
    post "$path"
    is "$STATUS" 403 "POST $path without a session is refused"
done

done_testing
