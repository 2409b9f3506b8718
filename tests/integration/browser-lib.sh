# browser-lib.sh: what the browser scripts (t4001–t4004) share, sourced after
# lib.sh: their prerequisites, one node run of a test file turned into TAP
# lines, and the screenshots' way into build/screenshots/.
#
#   need_browser                  bails out unless node, chromium and tests/browser/node_modules are there
#   run_browser_file FILE [NAME=VALUE ...]
#                                 runs tests/browser/FILE against the stack (the NAME=VALUE pairs
#                                 join its environment); one TAP line per browser test, and one
#                                 for the runner finishing its plan
#   register_browser_accounts ACCOUNT...
#                                 registers each ACCOUNT (viewport,role,symbol,number,user_id,
#                                 password,email) through the three steps, its birth date from
#                                 the script's members array, and lists them in
#                                 $T/browser-accounts.csv for the browser tests
#   same_screens_at_both_sizes PATTERN   both sizes have the same screenshots, PATTERN among them
#   keep_screenshots GLOB...      build/screenshots/GLOB: this run's in place of the last run's
#   $SHOTS                        where check() puts the screenshots (the script's own dir)

BROWSER_DIR=$TOP/tests/browser
# Taken into the script's own dir (another run may be going on), and then
# put in build/screenshots/ in place of the last run's.
SHOTS=$T/screenshots
NODE_PID=

# The node runner goes first when the script is stopped; playwright closes
# its chromium on SIGTERM.
stop_node() {
    [ -z "$NODE_PID" ] || kill -TERM "$NODE_PID" 2> /dev/null
}
trap 'stop_node; exit 130' INT
trap 'stop_node; exit 143' TERM HUP

register_browser_accounts() {
    local a symbol number user_id password email birth
    echo "viewport,role,symbol,number,user_id,password,email" > "$T/browser-accounts.csv"
    for a in "$@"; do
        IFS=, read -r _ _ symbol number user_id password email <<< "$a"
        birth=$(printf '%s\n' "${members[@]}" | awk -F, -v s="$symbol" -v n="$number" '$2 == s && $3 == n { print $5 }')
        register_member "$symbol" "$number" "$birth" "$user_id" "$password" "$email" ||
            bail_out "cannot register $user_id"
        echo "$a" >> "$T/browser-accounts.csv"
    done
}

need_browser() {
    command -v node > /dev/null || bail_out "node is not installed: run tools/install-deps"
    [ -x "${KOSMO_CHROMIUM:-/usr/bin/chromium}" ] || bail_out "chromium is not installed: run tools/install-deps"
    [ -f "$BROWSER_DIR/node_modules/playwright-core/package.json" ] &&
        [ -f "$BROWSER_DIR/node_modules/axe-core/axe.min.js" ] ||
        bail_out "tests/browser/node_modules is missing: run tools/install-deps (it runs npm ci there)"
    diag "node $(node --version), $("${KOSMO_CHROMIUM:-/usr/bin/chromium}" --version 2> /dev/null | head -n 1)"
}

run_browser_file() {
    local file=$1 out=$T/node-${1%%.*}.out node_rc
    shift
    (
        cd "$BROWSER_DIR" &&
            exec env KOSMO_BASE="$BASE" KOSMO_TOP="$TOP" KOSMO_STACK="$STACK" KOSMO_DB_SOCKET="$DB_SOCKET" \
            KOSMO_DB_NAME="$DB_NAME" KOSMO_SCREENSHOTS="$SHOTS" KOSMO_CREDENTIALS_CSV="$T/credentials.csv" \
            "$@" node --test-reporter=./report.mjs "$file"
    ) > "$out" 2>&1 &
    NODE_PID=$!
    wait "$NODE_PID"
    node_rc=$?
    NODE_PID=
    _browser_results "$file" "$out" "$node_rc"
}

# The runner's BROWSER lines as TAP; a runner that stopped early (a syntax
# error, a crash) is a failure too.
_browser_results() {
    local file=$1 out=$2 node_rc=$3 results=0 failed_before=$TAP_FAILED plan= show= line browser_failed
    while IFS= read -r line; do
        case $line in
            'BROWSER ok '*) pass "browser: ${line#BROWSER ok }"; results=$((results + 1)); show= ;;
            'BROWSER not ok '*) fail "browser: ${line#BROWSER not ok }"; results=$((results + 1)); show=1 ;;
            'BROWSER plan '*) plan=${line#BROWSER plan } ;;
            '#'*) [ -z "$show" ] && [ "${KOSMO_TEST_VERBOSE:-}" != 1 ] || echo "$line" ;;
        esac
    done < "$out"
    browser_failed=$((TAP_FAILED - failed_before))
    if [ -z "$plan" ] || [ "$plan" -eq 0 ] || [ "$results" -ne "$plan" ] ||
        { [ "$node_rc" -ne 0 ] && [ "$browser_failed" -eq 0 ]; }; then
        fail "the browser test runner finished the plan of $file (plan '${plan}', $results results, exit $node_rc)"
        grep -v '^BROWSER ' "$out" | grep -v '^# ' | head -n 40 | sed 's/^/#   /'
    else
        pass "the browser test runner finished the plan of $file ($plan tests)"
    fi
}

# check() takes one screenshot per screen: the same screens at both sizes.
same_screens_at_both_sizes() {
    local phone desktop
    phone=$(cd "$SHOTS" && ls phone-*.png 2> /dev/null | sed 's/^phone-//')
    desktop=$(cd "$SHOTS" && ls desktop-*.png 2> /dev/null | sed 's/^desktop-//')
    like "$phone" "$1" "a screenshot of every phone screen was taken"
    is "$desktop" "$phone" "and of the same screens at desktop size"
}

keep_screenshots() {
    local glob
    mkdir -p "$TOP/build/screenshots" || return
    for glob in "$@"; do
        # shellcheck disable=SC2086 # the glob is meant to expand
        rm -f "$TOP/build/screenshots"/$glob
        # shellcheck disable=SC2086
        cp "$SHOTS"/$glob "$TOP/build/screenshots/" 2> /dev/null
    done
    return 0
}
