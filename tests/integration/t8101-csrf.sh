#!/usr/bin/env bash
# t8101-csrf.sh: every POST route without, with an empty, a forged or another session's CSRF token gets the 403 page and changes nothing
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,8101,1,森 一郎,19800123,employee' || bail_out "import failed"
read -r TEMP_ID TEMP_PW <<< "$(credentials 8101 1)"

# Everything a POST could change, sessions' last_seen_at included: a refused
# POST must not even touch the session.
db_state() {
    sql "SELECT CONCAT_WS(' ', 'session', HEX(id_hash), stage, IFNULL(pending_user_id, '-'),
                IFNULL(pending_email, '-'), pending_password_hash IS NOT NULL, created_at, last_seen_at)
           FROM sessions ORDER BY id_hash;
         SELECT CONCAT_WS(' ', 'temp', login_failures, IFNULL(locked_until, '-'),
                IFNULL(retired_at, '-')) FROM temp_credentials;
         SELECT CONCAT_WS(' ', 'member', verify_failures, IFNULL(verify_locked_at, '-')) FROM members;
         SELECT CONCAT('accounts ', COUNT(*)) FROM accounts;
         SELECT CONCAT('consents ', COUNT(*)) FROM consents;
         SELECT CONCAT('outbox ', COUNT(*)) FROM mail_outbox;
         SELECT CONCAT('audit ', COUNT(*)) FROM audit_events;"
}

# A CSRF token that is genuine, but for another visitor's cookie.
other_token() {
    local jar=$JAR csrf=$CSRF token
    JAR=$T/other-jar
    rm -f "$JAR"
    get /login
    token=$CSRF
    JAR=$jar
    CSRF=$csrf
    printf '%s\n' "$token"
}
OTHER_CSRF=$(other_token)
isnt "$OTHER_CSRF" "" "a second visitor gets a CSRF token of their own"

# refused PATH FIELD...: the POST of FIELDS to PATH is refused four ways
# (no csrf field, an empty one, a forged one, another visitor's) and the
# database is the same afterwards.
refused() {
    local path=$1 before after how
    shift
    before=$(db_state)
    for how in none empty forged other; do
        case $how in
            none)
                local args=() f
                for f in "$@"; do args+=(--data-urlencode "$f"); done
                [ ${#args[@]} -gt 0 ] || args=(--data '')
                _request "POST $path (no csrf field)" "${args[@]}" "$BASE$path"
                ;;
            empty) post "$path" "$@" csrf= ;;
            forged) post "$path" "$@" csrf="AAAA${CSRF:4}" ;;
            other) post "$path" "$@" csrf="$OTHER_CSRF" ;;
        esac
        is "$STATUS" 403 "POST $path with $how CSRF token is refused with 403"
        like "$BODY" 'data-status="403"' "  the site's own 403 page ($how)"
    done
    like "$BODY" 'もう一度操作してください' "  which tells the member what to do"
    like "$(header Content-Security-Policy)" "frame-ancestors 'none'" "  and carries the security headers"
    after=$(db_state)
    is "$after" "$before" "POST $path refused: nothing in the database changed"
}

# Step 1: the right credentials, but no valid token.
get /login
login_csrf=$CSRF
refused /login user_id="$TEMP_ID" password="$TEMP_PW"
is "$(sql 'SELECT COUNT(*) FROM sessions')" 0 "no session was started by the refused logins"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event LIKE 'login%'")" 0 "and no login was even attempted"
# A token in the form but no cookie at all: the token is tied to the cookie.
cookie_jar=$JAR
JAR=$T/empty-jar
rm -f "$JAR"
post /login user_id="$TEMP_ID" password="$TEMP_PW" csrf="$login_csrf"
is "$STATUS" 403 "a genuine token without its cookie is refused"
JAR=$cookie_jar

# Step 2: the right insurer number and birth date.
post /login user_id="$TEMP_ID" password="$TEMP_PW"
is "$LOCATION" /verify "with its token the same login passes"
follow
refused /verify insurer_number=06279996 birth_date=19800123 agree=1
is "$(sql 'SELECT stage FROM sessions')" 1 "the session is still at step 1"

# Step 3 input: valid entries.
post /verify insurer_number=06279996 birth_date=19800123 agree=1
is "$LOCATION" /register "with its token step 2 passes"
follow
refused /register user_id=mori0001 password=Kiwi4321x password_confirm=Kiwi4321x email=mori@example.co.jp
is "$(sql 'SELECT CONCAT(stage, IFNULL(pending_user_id, "-")) FROM sessions')" 2- "nothing pending is stored"

# The confirm screen: 戻る and 実行.
post /register user_id=mori0001 password=Kiwi4321x password_confirm=Kiwi4321x email=mori@example.co.jp
is "$LOCATION" /register/confirm "with its token step 3 passes"
follow
refused /register/back
refused /register/execute
is "$(sql 'SELECT COUNT(*) FROM accounts')" 0 "no account was created"
is "$(sql 'SELECT COUNT(*) FROM mail_outbox')" 0 "no mail was queued"
post /register/execute
is "$LOCATION" /register/done "with its token 実行 creates the account"

# The main menu: ログアウト.
new_session
login_permanent mori0001 Kiwi4321x
is "$LOCATION" /menu "the permanent ID logs in"
follow
refused /logout
get /menu
is "$STATUS" 200 "after the refused logouts the session still opens the menu"
post /logout
is "$LOCATION" /login "with its token the logout works"
get /menu
like "$LOCATION" '^/login' "and the session is gone"

# Refused before any handler: also on a path that is not a form.
get /login
post /menu csrf=
is "$STATUS" 405 "a POST to a GET-only page is 405 (the method is checked before the token)"

done_testing
