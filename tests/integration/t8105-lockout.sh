#!/usr/bin/env bash
# t8105-lockout.sh: lockout edges — the permanent ID, a success resets the count, a lock ends by itself and is not stretched, re-locks are audited, step 2 counts across logins
. "$(dirname "$0")/lib.sh"

start_stack security.login_max_failures=3 security.login_lock_minutes=30 security.verify_max_failures=3
import_members '06279996,8105,1,大野 一郎,19800101,overseas' '06279996,8105,2,大野 二郎,19800202,overseas' \
    || bail_out "import failed"
read -r ID1 PW1 <<< "$(credentials 8105 1)"
read -r ID2 PW2 <<< "$(credentials 8105 2)"

attempt() {
    new_session
    get /login
    post /login user_id="$1" password="$2"
}
log_in() {  # log_in USER_ID PASSWORD: a whole login, through the code by mail
    new_session
    login_permanent "$1" "$2"
}
locked_until() { sql "SELECT IFNULL(locked_until, '-') FROM accounts WHERE user_id = '$1'"; }

# Member 1 registers a permanent ID.
login_member 8105 1
verify_member 19800101
enter_registration oono00001 Kiwi4321x ichiro@example.net
post /register/execute
is "$LOCATION" /register/done "oono00001 is registered"

# --- the count: limit - 1 failures, then a success, starts it again -------------------
attempt oono00001 wrong-1
attempt oono00001 wrong-2
log_in oono00001 Kiwi4321x
is "$LOCATION" /menu "two failures (under the limit of 3), then the right password logs in"
is "$(sql "SELECT login_failures FROM accounts WHERE user_id = 'oono00001'")" 0 "and clears the count"
attempt oono00001 wrong-3
attempt oono00001 wrong-4
log_in oono00001 Kiwi4321x
is "$LOCATION" /menu "so two more failures do not lock it"

# --- the lock --------------------------------------------------------------------------------
for i in 1 2 3; do attempt oono00001 "Wrong-$i"; done
is "$(sql "SELECT locked_until > NOW(6) + INTERVAL 29 MINUTE FROM accounts WHERE user_id = 'oono00001'")" 1 \
    "three failures lock the permanent ID for the configured 30 minutes"
until1=$(locked_until oono00001)
attempt oono00001 Kiwi4321x
is "$STATUS" 200 "while locked, the right password does not log in"
for i in 1 2 3 4; do attempt oono00001 "more-$i"; done
is "$(locked_until oono00001)" "$until1" "more failures while locked do not stretch the lock"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_locked' AND login_id = 'oono00001'")" 1 \
    "one lock, one login_locked audit row"

# The lock runs out by itself: nobody can lock a member out for good...
sql "UPDATE accounts SET locked_until = NOW(6) - INTERVAL 1 SECOND WHERE user_id = 'oono00001'"
log_in oono00001 Kiwi4321x
is "$LOCATION" /menu "after the lock time the right password logs in again"

# ...without being seen: each renewed lock is another audit row the operator
# finds with kosmoctl audit (and lifts with kosmoctl unlock).
for round in 1 2; do
    for i in 1 2 3; do attempt oono00001 "attack-$round-$i"; done
    sql "UPDATE accounts SET locked_until = NOW(6) - INTERVAL 1 SECOND WHERE user_id = 'oono00001'"
done
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_locked' AND login_id = 'oono00001'")" 3 \
    "a third party renewing the lock leaves one login_locked row per lock"
out=$(kosmoctl audit --login-id oono00001 --event login_locked 2>&1)
is "$(printf '%s\n' "$out" | grep -c 'login_locked')" 3 "kosmoctl audit lists every lock of the ID"
like "$out" 'addr=127\.0\.0\.1' "with the address the attempts came from"
is "$(kosmoctl audit --login-id oono00001 --event login_failed 2>&1 | grep -c 'login_failed')" 18 \
    "and every failed attempt (the right password during a lock too)"

# --- the temporary ID --------------------------------------------------------------------------
for i in 1 2 3; do attempt "$ID2" "wrong-$i"; done
attempt "$ID2" "$PW2"
is "$STATUS" 200 "the temporary ID locks the same way"
kosmoctl unlock --temp-user-id "$ID2" > /dev/null 2>&1
attempt "$ID2" "$PW2"
is "$LOCATION" /verify "kosmoctl unlock lifts the lock at once"

# --- step 2: the count survives a new login -------------------------------------------------------
verify_once() {
    get /verify
    post /verify insurer_number=06279996 birth_date="$1" agree=1
}
verify_once 19700101
verify_once 19700102
is "$(sql "SELECT verify_failures FROM members WHERE number = '2'")" 2 "two mismatches are counted"
attempt "$ID2" "$PW2"
is "$LOCATION" /verify "a new login"
verify_once 19700103
like "$BODY" '本人情報の確認に続けて失敗したため' "does not start the count again: the third mismatch locks step 2"
verify_once 19800202
like "$BODY" '本人情報の確認に続けて失敗したため' "and the right birth date no longer passes"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'verify_failed'")" 3 "each mismatch is audited"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'verify_locked'")" 1 "and the lock"
is "$(sql "SELECT verify_locked_at IS NOT NULL FROM members WHERE number = '2'")" 1 \
    "the step-2 lock holds until an operator lifts it (only the member's temporary password reaches step 2)"
# Locking step 2 needs the temporary password: without it nobody gets there.
new_session
get /login
post /verify insurer_number=06279996 birth_date=19700104 agree=1
is "$STATUS $LOCATION" "303 /login" "without a login, step 2 cannot even be tried"

done_testing
