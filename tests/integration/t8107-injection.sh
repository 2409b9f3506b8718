#!/usr/bin/env bash
# t8107-injection.sh: SQL metacharacters, markup, quotes, NUL, CR/LF, overlong and invalid UTF-8 in every field of every form — stored and echoed safely or refused, never a 500; CR/LF never reaches a mail header
. "$(dirname "$0")/lib.sh"

start_stack security.login_max_failures=1000 security.verify_max_failures=1000
import_members '06279996,8107,1,中島 七郎,19770707,overseas' || bail_out "import failed"

# The payloads, percent-encoded as they go on the wire.
long=$(printf 'A%.0s' $(seq 1 10240))
payloads=(
    "sql-or|%27%20OR%20%271%27%3D%271%27%20--%20"
    "sql-drop|%22%3B%20DROP%20TABLE%20members%3B%20--"
    "sql-union|1%27%20UNION%20SELECT%20password_hash%20FROM%20accounts%23"
    "sql-sleep|1%27%20AND%20SLEEP(5)%20AND%20%271%27%3D%271"
    "script|%3Cscript%3Ealert(1)%3C%2Fscript%3E"
    "img-onerror|%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
    "quotes|%27%22%60%5C"
    "nul|abc%00def"
    "crlf|abc%0D%0ASet-Cookie%3A%20injected%3D1"
    "lf-bcc|a%40example.net%0ABcc%3A%20evil%40example.org"
    "10KB|$long"
    "overlong-utf8|%C0%AF"
    "byte-ff|%FF"
    "surrogate|%ED%A0%80"
    "fullwidth-markup|%EF%BC%9Cscript%EF%BC%9E"
)

# rawpost PATH BODY: BODY as it is (already encoded), with the CSRF token.
rawpost() {
    _request "POST $1" --data-binary "$2&csrf=$CSRF" "$BASE$1"
}

# portal_request: the last request went to one of the portal's paths.
portal_request() {
    case $LAST_REQUEST in *" /menu"* | *" /expenses"* | *" /eligibility"* | *" /benefits"* | *" /settings"*) return 0 ;; esac
    return 1
}

# One TAP line per request: an allowed status (never 500), nothing of the
# payload's markup unescaped, no header smuggled in.
check() {
    local desc=$1 problems=
    # 404: a year or a decision ID that names nothing of the household.
    case $STATUS in 200|303|400|403|404|413) ;; *) problems+=" status $STATUS;" ;; esac
    # (<img src=x: the payload's; 認証アプリの設定 shows an image of its own.)
    if grep -qiE '<script|<img src=x' <<< "$BODY"; then problems+=" unescaped markup;"; fi
    if grep -qi '^injected' <<< "$HEADERS"; then problems+=" injected header;"; fi
    if ! tr -d '\000' < "$T/body" | cmp -s - "$T/body"; then problems+=" a NUL in the page;"; fi
    if grep -qi '^Set-Cookie: injected' <<< "$HEADERS"; then problems+=" injected cookie;"; fi
    case $STATUS in
        400|403|404|413)
            # The portal answers its forms' errors 400 too: the form again,
            # its errors shown (a field's, or the whole form's).
            if ! grep -q "data-status=\"$STATUS\"" <<< "$BODY" &&
                ! { [ "$STATUS" = 400 ] && portal_request && grep -qE 'class="field-error"|id="form-error"' <<< "$BODY"; }; then
                problems+=" not the site's $STATUS page;"
            fi
            ;;
    esac
    if [ -z "$problems" ]; then pass "$desc: $STATUS, safe"; else fail "$desc:$problems"; fi
}

# fuzz_query PATH NAME: each payload as the query parameter NAME of a GET
# (but the 10 KB one: nginx refuses an overlong URI, t8109).
fuzz_query() {
    local path=$1 param=$2 p name
    for p in "${payloads[@]}"; do
        name=${p%%|*}
        [ "$name" != 10KB ] || continue
        get "$path?$param=${p#*|}"
        check "GET $path?$param <- $name"
    done
}

# fuzz_form PATH BASELINE FIELD...: each payload in each FIELD, the others
# from BASELINE (name=value&... already encoded).
fuzz_form() {
    local path=$1 baseline=$2 field p name value body
    shift 2
    for field in "$@"; do
        for p in "${payloads[@]}"; do
            name=${p%%|*}
            value=${p#*|}
            # The field replaced in the baseline, or added to it.
            body=$(printf '%s' "&$baseline" | sed -E "s/&$field=[^&]*//")
            body="$field=$value$body"
            rawpost "$path" "$body"
            check "POST $path $field <- $name"
            # A payload that happened to be valid moved the session on: back.
            if [ "$STATUS" = 303 ] && [ "$LOCATION" = /register/confirm ]; then
                follow
                check "  GET /register/confirm after $field <- $name"
                post /register/back
            fi
        done
    done
}

# --- step 1 -------------------------------------------------------------------------------------
get /login
fuzz_form /login 'user_id=ZZZZ-ZZZ9&password=x' user_id password csrf
is "$(sql 'SELECT COUNT(*) FROM members')" 1 "the members table is still there, with its member"
is "$(sql 'SELECT COUNT(*) FROM sessions')" 0 "no payload logged anybody in"

# --- step 2 -------------------------------------------------------------------------------------
login_member 8107 1
is "$LOCATION" /verify "the member logs in"
get /verify
fuzz_form /verify 'insurer_number=06279996&birth_date=19700101&agree=1' insurer_number birth_date agree
is "$(sql 'SELECT stage FROM sessions')" 1 "no payload passed the identity check"
verify_member 19770707
is "$LOCATION" /register "the member passes step 2"

# --- step 3 -------------------------------------------------------------------------------------
get /register
fuzz_form /register 'user_id=nakajima07&password=Kiwi4321x&password_confirm=Kiwi4321x&email=shichiro%40example.net' \
    user_id password password_confirm email
is "$(sql 'SELECT COUNT(*) FROM accounts')" 0 "no payload created an account"

# Refused with a clear message, next to the field: CR/LF in the mail address.
get /register
rawpost /register 'user_id=nakajima07&password=Kiwi4321x&password_confirm=Kiwi4321x&email=a%40example.net%0D%0ABcc%3A%20evil%40example.org'
is "$STATUS" 200 "a mail address with CR/LF and a Bcc header is refused"
like "$BODY" 'id="email-error">メールアドレスの形式が正しくありません' "with the message under the field"
# No browser sends a NUL: such a form is malformed as a whole.
rawpost /register 'user_id=nakajima07&password=Kiwi%00321x&password_confirm=Kiwi%00321x&email=a%40example.net'
is "$STATUS" 400 "a NUL in the password: the form is refused as malformed"
like "$BODY" '送信された内容を正しく受け取れませんでした' "with the site's 400 page saying so"
rawpost /register 'user_id=nakajima07&password=Kiwi4321x&password_confirm=Kiwi4321x&email=a%40example.net%00'
is "$STATUS" 400 "a NUL in the mail address too"
get /register
rawpost /register "user_id=nakajima07&password=Kiwi4321x&password_confirm=Kiwi4321x&email=$long%40example.net"
like "$BODY" 'id="email-error">入力が長すぎます' "a 10 KB mail address is refused as too long"
rawpost /register "user_id=nakajima07&password=Kiwi4321x&password_confirm=Kiwi4321x&email=%C0%AF%40example.net"
is "$STATUS" 400 "invalid UTF-8 in the mail address: the form is refused as malformed"

# Stored and echoed safely: metacharacters that are legal in an address.
addr="o'brien.{x}|y&z@example.net"
post /register user_id=nakajima07 password=Kiwi4321x password_confirm=Kiwi4321x email="$addr"
is "$LOCATION" /register/confirm "an address with ' { } | & is a valid address"
follow
like "$BODY" '<dd>o&#39;brien\.\{x\}\|y&amp;z@example\.net</dd>' "the confirm screen shows it escaped"
post /register/execute
is "$LOCATION" /register/done "実行"
is "$(sql 'SELECT email FROM accounts')" "$addr" "it is stored exactly as entered"
wait_until 10 '[ "$(mail_count)" -ge 1 ]'
mail=$(mails | head -n 1)
is "$(mail_header "$mail" To)" "$addr" "and is the mail's To exactly"
is "$(grep -ciE '^(bcc|cc):' "$mail")" 0 "no mail has a Cc or Bcc header"
ok "every header line of the mail is a header or a folded continuation" \
    awk 'BEGIN { bad = 0 } /^\r?$/ { exit bad } !/^[A-Za-z-]+: / && !/^[ \t]/ { bad = 1 } END { exit bad }' "$mail"

# --- the portal ---------------------------------------------------------------------------------
# The member just registered is logged in. Every form of the portal, with
# the right current password in the baseline (a wrong one counts toward the
# lockout, hence the high limit above) and a new password whose
# confirmation never matches, so that no payload changes anything.
hash_before=$(sql 'SELECT password_hash FROM accounts')
get /menu
is "$STATUS" 200 "the registered member is in the portal"
get /settings
fuzz_form /settings/password 'current_password=Kiwi4321x&new_password=Plum8765x&new_password_confirm=Plum8765y' \
    current_password new_password new_password_confirm
fuzz_form /settings/email 'new_email=shichiro%40example.net&email_current_password=Kiwi4321x' \
    new_email email_current_password
fuzz_form /settings/notices 'notices=1' notices
get /settings/app   # a key pending: the set-up's code is compared
fuzz_form /settings/app 'app_code=000000' app_code
fuzz_form /settings/app/remove 'remove_password=Kiwi4321x&remove_code=000000' remove_password remove_code
kosmoctl society set 06279996 --mfa optional > /dev/null   # the switch is there under optional only
fuzz_form /settings/mail-codes 'mail_codes=1' mail_codes
kosmoctl society set 06279996 --mfa site > /dev/null
fuzz_form /settings/email/confirm 'token=0123456789abcdef' token
fuzz_query /expenses year
fuzz_query /expenses/csv year
fuzz_query /expenses/print year
fuzz_query /benefits year
fuzz_query /benefits/notice id
fuzz_query /settings done
fuzz_query /settings/email/confirm token
is "$(sql 'SELECT password_hash FROM accounts')" "$hash_before" "no payload changed the password"
is "$(sql 'SELECT email FROM accounts')" "$addr" "nor the mail address"
is "$(sql 'SELECT COUNT(*) FROM email_changes')" 0 "no payload asked for a new address"
is "$(sql 'SELECT COUNT(*) FROM accounts WHERE totp_key IS NOT NULL OR mail_codes')" 0 \
    "nor set an app up or turned codes by mail on"
get /menu
is "$STATUS" 200 "and the member is still logged in"

# A society's file with formulas in its text: the CSV download writes them
# as text (a leading '), so the member's spreadsheet runs none of them.
cat > "$T/formulas.csv" <<'EOF'
insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay
06279996,8107,1,F-0001,@SUM(1+1),202604,"=HYPERLINK(""http://evil.example/"",""開く"")",outpatient,1,1000,300
06279996,8107,1,F-0002,中島 七郎,202603,-2+3+cmd|' /C calc'!A0,pharmacy,1,500,150
EOF
kosmoctl import-expenses "$T/formulas.csv" > /dev/null 2> "$T/err" || { sed 's/^/# /' "$T/err"; bail_out "cannot import claims"; }
get '/expenses/csv?year=2026'
is "$STATUS" 200 "the CSV of a year with formulas in its text answers"
is "$(tr -d '\r' <<< "$BODY" | tail -n 2)" "2026/04,'@SUM(1+1),\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"開く\"\")\",外来,1,1000,300,中島 七郎,サンプル健康保険組合
2026/03,中島 七郎,'-2+3+cmd|' /C calc'!A0,調剤,1,500,150,中島 七郎,サンプル健康保険組合" \
    "and writes each formula as text, the numbers as numbers"

# --- beyond the forms -------------------------------------------------------------------------
new_session
get '/login?expired=1%3Cscript%3Ealert(1)%3C/script%3E'
check "GET /login with markup in the query"
get '/terms?x=%FF%C0%AF'
check "GET /terms with invalid UTF-8 in the query"
get /login -H 'Cookie: kosmo_session=%3Cscript%3E; x=%FF'
check "GET /login with a junk session cookie"
get /verify -H "Cookie: kosmo_session=' OR '1'='1"
check "GET /verify with SQL in the session cookie"
is "$LOCATION" /login "which is no session"
get /login -H 'X-Request-ID: abc%0d%0aInjected: 1'
check "a request id with CR/LF"

ok "no binary logged a handler failure" \
    test -z "$(binary_logs | grep -E 'failed|exception' | grep -v -E 'stack:|mail_failed')"

done_testing
