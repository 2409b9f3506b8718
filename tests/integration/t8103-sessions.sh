#!/usr/bin/env bash
# t8103-sessions.sh: the session ID rotates at login and each step, a planted ID is never the logged-in one, idle and absolute timeouts end it server-side, logout ends it
. "$(dirname "$0")/lib.sh"

start_stack security.session_idle_minutes=10 security.session_absolute_minutes=60
import_members '06279996,8103,1,林 三郎,19790303,overseas' '06279996,8103,2,林 四郎,19790404,overseas' \
    '06279996,8103,3,林 五郎,19790505,overseas' || bail_out "import failed"

# plant VALUE: the browser holds kosmo_session=VALUE (and nothing else).
plant() {
    printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tkosmo_session\t%s\n' "$1" > "$JAR"
    CSRF=
}
stored() { sql "SELECT COUNT(*) FROM sessions WHERE id_hash = UNHEX(SHA2('$1', 256))"; }
member_of() { sql "SELECT m.id FROM members m WHERE m.number = '$1'"; }

# --- rotation at each step -------------------------------------------------------------
read -r ID1 PW1 <<< "$(credentials 8103 1)"
get /login
c0=$(cookie kosmo_session)
post /login user_id="$ID1" password="$PW1"
c1=$(cookie kosmo_session)
isnt "$c1" "$c0" "login: a new session ID"
is "$(stored "$c0")" 0 "the pre-login ID was never stored"
verify_member 19790303
c2=$(cookie kosmo_session)
isnt "$c2" "$c1" "step 2 passed: a new session ID"
is "$(stored "$c1")" 0 "the step-1 ID is deleted at once"
enter_registration hayashi001 Kiwi4321x saburo@example.net
c3=$(cookie kosmo_session)
isnt "$c3" "$c2" "step 3 input passed: a new session ID"
is "$(stored "$c2")" 0 "the step-2 ID is deleted at once"
is "$(sql 'SELECT COUNT(*) FROM sessions')" 1 "one member, one session row"

# The old IDs are worthless now: a thief who copied one gets the login page.
for old in "$c1" "$c2"; do
    plant "$old"
    get /register/confirm
    is "$STATUS $LOCATION" "303 /login" "a replayed old ID (${old:0:6}…) opens nothing"
done
plant "$c3"
get /register/confirm
is "$STATUS" 200 "the current ID still works"
post /register/execute
is "$LOCATION" /register/done "実行"
is "$(cookie kosmo_session)" "$c3" "実行 keeps the ID (a second 実行 must find the same session)"
new_session
login_permanent hayashi001 Kiwi4321x
c4=$(cookie kosmo_session)
is "$LOCATION" /menu "the permanent ID logs in"
isnt "$c4" "$c3" "with a new session ID"

# --- fixation ----------------------------------------------------------------------------
read -r ID2 PW2 <<< "$(credentials 8103 2)"
# An attacker fetches a genuine pre-login ID and plants it in the victim's browser.
new_session
get /login
planted=$(cookie kosmo_session)
plant "$planted"
get /login
post /login user_id="$ID2" password="$PW2"
is "$LOCATION" /verify "the victim logs in with the planted ID"
after=$(cookie kosmo_session)
isnt "$after" "$planted" "and gets a new ID: the planted one is not the session"
is "$(stored "$planted")" 0 "the planted ID is stored nowhere"
is "$(stored "$after")" 1 "the new one is"
plant "$planted"
get /verify
is "$STATUS $LOCATION" "303 /login" "the attacker's copy of the planted ID opens nothing"

# The attacker plants the ID of a live session of their own (their own
# login): the victim's login replaces it rather than joining it.
read -r ID3 PW3 <<< "$(credentials 8103 3)"
new_session
get /login
post /login user_id="$ID3" password="$PW3"
attacker=$(cookie kosmo_session)
plant "$attacker"
get /login
post /login user_id="$ID2" password="$PW2"
victim=$(cookie kosmo_session)
isnt "$victim" "$attacker" "logging in over a planted live session gives a new ID"
is "$(stored "$attacker")" 0 "and the planted session is ended"
is "$(sql "SELECT member_id FROM sessions WHERE id_hash = UNHEX(SHA2('$victim', 256))")" "$(member_of 2)" \
    "the new session belongs to the victim"

# A junk cookie (not one of ours) is replaced at once.
plant 'junk;<script>'
get /login
isnt "$(cookie kosmo_session)" 'junk;<script>' "a malformed cookie is replaced by a fresh ID"

# --- idle timeout (10 minutes here) -------------------------------------------------------------
plant "$victim"
sql "UPDATE sessions SET last_seen_at = NOW(6) - INTERVAL 9 MINUTE WHERE id_hash = UNHEX(SHA2('$victim', 256))"
get /verify
is "$STATUS" 200 "9 idle minutes (under the limit of 10): the session lives"
is "$(sql "SELECT last_seen_at > NOW(6) - INTERVAL 1 MINUTE FROM sessions WHERE id_hash = UNHEX(SHA2('$victim', 256))")" 1 \
    "and each request refreshes its last_seen_at"
sql "UPDATE sessions SET last_seen_at = NOW(6) - INTERVAL 11 MINUTE WHERE id_hash = UNHEX(SHA2('$victim', 256))"
get /verify
is "$STATUS $LOCATION" "303 /login?expired=1" "11 idle minutes: the session has expired"
is "$(stored "$victim")" 0 "and is deleted server-side"
follow
is "$STATUS" 200 "the member lands on the login page"
like "$BODY" '一定時間操作がなかったため、ログインし直してください' "with a clear message"
like "$BODY" 'role="status"' "shown as news, not as an error of theirs"
get /verify
is "$STATUS $LOCATION" "303 /login" "replaying the expired ID opens nothing"

# An expired session cannot post either: no consent, nothing changed.
get /login
post /login user_id="$ID2" password="$PW2"
get /verify
sql "UPDATE sessions SET last_seen_at = NOW(6) - INTERVAL 11 MINUTE WHERE id_hash = UNHEX(SHA2('$(cookie kosmo_session)', 256))"
post /verify insurer_number=06279996 birth_date=19790404 agree=1
is "$STATUS $LOCATION" "303 /login?expired=1" "a POST in an expired session is sent to the login page"
is "$(sql "SELECT COUNT(*) FROM consents WHERE member_id = $(member_of 2)")" 0 "and records nothing"

# --- absolute timeout (60 minutes here) ----------------------------------------------------------
# Only this browser's session is aged (the member has others from above).
mine() { printf "id_hash = UNHEX(SHA2('%s', 256))" "$(cookie kosmo_session)"; }
get /login
post /login user_id="$ID2" password="$PW2"
sql "UPDATE sessions SET created_at = NOW(6) - INTERVAL 50 MINUTE WHERE $(mine)"
before=$(sql "SELECT created_at FROM sessions WHERE $(mine)")
verify_member 19790404
is "$LOCATION" /register "a busy session passes step 2"
is "$(sql "SELECT created_at FROM sessions WHERE $(mine)")" "$before" \
    "the rotated ID keeps the login's start: rotation never stretches the absolute limit"
sql "UPDATE sessions SET created_at = NOW(6) - INTERVAL 61 MINUTE, last_seen_at = NOW(6) WHERE $(mine)"
aged=$(cookie kosmo_session)
get /register
is "$STATUS $LOCATION" "303 /login?expired=1" "61 minutes after login: expired although it was active"
is "$(stored "$aged")" 0 "and deleted server-side"
follow
like "$BODY" '一定時間操作がなかったため' "with the same clear message"

# At the confirm screen, an expired session cannot 実行.
get /login
post /login user_id="$ID2" password="$PW2"
verify_member 19790404
enter_registration hayashi002 Kiwi4321x shiro@example.net
sql "UPDATE sessions SET created_at = NOW(6) - INTERVAL 61 MINUTE WHERE $(mine)"
post /register/execute
is "$STATUS $LOCATION" "303 /login?expired=1" "実行 in an expired session goes to the login page"
is "$(sql "SELECT COUNT(*) FROM accounts WHERE member_id = $(member_of 2)")" 0 "and creates no account"

# --- logout -----------------------------------------------------------------------------------
new_session
login_permanent hayashi001 Kiwi4321x
follow
member_cookie=$(cookie kosmo_session)
is "$STATUS" 200 "the member is on the menu"
post /logout
is "$LOCATION" /login "ログアウト leads to the login page"
is "$(stored "$member_cookie")" 0 "the session is deleted server-side"
isnt "$(cookie kosmo_session)" "$member_cookie" "the browser gets a new ID"
is "$(stored "$(cookie kosmo_session)")" 0 "which is not a session"
plant "$member_cookie"
get /menu
is "$STATUS $LOCATION" "303 /login" "replaying the logged-out ID opens nothing"

# A temporary login can log out too.
new_session
get /login
post /login user_id="$ID3" password="$PW3"
temp_cookie=$(cookie kosmo_session)
follow
post /logout
is "$(stored "$temp_cookie")" 0 "a step-1 session ends at logout too"

done_testing
