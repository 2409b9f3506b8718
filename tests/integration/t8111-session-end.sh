#!/usr/bin/env bash
# t8111-session-end.sh: a session deleted while a step change waits is not revived; 実行 ends the member's other sessions; two session cookies count as none; __Host- over https
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tls.sh"

start_stack
import_members '06279996,8111,1,森 一郎,19810101,overseas' '06279996,8111,2,森 二郎,19820202,overseas' \
    '06279996,8111,3,森 三郎,19830303,overseas' || bail_out "import failed"

# with_cookies 'COOKIE HEADER' PATH: a GET sending exactly that Cookie header.
with_cookies() {
    new_session
    get "$2" -H "Cookie: $1"
}
mine() { printf "id_hash = UNHEX(SHA2('%s', 256))" "$(cookie kosmo_session)"; }
sessions_of() { sql "SELECT COUNT(*) FROM sessions s JOIN members m ON m.id = s.member_id WHERE m.number = '$1'"; }

# hold_then_delete: the session row of the jar's cookie is held locked for
# 1.5 s and then deleted in the same transaction, as a logout, the expiry
# of load_session or `kosmoctl purge-sessions` deletes it: a step change
# that read the session before then waits on the lock and finds it gone.
hold_then_delete() {
    local where
    where=$(mine)
    sql "START TRANSACTION;
         SELECT COUNT(*) INTO @n FROM sessions WHERE $where FOR UPDATE;
         DO SLEEP(1.5); DELETE FROM sessions WHERE $where; COMMIT" &
    HOLDER=$!
    sleep 0.3
}

# --- step 2 of a session deleted meanwhile -----------------------------------------------
login_member 8111 1
is "$LOCATION" /verify "member 1 logged in"
get /verify
hold_then_delete
post /verify insurer_number=06279996 birth_date=19810101 agree=1
wait "$HOLDER"
is "$STATUS $LOCATION" "303 /login?expired=1" "step 2 passed while the row was deleted: sent to the login, expired"
is "$(sessions_of 1)" 0 "no session was inserted in its place"
is "$(sql "SELECT COUNT(*) FROM consents c JOIN members m ON m.id = c.member_id WHERE m.number = '1'")" 0 \
    "and no consent was recorded for it"
get /register
is "$STATUS $LOCATION" "303 /login" "the cookie it answered with opens nothing"

# --- step 3 of a session deleted meanwhile (start_session) -------------------------------
new_session
login_member 8111 1
verify_member 19810101
is "$LOCATION" /register "member 1 passed step 2"
get /register
created=$(sql "SELECT created_at FROM sessions WHERE $(mine)")
hold_then_delete
post /register user_id=mori0001 password=Kiwi4321x password_confirm=Kiwi4321x email=ichiro@example.net
wait "$HOLDER"
is "$STATUS $LOCATION" "303 /login?expired=1" "step 3 input while the row was deleted: sent to the login, expired"
is "$(sessions_of 1)" 0 "no session was inserted in its place (the absolute timeout is not restarted)"
isnt "$created" "" "the deleted session had a creation time"
get /register/confirm
is "$STATUS $LOCATION" "303 /login" "the confirm screen does not open"

# --- 実行 ends the member's other pre-registration sessions -------------------------------
# Two browsers of one member: A goes to 実行, B was left on the step 2 screen.
as_browser() {
    eval "JAR_$CURRENT=\$JAR CSRF_$CURRENT=\$CSRF"
    CURRENT=$1
    JAR=$T/jar-$1
    eval "CSRF=\${CSRF_$1:-}"
}
CURRENT=main
as_browser B
login_member 8111 2
is "$LOCATION" /verify "browser B logged in (step 2 next)"
get /verify
as_browser C
login_member 8111 2
verify_member 19820202
is "$LOCATION" /register "browser C passed step 2 (step 3 next)"
as_browser A
login_member 8111 2
verify_member 19820202
enter_registration mori0002 Kiwi4321x jiro@example.net
is "$(sessions_of 2)" 3 "three sessions of member 2 before 実行"
post /register/execute
is "$LOCATION" /register/done "browser A: 実行"
is "$(sessions_of 2)" 1 "実行 leaves only the session that did it"
get /register/done
is "$STATUS" 200 "browser A sees the completion screen"
as_browser B
post /verify insurer_number=06279996 birth_date=19820202 agree=1
is "$STATUS $LOCATION" "303 /login" "browser B can no longer try birth dates"
as_browser C
get /register
is "$STATUS $LOCATION" "303 /login" "browser C no longer opens step 3"
is "$(sql "SELECT COUNT(*) FROM accounts")" 1 "one account"

# --- two session cookies: none ------------------------------------------------------------
as_browser main
new_session
login_member 8111 3
good=$(cookie kosmo_session)
with_cookies "kosmo_session=$good" /verify
is "$STATUS" 200 "one session cookie opens step 2"
with_cookies "kosmo_session=$good; kosmo_session=$good" /verify
is "$STATUS $LOCATION" "303 /login" "the same cookie twice: treated as none"
with_cookies "kosmo_session=junkjunk; kosmo_session=$good" /verify
is "$STATUS $LOCATION" "303 /login" "a planted cookie beside the real one: treated as none"
isnt "$(cookie kosmo_session)" "$good" "and the browser is handed a fresh ID"
is "$(sql "SELECT COUNT(*) FROM sessions WHERE id_hash = UNHEX(SHA2('$good', 256))")" 1 \
    "the real session is not ended by it"

# --- __Host- over https -------------------------------------------------------------------
stack_over_https
get /login
like "$(header Set-Cookie)" '^__Host-kosmo_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Secure$' \
    "https: the cookie is __Host-kosmo_session, Secure, Path=/, no Domain"
read -r ID3 PW3 <<< "$(credentials 8111 3)"
post /login user_id="$ID3" password="$PW3"
is "$LOCATION" /verify "https: the login works with the __Host- cookie"
host=$(cookie __Host-kosmo_session)
isnt "$host" "" "the jar holds it"
get /verify
is "$STATUS" 200 "and it opens step 2"
with_cookies "kosmo_session=$host" /verify
is "$STATUS $LOCATION" "303 /login" "https: the same token under the plain name is not read"
with_cookies "__Host-kosmo_session=$host; __Host-kosmo_session=$host" /verify
is "$STATUS $LOCATION" "303 /login" "https: two __Host- cookies count as none"
with_cookies "__Host-kosmo_session=$host" /verify
is "$STATUS" 200 "https: one __Host- cookie opens step 2"

done_testing
