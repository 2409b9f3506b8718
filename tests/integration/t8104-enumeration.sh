#!/usr/bin/env bash
# t8104-enumeration.sh: unknown, wrong-password, locked, retired and overlong IDs (temporary and permanent formats) all get the same login page
. "$(dirname "$0")/lib.sh"

start_stack security.login_max_failures=3
import_members '06279996,8104,1,石井 一子,19850505,overseas' '06279996,8104,2,石井 二子,19860606,overseas' \
    '06279996,8104,3,石井 三子,19870707,overseas' '06279996,8104,4,石井 四子,19880808,overseas' \
    || bail_out "import failed"
read -r ID1 PW1 <<< "$(credentials 8104 1)"
read -r ID2 PW2 <<< "$(credentials 8104 2)"
read -r ID3 PW3 <<< "$(credentials 8104 3)"
read -r ID4 PW4 <<< "$(credentials 8104 4)"

# Member 3 registers a permanent ID (and so retires its temporary one).
login_member 8104 3
verify_member 19870707
enter_registration ishii0003 Kiwi4321x sanko@example.net
post /register/execute
is "$LOCATION" /register/done "a permanent ID ishii0003 is registered"
# Member 2 registers one too, to be locked below.
new_session
login_member 8104 2
verify_member 19860606
enter_registration ishii0002 Kiwi4321x niko@example.net
post /register/execute
is "$LOCATION" /register/done "a permanent ID ishii0002 is registered"

# page: the login answer, with what legitimately differs taken out: the
# CSRF token and the ID echoed in the form.
page() {
    printf '%s\n' "$STATUS"
    printf '%s\n' "$HEADERS" | grep -v -i -E '^(date|set-cookie|content-length):' | sed 's/^HTTP[^ ]* //'
    printf '%s\n' "$BODY" | sed -e 's/name="csrf" value="[^"]*"/name="csrf" value=""/g' \
        -e 's/name="user_id" value="[^"]*"/name="user_id" value=""/g'
}
attempt() {
    new_session
    get /login
    post /login user_id="$1" password="$2"
}

attempt "$ID1" wrong-password-1
is "$STATUS" 200 "a wrong password shows the login form again"
like "$BODY" 'ユーザIDまたはパスワードが正しくありません' "with the generic message"
reference=$(page)

# The locks: three failures (the configured limit), one already made above.
for i in 1 2 3; do attempt ishii0002 "Wrong-$i"; done
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_locked'")" 1 "the permanent ID ishii0002 is locked"
for i in 1 2; do attempt "$ID1" "wrong-again-$i"; done
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_locked'")" 2 "the temporary ID of member 1 is locked"

long_id=$(printf 'A%.0s' $(seq 1 65))
cases=(
    "temporary ID, wrong password|$ID4|x-wrong-password"
    "temporary ID, unknown|ZZZZ-ZZZ9|x-wrong-password"
    "temporary ID, unknown, lower case|zzzz-zzz9|x-wrong-password"
    "temporary ID, locked, right password|$ID1|$PW1"
    "temporary ID, locked, wrong password|$ID1|x-wrong-password"
    "temporary ID, retired, right password|$ID3|$PW3"
    "permanent ID, wrong password|ishii0003|Kiwi4321y"
    "permanent ID, unknown|ishii9999|Kiwi4321x"
    "permanent ID, locked, right password|ishii0002|Kiwi4321x"
    "permanent ID, locked, wrong password|ishii0002|Kiwi4321y"
    "an ID of 65 characters (never looked up)|$long_id|Kiwi4321x"
    "an ID that is no ID at all|' OR 1=1 -- |x"
    "an ID in another script|石井一子|x"
)
for c in "${cases[@]}"; do
    IFS='|' read -r desc id pw <<< "$c"
    attempt "$id" "$pw"
    is "$(page)" "$reference" "$desc: the same page as a wrong password"
done

# What the member typed comes back, unless it was too long to be an ID.
attempt ZZZZ-ZZZ9 x
like "$BODY" 'name="user_id" value="ZZZZ-ZZZ9"' "an unknown ID is echoed like a known one"
attempt "$long_id" x
like "$BODY" 'name="user_id" value=""' "an overlong ID is not echoed"

# The operator sees every attempt, and what it was, in the audit log.
# unknown: ZZZZ-ZZZ9 (twice), zzzz-zzz9, ishii9999, the quote and the kanji.
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_failed' AND detail = 'unknown id'")" 6 \
    "unknown IDs are audited as such (the overlong one is not looked up)"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_failed' AND detail = 'locked'")" 4 \
    "attempts on a locked ID are audited as such"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_failed' AND detail = 'retired'")" 1 \
    "and on a retired temporary ID"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE login_id IS NOT NULL AND login_id LIKE 'ZZZZ%'")" 2 \
    "the audit row names the ID tried"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE client_addr = '127.0.0.1' AND event LIKE 'login%'")" \
    "$(sql "SELECT COUNT(*) FROM audit_events WHERE event LIKE 'login%'")" "and the client address"

done_testing
