# lib.sh: helpers for the integration scripts (tNNNN-topic.sh), TAP output.
#
# A script looks like:
#
#     #!/usr/bin/env bash
#     # t1001-login.sh: ...
#     . "$(dirname "$0")/lib.sh"
#     start_stack
#     get /login
#     is "$STATUS" 200 "the login page answers"
#     like "$BODY" 'ユーザID' "it asks for the user ID"
#     done_testing
#
# It runs alone (`bash tests/integration/t1001-login.sh`) or from tests/run,
# which shares one MariaDB server between scripts; either way each script
# gets a fresh, empty database with the schema applied, its own nginx on a
# free port of 127.0.0.1, and its own binaries. Everything is stopped when
# the script exits, however it exits. KOSMO_TEST_LEAVE=1 keeps the temp dir
# (and the database) and prints where it is.
#
# The stack
#   start_stack [section.key=value ...]   start it; the pairs go into its kosmo.conf
#                                         (e.g. security.login_max_failures=3)
#   stop_stack                            stop it (done at exit anyway)
#   restart_service NAME                  kill kosmo-NAME.fcgi (login, verify, register, portal)
#                                         and wait until its supervisor has it back
#   $T      a temp dir for the script     $STACK  the stack's VARDIR   $CONF its kosmo.conf
#   BINARIES                              the four programs' names: login verify register portal
#   binary_logs [DIR]                     every program's log in DIR (default $STACK/log, where
#                                         the stack keeps NAME.log), one after the other: what
#                                         a "nothing failed" check reads, so none is left out
#   $BASE   http://127.0.0.1:PORT         $PORT
#   kosmoctl ARGS...                      build/kosmoctl --config $CONF ARGS...
#   sql 'STATEMENT'                       runs SQL (as root) in the stack's database;
#                                         prints the rows tab-separated, no header
#   import_members 'CSV ROW'...           imports members (rows without the header
#                                         insurer_number,symbol,number,name,birth_date,category);
#                                         their credentials are added to $T/credentials.csv
#   credentials SYMBOL NUMBER [INSURER]   prints "TEMP_USER_ID TEMP_PASSWORD" of an imported member
#                                         (of society INSURER when given: two societies may
#                                         both have a member SYMBOL NUMBER)
#
# The flow, for scripts that need a member at a later step (INSURER: the
# member's society, default 06279996; the stack has 06130017 too)
#   login_member SYMBOL NUMBER [INSURER]  step 1 with the member's temporary credentials
#   verify_member BIRTH [INSURER]         step 2 (consent given); answers the redirect to step 3
#   enter_registration USER_ID PASSWORD EMAIL   step 3 input; ends on the confirm screen
#   register_member SYMBOL NUMBER BIRTH USER_ID PASSWORD EMAIL [INSURER]
#                                         the whole flow to 実行 in a new session, which
#                                         is then a logged-in member's (the portal's)
#   login_permanent USER_ID PASSWORD      a whole login with the permanent ID in this
#                                         session: the password, then the code mailed to
#                                         the member (二段階認証) when the login asks for
#                                         it; ends on the answer of the code's POST (or
#                                         the password's, when no code was asked: a
#                                         trusted browser, a policy without the factor)
#   code_mails [TO]                       the 確認コードのお知らせ files, oldest first (those to
#                                         address TO when given: members logging in at once)
#   mail_code [N [TO]]                    the code in the newest of them, once there are N
#                                         (waits for the mail, sent after the response)
#
# Kept apart (households, societies)
#   household_probes MEMBER_ID ACCOUNT_ID INSURER SYMBOL NUMBER YEAR [DECISION_ID]
#                                         the portal URLs that name another household (its
#                                         ids, key, a year of its data) in every way a link or
#                                         a tampered URL might, one a line
#   shows_none_of ERE PATH...             GETs each PATH in this session: nothing matches ERE
#   use_session TOKEN                     a new session whose jar holds only the session
#                                         cookie TOKEN (another member's login, for example)
#   names_society INSURER DESC            the last page names society INSURER in its header,
#                                         and no other society anywhere
#   names_no_society DESC                 the last page names no society (the site only)
#   other_societies INSURER               an ERE of the other societies' names
#
# Mail (the stack's sendmail-stub stores each mail in $STACK/mail)
#   mails                                 the mail files, oldest first, one path a line
#   mail_count                            how many
#   mail_header FILE NAME                 a header's value, RFC 2047 words decoded
#   mail_body FILE                        the body, base64 decoded when it is
#   sendmail_fail CODE | sendmail_hang | sendmail_ok    fault injection
#
# HTTP, with a cookie jar per script
#   get PATH [CURL-ARGS...]               GET $BASE$PATH (no redirects followed)
#   post PATH [name=value ...]            POST a urlencoded form; adds csrf=$CSRF unless
#                                         a csrf= field is given (give csrf= to send none)
#   follow                                GET the Location of the last 30x answer
#   new_session                           forget the cookies and the CSRF token
#   After each request: STATUS (000 when no answer), BODY, HEADERS (the raw
#   header block), LOCATION, CSRF (from the page's name="csrf" value="…",
#   kept when the page has none); `header NAME` prints a header's value and
#   `cookie NAME` a cookie's value from the jar.
#
# Assertions (each prints "ok N - DESC" or "not ok N - DESC" and diagnostics,
# and returns non-zero when it fails, for `is … || diag …`)
#   ok DESC CMD...                        passes when CMD succeeds
#   is GOT WANT DESC / isnt GOT UNWANTED DESC
#   like GOT ERE DESC / unlike GOT ERE DESC      (grep -E, line by line)
#   pass DESC / fail DESC / diag MESSAGE...
#   wait_until SECONDS CMD...             retries CMD every 0.1 s until it succeeds
#   wait_until SECONDS 'SHELL TEST'       the same for a test re-evaluated each time:
#                                         wait_until 10 '[ "$(mail_count)" -ge 1 ]'
#                                         (a $(…) among CMD's words would run only once)
#   done_testing                          stops the stack, fails on sanitizer reports in the
#                                         binaries' logs or a kosmoctl run ended by one
#                                         (make SANITIZE=1), prints the plan;
#                                         exits 0 when all passed
#   bail_out MESSAGE                      gives up (the runner counts a failure)

set -u -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TEST_NAME=$(basename "$0" .sh)
export KOSMO_SCRYPT=${KOSMO_SCRYPT:-ln=12,r=8,p=1}
# make SANITIZE=1: a sanitizer report ends a program with status 86, so that
# one in kosmoctl (whose stderr a script may keep anywhere) is noticed too.
export ASAN_OPTIONS=exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}
export UBSAN_OPTIONS=exitcode=86:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}

# Short: the stack's unix socket paths live below it.
T=$(mktemp -d "${TMPDIR:-/tmp}/kosmo-${TEST_NAME%%-*}.XXXXXX") || exit 1
STACK=$T/stack
CONF=$STACK/kosmo.conf
PORT=
BASE=
STACK_UP=
DB_NAME=
DB_SOCKET=
STATUS= BODY= HEADERS= LOCATION= CSRF= LAST_REQUEST=
JAR=$T/cookies
TAP_COUNT=0
TAP_FAILED=0
TAP_DONE=

# --- TAP --------------------------------------------------------------------------------

diag() { printf '# %s\n' "$@"; }

_where() {
    # The script line that called the assertion.
    local i
    for ((i = 1; i < ${#FUNCNAME[@]}; i++)); do
        if [ "${BASH_SOURCE[i]}" != "${BASH_SOURCE[0]}" ]; then
            echo "$(basename "${BASH_SOURCE[i]}") line ${BASH_LINENO[i - 1]}"
            return
        fi
    done
}

pass() {
    TAP_COUNT=$((TAP_COUNT + 1))
    echo "ok $TAP_COUNT - $1"
}

fail() {
    TAP_COUNT=$((TAP_COUNT + 1))
    TAP_FAILED=$((TAP_FAILED + 1))
    echo "not ok $TAP_COUNT - $1"
    diag "  at $(_where)"
    [ -z "$LAST_REQUEST" ] || diag "  last request: $LAST_REQUEST -> $STATUS"
}

_show() {  # _show LABEL VALUE: a value, cut to 20 lines
    local label=$1 value=$2
    if [ "$(printf '%s' "$value" | wc -l)" -gt 0 ]; then
        diag "  $label:"
        printf '%s\n' "$value" | head -n 20 | cut -c 1-400 | sed 's/^/#     /'
    else
        diag "  $label: '$(printf '%s' "$value" | cut -c 1-400)'"
    fi
}

ok() {
    local desc=$1
    shift
    if "$@"; then pass "$desc"; else fail "$desc"; diag "  command failed: $*"; return 1; fi
}

is() {
    if [ "$1" = "$2" ]; then pass "$3"; else fail "$3"; _show got "$1"; _show want "$2"; return 1; fi
}

isnt() {
    if [ "$1" != "$2" ]; then pass "$3"; else fail "$3"; _show "got (unwanted)" "$1"; return 1; fi
}

like() {
    if grep -qE -- "$2" <<< "$1"; then pass "$3"; else fail "$3"; _show got "$1"; diag "  want match: $2"; return 1; fi
}

unlike() {
    if ! grep -qE -- "$2" <<< "$1"; then
        pass "$3"
    else
        fail "$3"
        _show "matching lines" "$(printf '%s\n' "$1" | grep -E -- "$2")"
        diag "  want no match: $2"
        return 1
    fi
}

wait_until() {
    local limit=$1 i
    shift
    # One argument is a shell test, evaluated afresh on every try
    # ('[ "$(mail_count)" -ge 1 ]'); several are a command and its words.
    if [ $# -eq 1 ]; then
        set -- eval "$1"
    fi
    for ((i = 0; i < limit * 10; i++)); do
        "$@" && return 0
        sleep 0.1
    done
    "$@"
}

done_testing() {
    # Stopped first, so that reports written at exit (leaks) are in the logs.
    [ -z "$STACK_UP" ] || stop_stack
    _sanitizer_reports
    TAP_DONE=1
    echo "1..$TAP_COUNT"
    [ "$TAP_FAILED" -eq 0 ] && exit 0
    exit 1
}

# A build with SANITIZE=1 reports in the binaries' logs without failing a
# request, and kosmoctl ends with status 86: either fails the script.
_sanitizer_reports() {
    local reports
    if [ -s "$T/sanitizer-exits" ]; then
        fail "no kosmoctl run ends with a sanitizer report"
        sed 's/^/#     exit 86: /' "$T/sanitizer-exits"
    fi
    reports=$(binary_logs 2> /dev/null | grep -E -A 8 'ERROR: [A-Za-z]+Sanitizer|runtime error:')
    [ -z "$reports" ] && return 0
    fail "the binaries' logs have no sanitizer reports"
    printf '%s\n' "$reports" | head -n 30 | sed 's/^/#     /'
}

bail_out() {
    echo "Bail out! $*"
    exit 1
}

# --- the stack ----------------------------------------------------------------------------

_free_port() {
    "$TOP/tools/free-port" || bail_out "no free port found"
}

_stack() {
    KOSMO_STACK_DB_SOCKET=${KOSMO_TEST_DB_SOCKET:-} "$TOP/tools/stack" "$@"
}

start_stack() {
    # Every request of a test comes from 127.0.0.1 (hence the stack's high
    # POST rate too): no per-address share of the hashing unless a test asks.
    local sets=security.hashes_per_address=0$'\n' kv try
    for kv in "$@"; do sets+=$kv$'\n'; done
    if [ -n "${KOSMO_TEST_DB_SOCKET:-}" ]; then
        DB_SOCKET=$KOSMO_TEST_DB_SOCKET
        # A database (and user) of its own on the shared server.
        DB_NAME=kt_$(printf '%s' "$TEST_NAME" | sed 's/^\(t[0-9]*\).*/\1/; s/[^A-Za-z0-9_]/_/g')_$(od -An -tx1 -N3 /dev/urandom | tr -d ' \n')
    else
        DB_SOCKET=$STACK/run/mysqld.sock
        DB_NAME=kosmo
    fi
    for try in 1 2 3; do
        PORT=$(_free_port)
        # Set first: a script interrupted during the start still stops it.
        STACK_UP=1
        if KOSMO_STACK_DB_NAME=$DB_NAME KOSMO_STACK_DEMO=0 KOSMO_STACK_FAST_DB=1 \
            KOSMO_STACK_SET=$sets _stack start "$STACK" "$PORT" > "$T/stack-start.log" 2>&1; then
            BASE=http://127.0.0.1:$PORT
            return 0
        fi
        # Another process took the port between the check and nginx's bind.
        grep -qE 'in use|Address already in use' "$T/stack-start.log" || break
    done
    sed 's/^/# /' "$T/stack-start.log"
    bail_out "the stack did not start (logs in $STACK/log)"
}

stop_stack() {
    [ -n "$STACK_UP" ] || return 0
    STACK_UP=
    _stack stop "$STACK" > "$T/stack-stop.log" 2>&1 || sed 's/^/# /' "$T/stack-stop.log"
    if [ -n "${KOSMO_TEST_DB_SOCKET:-}" ] && [ "${KOSMO_TEST_LEAVE:-}" != 1 ]; then
        mariadb --no-defaults --socket="$DB_SOCKET" -uroot \
            -e "DROP DATABASE IF EXISTS \`$DB_NAME\`; DROP USER IF EXISTS '$DB_NAME'@'localhost'" \
            > /dev/null 2>&1
    fi
}

BINARIES=(login verify register portal)

binary_logs() {
    local dir=${1:-$STACK/log} s rc=0
    for s in "${BINARIES[@]}"; do
        cat "$dir/$s.log" || rc=1
    done
    return "$rc"
}

restart_service() {
    local name=$1 old
    old=$(cat "$STACK/run/$name.pid" 2>/dev/null)
    [ -n "$old" ] || bail_out "restart_service: '$name' is not running"
    kill -KILL "$old"
    wait_until 15 _service_back "$name" "$old" || bail_out "restart_service: '$name' did not come back"
}

_service_back() {
    local pid
    pid=$(cat "$STACK/run/$1.pid" 2>/dev/null)
    [ -n "$pid" ] && [ "$pid" != "$2" ] && [ -S "$STACK/run/$1.sock" ]
}

kosmoctl() { _kosmoctl "$CONF" "$@"; }
_kosmoctl() {  # _kosmoctl CONFIG ARGS...
    local rc conf=$1
    shift
    (cd "$TOP" && "${KOSMO_BUILD_DIR:-$TOP/build}/kosmoctl" --config "$conf" "$@")
    rc=$?
    [ "$rc" -ne 86 ] || echo "kosmoctl $*" >> "$T/sanitizer-exits"
    return "$rc"
}

sql() {
    mariadb --no-defaults --socket="$DB_SOCKET" -uroot -N -B "$DB_NAME" -e "$1"
}

# --- a scratch database, for the migrations' tests ---------------------------------------

# scratch_db: an empty database of its own on the stack's server, granted to
# the stack's user, dropped at exit (kept with KOSMO_TEST_LEAVE=1); MDB is
# its name, MCONF a kosmo.conf naming it. msql runs SQL in it, mctl runs
# kosmoctl on it, migrate_through N (or all) applies the shipped migrations
# up to N.
MDB=
scratch_db() {
    local user
    MDB=${DB_NAME}_s MCONF=$T/scratch.conf
    user=$(sed -n 's/^user *= *//p' "$CONF" | head -n 1)
    mariadb --no-defaults --socket="$DB_SOCKET" -uroot -e \
        "CREATE DATABASE \`$MDB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
         GRANT ALL PRIVILEGES ON \`$MDB\`.* TO '$user'@'localhost'" || bail_out "cannot create database $MDB"
    awk -v db="$MDB" '/^\[/ { s = $0 } s == "[db]" && /^name *=/ { print "name = " db; next } { print }' \
        "$CONF" > "$MCONF"
}
msql() { mariadb --no-defaults --socket="$DB_SOCKET" -uroot -N -B "$MDB" -e "$1"; }
mctl() { _kosmoctl "$MCONF" "$@"; }
migrate_through() {  # migrate_through N|all: sql/ up to NNN, copied into $T/sql-N
    local f n dir=$T/sql-$1
    rm -rf "$dir" && mkdir "$dir" || return 1
    for f in "$TOP"/sql/[0-9]*.sql; do
        n=$(basename "$f" | sed 's/^0*\([0-9][0-9]*\)-.*/\1/')
        if [ "$1" = all ] || [ "$n" -le "$1" ]; then cp "$f" "$dir/"; fi
    done
    mctl migrate --sql-dir "$dir"
}
# previous_release N ROW...: scratch_db at the shipped migrations up to N
# (the release before the migration under test), these members in it: below
# schema 6 (societies) as that release's import stored them, written by SQL
# (this kosmoctl reads the societies, which such a schema has not), each
# with temporary credentials; from 6 on imported by this kosmoctl.
previous_release() {
    local through=$1
    shift
    scratch_db
    migrate_through "$through" > "$T/previous-release.out" 2>&1 || {
        sed 's/^/# /' "$T/previous-release.out"
        bail_out "cannot migrate to the previous release"
    }
    [ "$#" -gt 0 ] || return 0
    if [ "$through" -lt 6 ]; then
        _old_release_members "$@" || bail_out "cannot write the members"
    else
        scratch_members "$@" || bail_out "cannot import members"
    fi
}
_old_release_members() {
    local row insurer symbol number name birth category n=0
    for row in "$@"; do
        IFS=, read -r insurer symbol number name birth category <<< "$row"
        n=$((n + 1))
        msql "INSERT INTO members (insurer_number, symbol, number, name, birth_date, category,
                                   created_at, updated_at)
              VALUES ('$insurer', '$symbol', '$number', '$name', '$birth', '$category', NOW(6), NOW(6));
              INSERT INTO temp_credentials (member_id, temp_user_id, password_hash, issued_at)
              VALUES (LAST_INSERT_ID(), 'OLDR-000$n', 'hash-of-the-previous-release', NOW(6))" || return 1
    done
}
_drop_scratch_db() {
    [ -n "$MDB" ] && [ "${KOSMO_TEST_LEAVE:-}" != 1 ] || return 0
    mariadb --no-defaults --socket="$DB_SOCKET" -uroot -e "DROP DATABASE IF EXISTS \`$MDB\`" > /dev/null 2>&1
}

# import_members ROW...: members (insurer_number,symbol,number,name,birth_date,
# category) imported into the stack's database; their credentials appended
# to $T/credentials.csv. scratch_members the same into scratch_db's.
import_members() { _import_members kosmoctl "$@"; }
scratch_members() { _import_members mctl "$@"; }
_import_members() {
    local ctl=$1 csv=$T/members-$RANDOM.csv out=$T/credentials-$RANDOM.csv
    shift
    {
        echo "insurer_number,symbol,number,name,birth_date,category"
        printf '%s\n' "$@"
    } > "$csv"
    "$ctl" import-members "$csv" --out "$out" > "$T/import.log" 2>&1 || {
        sed 's/^/# /' "$T/import.log"
        return 1
    }
    if [ -s "$T/credentials.csv" ]; then
        tail -n +2 "$out" >> "$T/credentials.csv"
    else
        cat "$out" > "$T/credentials.csv"
    fi
}

credentials() {
    [ -s "$T/credentials.csv" ] || return 1
    awk -F, -v symbol="$1" -v number="$2" -v insurer="${3:-}" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $col["symbol"] == symbol && $col["number"] == number &&
        (insurer == "" || $col["insurer_number"] == insurer) {
            found = $col["temp_user_id"] " " $col["temp_password"]
        }
        END { if (found == "") exit 1; print found }' "$T/credentials.csv"
}

login_member() {
    local id pw
    read -r id pw <<< "$(credentials "$1" "$2" "${3:-}")"
    get /login
    post /login user_id="$id" password="$pw"
}

login_permanent() {
    local before code
    before=$(code_mails | wc -l)
    get /login
    post /login user_id="$1" password="$2"
    [ "$LOCATION" = /login/code ] || return 0
    code=$(mail_code $((before + 1))) || { diag "login_permanent $1: no code mail"; return 1; }
    get /login/code
    post /login/code code="$code"
}

verify_member() {
    get /verify
    post /verify insurer_number="${2:-06279996}" birth_date="$1" agree=1
}

enter_registration() {
    get /register
    post /register user_id="$1" password="$2" password_confirm="$2" email="$3"
    follow
}

register_member() {
    new_session
    login_member "$1" "$2" "${7:-06279996}" || return 1
    verify_member "$3" "${7:-06279996}" || return 1
    enter_registration "$4" "$5" "$6" || return 1
    post /register/execute
    [ "$LOCATION" = /register/done ] || { diag "register_member $4: 実行 answered '$STATUS' '$LOCATION'"; return 1; }
}

# --- kept apart ---------------------------------------------------------------------------

household_probes() {
    local m=$1 a=$2 i=$3 s=$4 n=$5 y=$6 d=${7:-D-0001}
    printf '%s\n' \
        "/expenses?year=$y&number=$n" \
        "/expenses?year=$y" \
        "/expenses?year=$((y - 1))" \
        "/expenses?symbol=$s&number=$n" \
        "/expenses?member_id=$m" \
        "/expenses?member=$m&account_id=$a" \
        "/expenses?insurer_number=$i&symbol=$s&number=$n&year=$y" \
        "/expenses?year=$y%20OR%201%3D1" \
        "/expenses?year=$y'%20OR%20'1'%3D'1" \
        "/expenses?year=$y&year=$((y - 1))&number=$n" \
        "/expenses/csv?year=$y&number=$n" \
        "/expenses/csv?year=$((y - 1))&member_id=$m" \
        "/expenses/csv?year=$y&insurer_number=$i&symbol=$s&number=$n" \
        "/expenses/$m" \
        "/expenses/csv/$m" \
        "/expenses/print?year=$y&number=$n" \
        "/expenses/print?year=$y&insurer_number=$i&symbol=$s&number=$n" \
        "/expenses/print/$m" \
        "/benefits?year=$y&number=$n" \
        "/benefits?year=$y&insurer_number=$i&symbol=$s&number=$n" \
        "/benefits?member_id=$m&account_id=$a" \
        "/benefits/notice?id=$d" \
        "/benefits/notice?id=$d&insurer_number=$i&symbol=$s&number=$n" \
        "/benefits/notice?id=$d&member_id=$m" \
        "/benefits/$m" \
        "/eligibility?number=$n" \
        "/eligibility?member_id=$m&branch=01" \
        "/eligibility?insurer_number=$i&symbol=$s&number=$n" \
        "/eligibility/$m" \
        "/menu?member_id=$m"
}

shows_none_of() {
    local leaks=$1 path
    shift
    for path in "$@"; do
        get "$path"
        unlike "$BODY" "$leaks" "GET $path ($STATUS) shows nothing of another household"
    done
}

use_session() {
    new_session
    printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tkosmo_session\t%s\n' "$1" > "$JAR"
}

other_societies() {
    sql "SELECT GROUP_CONCAT(name SEPARATOR '|') FROM societies WHERE insurer_number <> '$1'"
}

names_society() {
    local name
    name=$(sql "SELECT name FROM societies WHERE insurer_number = '$1'")
    like "$BODY" "<p class=\"insurer-name\">$name</p>" "$2 names $name"
    unlike "$BODY" "$(other_societies "$1")" "$2 names no other society"
}

names_no_society() {
    unlike "$BODY" "insurer-name|$(other_societies '')" "$1 names the site only, no society"
}

# --- mail ---------------------------------------------------------------------------------

mails() {
    local f
    for f in "$STACK"/mail/*.eml; do
        [ -e "$f" ] && echo "$f"
    done
    return 0
}

mail_count() {
    local f n=0
    for f in "$STACK"/mail/*.eml; do
        [ -e "$f" ] && n=$((n + 1))
    done
    echo "$n"
}

code_mails() {
    local f
    mails | while read -r f; do
        case $(mail_header "$f" Subject) in *確認コードのお知らせ) ;; *) continue ;; esac
        if [ -z "${1:-}" ] || [ "$(mail_header "$f" To)" = "$1" ]; then echo "$f"; fi
    done
}

mail_code() {
    local want=${1:-1} to=${2:-} f
    wait_until 10 '[ "$(code_mails "$to" | wc -l)" -ge '"$want"' ]' || return 1
    f=$(code_mails "$to" | tail -n 1)
    mail_body "$f" | tr -d '\r' | sed -n 's/^ *確認コード: \([0-9]\{6\}\)$/\1/p' | head -n 1
}

mail_header() {
    local want=${2,,} value cache
    # A mail file never changes once the stub has linked it in (names are
    # unique), so each header is decoded once: the tests poll the outbox,
    # and decoding every mail on every poll was most of their processes.
    cache=$T/mail-headers/${1##*/}.$want
    if [ -f "$cache" ]; then
        IFS= read -r value < "$cache"
        printf '%s\n' "$value"
        return
    fi
    # The header with its continuation lines joined.
    value=$(awk -v want="$want" '
        /^$/ { exit }
        /^[ \t]/ { if (on) printf "%s", substr($0, 2); next }
        { on = 0; i = index($0, ":"); if (tolower(substr($0, 1, i - 1)) == want) { on = 1; v = substr($0, i + 1); sub(/^[ \t]*/, "", v); printf "%s", v } }
        ' "$1")
    value=$(_decode_rfc2047 "$value")
    mkdir -p "$T/mail-headers"
    printf '%s\n' "$value" > "$cache"
    printf '%s\n' "$value"
}

_decode_rfc2047() {
    local rest=$1 out= word
    while [[ $rest =~ =\?[Uu][Tt][Ff]-8\?([BbQq])\?([^?]*)\?= ]]; do
        out+=${rest%%"${BASH_REMATCH[0]}"*}
        word=${BASH_REMATCH[2]}
        if [[ ${BASH_REMATCH[1]} == [Bb] ]]; then
            out+=$(printf '%s' "$word" | base64 -d 2>/dev/null)
        else
            word=${word//_/ }
            out+=$(printf '%b' "${word//=/\\x}")
        fi
        rest=${rest#*"${BASH_REMATCH[0]}"}
        # Whitespace between two encoded words is not part of the text.
        [[ $rest =~ ^[[:space:]]+=\? ]] && rest=${rest#"${rest%%=\?*}"}
    done
    printf '%s\n' "$out$rest"
}

mail_body() {
    if grep -qi base64 <<< "$(mail_header "$1" Content-Transfer-Encoding)"; then
        sed '1,/^$/d' "$1" | base64 -d
    else
        sed '1,/^$/d' "$1"
    fi
}

sendmail_fail() { echo "$1" > "$STACK/mail/.exit"; }
sendmail_hang() { touch "$STACK/mail/.hang"; }
sendmail_ok() { rm -f "$STACK/mail/.exit" "$STACK/mail/.hang"; }

# --- the tree's make -----------------------------------------------------------------------

# tmake ARGS...: make in the tree as a test may run it: never a rebuild
# (build/.flags and build/.web-libs taken as they are) and apart from any
# make that runs the tests (its MAKEFLAGS would join its jobs).
tmake() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$TOP" --no-print-directory -o build/.flags -o build/.web-libs "$@"; }

# need_built: the test stops when build/ is older than the sources (it never builds).
need_built() { tmake -q all || bail_out "build/ is older than the sources: run make first (this test never builds)"; }

# --- HTTP ------------------------------------------------------------------------------------

_request() {  # _request DESCRIPTION CURL-ARGS...
    LAST_REQUEST=$1
    shift
    : > "$T/headers"
    : > "$T/body"
    # CLIENT_ADDR: the loopback address the request comes from (127.0.0.N),
    # for tests of what is per client address.
    STATUS=$(curl -sS --max-time 60 -o "$T/body" -D "$T/headers" -w '%{http_code}' \
        ${CLIENT_ADDR:+--interface "$CLIENT_ADDR"} -b "$JAR" -c "$JAR" "$@" 2> "$T/curl.err")
    [ -n "$STATUS" ] || STATUS=000
    # Read and parsed in the shell itself: a test makes hundreds of requests.
    BODY=$(< "$T/body")
    HEADERS=$(< "$T/headers")
    HEADERS=${HEADERS//$'\r'/}
    LOCATION=$(header Location)
    local csrf='name="csrf"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="csrf"'
    if [[ $BODY =~ $csrf ]]; then
        CSRF=${BASH_REMATCH[1]}${BASH_REMATCH[2]}
    fi
    return 0
}

get() {
    local path=$1
    shift
    _request "GET $path" "$@" "$BASE$path"
}

post() {
    local path=$1 field has_csrf= args=()
    shift
    for field in "$@"; do
        case $field in csrf=*) has_csrf=1 ;; esac
        args+=(--data-urlencode "$field")
    done
    [ -n "$has_csrf" ] || [ -z "$CSRF" ] || args+=(--data-urlencode "csrf=$CSRF")
    [ ${#args[@]} -gt 0 ] || args=(--data '')
    _request "POST $path" "${args[@]}" "$BASE$path"
}

follow() {
    case $STATUS in
        30[1237]) get "$LOCATION" ;;
        *) LAST_REQUEST="follow, but $LAST_REQUEST answered $STATUS, not a redirect"; STATUS=000 ;;
    esac
}

new_session() {
    rm -f "$JAR"
    CSRF=
}

header() {  # the first header NAME's value (case-insensitive), in the shell itself
    local want=${1,,} line name value
    while IFS= read -r line; do
        [[ $line == *:* ]] || continue
        name=${line%%:*}
        [ "${name,,}" = "$want" ] || continue
        value=${line#*:}
        printf '%s\n' "${value#"${value%%[![:space:]]*}"}"
        return 0
    done <<< "$HEADERS"
    return 0
}

cookie() {
    [ -f "$JAR" ] || return 0
    awk -F'\t' -v want="$1" '{ sub(/^#HttpOnly_/, "", $1) } NF >= 7 && $6 == want { v = $7 } END { if (v != "") print v }' "$JAR"
}

# --- exit --------------------------------------------------------------------------------------

_cleanup() {
    local rc=$?
    _drop_scratch_db
    stop_stack
    if [ "${KOSMO_TEST_LEAVE:-}" = 1 ]; then
        diag "kept $T"
    else
        rm -rf "$T"
    fi
    if [ -z "$TAP_DONE" ] && [ "$rc" -eq 0 ]; then
        # Ended without done_testing: not a pass.
        echo "# $TEST_NAME ended before done_testing"
        rc=1
    fi
    exit "$rc"
}
trap _cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
