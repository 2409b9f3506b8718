#!/usr/bin/env bash
# t8601-sqlmap.sh: sqlmap (bounded: --batch, level and risk 1, a time cap) against every form (the steps' and the portal's) and the session cookie finds no SQL injection
#
# Run by `make check-security` (tests/run t86), not by `make check`. Knobs:
#   KOSMO_SQLMAP_SECONDS   time cap of each sqlmap run (default 120)
#   KOSMO_SQLMAP_LEVEL     --level (default 1)    KOSMO_SQLMAP_RISK  --risk (default 1)
. "$(dirname "$0")/lib.sh"

command -v sqlmap > /dev/null 2>&1 || bail_out "sqlmap is not installed (tools/install-deps security)"
cap=${KOSMO_SQLMAP_SECONDS:-120}
level=${KOSMO_SQLMAP_LEVEL:-1}
risk=${KOSMO_SQLMAP_RISK:-1}

# sqlmap's payloads hit real IDs: the locks must not end the scan early.
# The scanners send thousands of wrong logins from one address: no lockout,
# neither per ID nor per address (t1005 and t8105 test those).
start_stack security.login_max_failures=1000 security.verify_max_failures=1000 \
    security.login_addr_max_failures=0
import_members '06279996,8601,1,田村 一,19700101,overseas' '06279996,8601,2,田村 二,19700202,overseas' \
    '06279996,8601,3,田村 三,19700303,overseas' '06279996,8601,4,田村 四,19700404,overseas' ||
    bail_out "import failed"
# The login form is scanned with member 3's real ID (so the lookups find a
# row), which its wrong passwords may well lock: members 1 and 2 go on.
read -r ID3 PW3 <<< "$(credentials 8601 3)"
access_log=$STACK/log/nginx-access.log

# scan NAME METHOD PATH PARAMS ANSWERS -- SQLMAP-ARGS...: one bounded sqlmap
# run on PARAMS only (at a higher level sqlmap would also vary the session
# cookie and so lose the session), turned into TAP: it ran (and its requests
# reached the program, not only the CSRF check: at least 90 % of them got
# one of the statuses ANSWERS), each of PARAMS was tested and none is
# injectable.
scan() {
    local name=$1 method=$2 path=$3 params=$4 answers=$5 out=$T/sqlmap-$1.log before rc total reached p
    shift 6
    before=$(wc -l < "$access_log")
    HOME=$T timeout -k 10 "$cap" sqlmap --batch --level "$level" --risk "$risk" --flush-session \
        --disable-coloring --output-dir="$T/sqlmap" --timeout 30 --retries 1 -p "${params// /,}" "$@" > "$out" 2>&1
    rc=$?
    is "$rc" 0 "sqlmap $name: finished within ${cap}s"
    # The requests of this run to the target, and those the program answered
    # beyond the CSRF check (not 403).
    total=$(tail -n +"$((before + 1))" "$access_log" | grep -c "\"$method $path[ ?]")
    reached=$(tail -n +"$((before + 1))" "$access_log" | grep "\"$method $path[ ?]" |
        awk -v answers=" $answers " 'index(answers, " " $9 " ")' | wc -l)
    ok "sqlmap $name: sent $total requests, $reached of them answered ${answers// / or }" \
        test "$total" -ge 50 -a "$reached" -ge $((total * 9 / 10))
    for p in $params; do
        like "$(cat "$out")" "parameter '$p' does not seem to be injectable" "sqlmap $name: '$p' tested, not injectable"
    done
    unlike "$(cat "$out")" 'identified the following injection point|is vulnerable|appears to be .*injectable' \
        "sqlmap $name: no injection point found"
    like "$(cat "$out")" 'all tested parameters do not appear to be injectable' "sqlmap $name: its verdict"
}

# The answers of a form: its page (200) or the refusal of a malformed body
# (400); of a page: itself, or a redirect to the login page for a cookie
# that is no session (303).
form='200 400'
page='200 303'

# Step 1: sqlmap takes the cookie the site sets and refreshes the CSRF token
# from the login page before each request.
scan login POST /login 'user_id password' "$form" -- -u "$BASE/login" \
    --data "user_id=$ID3&password=not-it&csrf=x" --csrf-token=csrf --csrf-url="$BASE/login"

# Step 2, in a logged-in session.
login_member 8601 1
is "$LOCATION" /verify "member 1 is logged in for step 2"
scan verify POST /verify 'insurer_number birth_date agree' "$form" -- -u "$BASE/verify" \
    --data 'insurer_number=06279996&birth_date=19991231&agree=1&csrf=x' \
    --cookie "kosmo_session=$(cookie kosmo_session)" --csrf-token=csrf --csrf-url="$BASE/verify"
is "$(sql "SELECT stage FROM sessions WHERE member_id = (SELECT id FROM members WHERE number = '1')")" 1 \
    "no payload passed step 2"

# Step 3, in a verified session. The confirmation never matches, so no
# payload moves the session on to the confirm screen.
new_session
login_member 8601 2
verify_member 19700202
is "$LOCATION" /register "member 2 is verified for step 3"
scan register POST /register 'user_id password password_confirm email' "$form" -- -u "$BASE/register" \
    --data 'user_id=tamura0002&password=Kiwi4321x&password_confirm=Kiwi4321y&email=ni%40example.net&csrf=x' \
    --cookie "kosmo_session=$(cookie kosmo_session)" --csrf-token=csrf --csrf-url="$BASE/register"
is "$(sql 'SELECT COUNT(*) FROM accounts')" 0 "no payload created an account"

# The session cookie (sqlmap tests cookies from level 2) and the one query
# parameter the site reads.
scan cookie GET /register 'kosmo_session' "$page" -- -u "$BASE/register" --cookie "kosmo_session=$(cookie kosmo_session)" \
    --level "$((level > 2 ? level : 2))"
scan query GET /login 'expired' "$page" -- -u "$BASE/login?expired=1"

# The portal, in a registered member's session: its forms (the right
# current password with a confirmation that never matches, and a wrong one,
# so that no payload changes anything; the settings answer a refused form
# 400, the notices switch 303) and the year of 医療費情報.
register_member 8601 4 19700404 tamura0004 Kiwi4321x yon@example.net || bail_out "member 4 did not register"
hash4=$(sql "SELECT password_hash FROM accounts WHERE user_id = 'tamura0004'")
portal=(--cookie "kosmo_session=$(cookie kosmo_session)" --csrf-token=csrf --csrf-url="$BASE/settings")
scan settings-password POST /settings/password 'current_password new_password new_password_confirm' "$form" -- \
    -u "$BASE/settings/password" "${portal[@]}" \
    --data 'current_password=Kiwi4321x&new_password=Plum8765x&new_password_confirm=Plum8765y&csrf=x'
scan settings-email POST /settings/email 'new_email email_current_password' "$form" -- \
    -u "$BASE/settings/email" "${portal[@]}" --data 'new_email=yon2%40example.net&email_current_password=not-it&csrf=x'
scan settings-notices POST /settings/notices 'notices' 303 -- \
    -u "$BASE/settings/notices" "${portal[@]}" --data 'notices=1&csrf=x'
scan email-confirm POST /settings/email/confirm 'token' "$form" -- \
    -u "$BASE/settings/email/confirm" "${portal[@]}" --data 'token=0123456789abcdef&csrf=x'
scan expenses GET /expenses 'year' 200 -- -u "$BASE/expenses?year=2025" --cookie "kosmo_session=$(cookie kosmo_session)"
is "$(sql "SELECT password_hash FROM accounts WHERE user_id = 'tamura0004'")" "$hash4" "no payload changed the password"
is "$(sql 'SELECT COUNT(*) FROM email_changes')" 0 "nor asked for a new mail address"
get /menu
is "$STATUS" 200 "and member 4 is still logged in"

is "$(sql 'SELECT COUNT(*) FROM members')" 4 "the members table is intact"
ok "no binary logged a handler failure" \
    test -z "$(binary_logs | grep -E 'handler .* failed|request failed')"

done_testing
