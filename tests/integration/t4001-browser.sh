#!/usr/bin/env bash
# t4001-browser.sh: the whole flow and its error paths in Debian's chromium
# (tests/browser/, playwright-core), at phone and desktop size, axe on every
# screen; screenshots in build/screenshots/. One TAP line per browser test.
. "$(dirname "$0")/lib.sh"

BROWSER_DIR=$TOP/tests/browser
NODE_PID=

# The node runner goes first when the script is stopped; playwright closes
# its chromium on SIGTERM.
stop_node() {
    [ -z "$NODE_PID" ] || kill -TERM "$NODE_PID" 2> /dev/null
}
trap 'stop_node; exit 130' INT
trap 'stop_node; exit 143' TERM HUP

command -v node > /dev/null || bail_out "node is not installed: run tools/install-deps"
[ -x "${KOSMO_CHROMIUM:-/usr/bin/chromium}" ] || bail_out "chromium is not installed: run tools/install-deps"
[ -f "$BROWSER_DIR/node_modules/playwright-core/package.json" ] &&
    [ -f "$BROWSER_DIR/node_modules/axe-core/axe.min.js" ] ||
    bail_out "tests/browser/node_modules is missing: run tools/install-deps (it runs npm ci there)"

diag "node $(node --version), $("${KOSMO_CHROMIUM:-/usr/bin/chromium}" --version 2> /dev/null | head -n 1)"

# The 503 test stops MariaDB: a server of its own, as in t8001.
unset KOSMO_TEST_DB_SOCKET
start_stack security.verify_max_failures=3

members=(
    '06279996,4001,1,山田 花子,19800123,employee'
    '06279996,4001,2,佐藤 次郎,19751115,employee'
    '06279996,4002,1,鈴木 三郎,19620304,voluntary'
    '06279996,4002,2,高橋 四郎,19580812,overseas'
)
import_members "${members[@]}" || bail_out "import failed"
{
    echo "insurer_number,symbol,number,name,birth_date,category"
    printf '%s\n' "${members[@]}"
} > "$T/browser-members.csv"

# Taken into the script's own dir (another run may be going on), and then
# put in build/screenshots/ in place of the last run's.
SHOTS=$T/screenshots

(
    cd "$BROWSER_DIR" &&
        KOSMO_BASE=$BASE KOSMO_TOP=$TOP KOSMO_STACK=$STACK KOSMO_DB_SOCKET=$DB_SOCKET \
        KOSMO_DB_NAME=$DB_NAME KOSMO_SCREENSHOTS=$SHOTS KOSMO_VERIFY_MAX_FAILURES=3 \
        KOSMO_MEMBERS_CSV=$T/browser-members.csv KOSMO_CREDENTIALS_CSV=$T/credentials.csv \
        exec node --test-reporter=./report.mjs flow.test.mjs
) > "$T/node.out" 2>&1 &
NODE_PID=$!
wait "$NODE_PID"
node_rc=$?
NODE_PID=

results=0
failed_before=$TAP_FAILED
plan=
show=
while IFS= read -r line; do
    case $line in
        'BROWSER ok '*) pass "browser: ${line#BROWSER ok }"; results=$((results + 1)); show= ;;
        'BROWSER not ok '*) fail "browser: ${line#BROWSER not ok }"; results=$((results + 1)); show=1 ;;
        'BROWSER plan '*) plan=${line#BROWSER plan } ;;
        '#'*) [ -z "$show" ] && [ "${KOSMO_TEST_VERBOSE:-}" != 1 ] || echo "$line" ;;
    esac
done < "$T/node.out"

# A runner that stopped early (a syntax error, a crash) is a failure too.
browser_failed=$((TAP_FAILED - failed_before))
if [ -z "$plan" ] || [ "$plan" -eq 0 ] || [ "$results" -ne "$plan" ] ||
    { [ "$node_rc" -ne 0 ] && [ "$browser_failed" -eq 0 ]; }; then
    fail "the browser test runner finished its plan (plan '${plan}', $results results, exit $node_rc)"
    grep -v '^BROWSER ' "$T/node.out" | grep -v '^# ' | head -n 40 | sed 's/^/#   /'
else
    pass "the browser test runner finished its plan ($plan tests)"
fi

# check() takes one screenshot per screen: the same screens at both sizes.
phone=$(cd "$SHOTS" && ls phone-*.png 2> /dev/null | sed 's/^phone-//')
desktop=$(cd "$SHOTS" && ls desktop-*.png 2> /dev/null | sed 's/^desktop-//')
like "$phone" 'login\.png' "a screenshot of every phone screen was taken"
is "$desktop" "$phone" "and of the same screens at desktop size"
mkdir -p "$TOP/build/screenshots" && rm -f "$TOP/build/screenshots"/*.png &&
    cp "$SHOTS"/*.png "$TOP/build/screenshots/" 2> /dev/null

done_testing
