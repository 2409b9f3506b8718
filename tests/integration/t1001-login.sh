#!/usr/bin/env bash
# t1001-login.sh: step 1 — the login page, wrong credentials, success and rotation
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,1001,1,山田 太郎,19800123,employee' || bail_out "import failed"
read -r TEMP_ID TEMP_PW <<< "$(credentials 1001 1)"
like "$TEMP_ID" '^[A-Z2-9]{4}-[A-Z2-9]{4}$' "the temporary ID has the form XXXX-XXXX"

get /login
is "$STATUS" 200 "the login page answers 200"
like "$BODY" '<label for="user_id">ユーザID</label>' "it has a label ユーザID"
like "$BODY" '<label for="password">パスワード</label>' "it has a label パスワード"
like "$BODY" '<button type="submit"[^>]*>ログイン</button>' "it has the ログイン button"
like "$(header Content-Security-Policy)" "default-src 'none'" "it sends a strict Content-Security-Policy"
is "$(header X-Content-Type-Options)" nosniff "it sends X-Content-Type-Options: nosniff"
like "$(header Cache-Control)" 'no-store' "it is not cached"
cookie_line=$(printf '%s\n' "$HEADERS" | grep -i '^Set-Cookie: kosmo_session=')
like "$cookie_line" 'HttpOnly' "the session cookie is HttpOnly"
like "$cookie_line" 'SameSite=Strict' "and SameSite=Strict"
like "$cookie_line" 'Path=/' "and Path=/"
pre_login=$(cookie kosmo_session)
isnt "$pre_login" "" "a pre-login cookie is set"
is "$(sql 'SELECT COUNT(*) FROM sessions')" 0 "showing the login page stores no session"

post /login user_id="$TEMP_ID" password="$TEMP_PW" csrf=
is "$STATUS" 403 "a POST without the CSRF token is refused"
post /login user_id="$TEMP_ID" password="$TEMP_PW" csrf=forged
is "$STATUS" 403 "a POST with a wrong CSRF token is refused"
is "$(sql 'SELECT COUNT(*) FROM sessions')" 0 "and nothing was logged in"

get /login
post /login user_id="$TEMP_ID" password="wrong-password-1"
is "$STATUS" 200 "a wrong password shows the form again"
like "$BODY" 'ユーザIDまたはパスワードが正しくありません' "with the one generic message"
like "$BODY" "value=\"$TEMP_ID\"" "the ID typed is kept"
unlike "$BODY" 'wrong-password-1' "the password typed is not echoed"
wrong_pw_body=$(printf '%s\n' "$BODY" | grep -v 'name="csrf"' | sed "s/$TEMP_ID/ID/")

post /login user_id="ZZZZ-ZZZZ" password="wrong-password-1"
unknown_body=$(printf '%s\n' "$BODY" | grep -v 'name="csrf"' | sed 's/ZZZZ-ZZZZ/ID/')
is "$unknown_body" "$wrong_pw_body" "an unknown ID gets exactly the same page as a wrong password"

post /login user_id="" password=""
like "$BODY" 'id="user_id-error">入力してください' "an empty ID is reported next to the field"
like "$BODY" 'aria-invalid="true"' "and the field is marked invalid"

get /verify
is "$STATUS" 303 "step 2 without a session sends the visitor away"
like "$LOCATION" '^/login' "to the login page"

get /login
post /login user_id="$(printf '%s' "$TEMP_ID" | tr 'A-Z' 'a-z')" password="$TEMP_PW"
is "$STATUS" 303 "the temporary credentials log in (the ID in lower case too)"
is "$LOCATION" /verify "and lead to step 2"
post_login=$(cookie kosmo_session)
isnt "$post_login" "$pre_login" "the session ID is new after login (no fixation)"
is "$(sql 'SELECT stage FROM sessions')" 1 "one session at stage 1 is stored"
is "$(sql "SELECT COUNT(*) FROM sessions WHERE id_hash = UNHEX(SHA2('$post_login', 256))")" 1 \
    "stored by the SHA-256 of the cookie, never the cookie itself"
follow
is "$STATUS" 200 "the step-2 page answers for the logged-in session"
like "$BODY" '保険者番号' "and asks for the insurer number"

get /register
is "$STATUS" 303 "step 3 cannot be opened before step 2"
is "$LOCATION" /verify "it sends the session back to step 2"
get /register/confirm
is "$LOCATION" /verify "nor can the confirm screen"

new_session
get /login
fullwidth_id=$(printf '%s' "$TEMP_ID" | sed 's/-/－/')
post /login user_id="　$fullwidth_id " password="$TEMP_PW"
is "$LOCATION" /verify "a full-width hyphen and surrounding spaces in the ID are accepted"

is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_ok'")" 2 "each login is audited"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_failed'")" 2 "each failure is audited"

done_testing
