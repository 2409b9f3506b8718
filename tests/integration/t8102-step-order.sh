#!/usr/bin/env bash
# t8102-step-order.sh: every step's URL from every session stage — a page out of order sends the session where it belongs
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,8102,1,木村 二郎,19810203,overseas' || bail_out "import failed"

# The requests of the flow, and what each stage may open (200) or where it
# is sent instead (the Location of a 303). POSTs carry harmless bodies
# (empty forms): whatever a handler did with them, it must not move the
# session on. POST /register/execute is left out at stage 3, where it is
# the real next step.
requests=(
    "GET /verify" "POST /verify" "GET /register" "POST /register" "GET /register/confirm"
    "POST /register/back" "POST /register/execute" "GET /register/done" "GET /menu"
)

# matrix STAGE-NAME WANT...: one WANT per entry of requests ("200", a path,
# or "skip").
matrix() {
    local name=$1 i want method path stage_before
    shift
    local wants=("$@")
    stage_before=$(sql 'SELECT GROUP_CONCAT(stage) FROM sessions')
    # The CSRF token of the current cookie (the login page needs no session).
    get /login
    for ((i = 0; i < ${#requests[@]}; i++)); do
        want=${wants[i]}
        [ "$want" != skip ] || continue
        method=${requests[i]%% *}
        path=${requests[i]#* }
        if [ "$method" = GET ]; then get "$path"; else post "$path"; fi
        if [ "$want" = 200 ]; then
            is "$STATUS" 200 "$name: $method $path opens the page"
        else
            is "$STATUS $LOCATION" "303 $want" "$name: $method $path redirects to $want"
        fi
    done
    is "$(sql 'SELECT GROUP_CONCAT(stage) FROM sessions')" "$stage_before" \
        "$name: none of these requests moved the session"
}

matrix "no session" /login /login /login /login /login /login /login /login /login

read -r TEMP_ID TEMP_PW <<< "$(credentials 8102 1)"
get /login
post /login user_id="$TEMP_ID" password="$TEMP_PW"
is "$LOCATION" /verify "login: on to step 2"
matrix "stage 1 (logged in)" \
    200 200 /verify /verify /verify /verify /verify /verify /verify

verify_member 19810203
is "$LOCATION" /register "step 2 passed: on to step 3"
matrix "stage 2 (verified)" \
    /register /register 200 200 /register /register /register /register /register

enter_registration kimura0002 Kiwi4321x kimura@example.net
is "$STATUS" 200 "step 3 input passed: the confirm screen"
matrix "stage 3 (confirming)" \
    /register/confirm /register/confirm 200 200 200 /register skip /register/confirm /register/confirm
# 戻る kept the session at stage 3 (its entries are kept for the input screen).
get /register/confirm
post /register/execute
is "$LOCATION" /register/done "実行: registered"
matrix "stage 4 (registered)" \
    /register/done /register/done /register/done /register/done /register/done /register/done \
    /register/done 200 200

new_session
login_permanent kimura0002 Kiwi4321x
is "$LOCATION" /menu "the permanent ID logs in to the menu"
matrix "stage 10 (member)" /menu /menu /menu /menu /menu /menu /menu /menu 200

is "$(sql 'SELECT COUNT(*) FROM accounts')" 1 "one account in the end"
is "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'login-code'")" 1 "and one mail (besides the login's code)"

done_testing
