#!/usr/bin/env bash
# t5001-apache.sh: the whole flow, and its mail, through a private Apache 2.4
# (mod_proxy_fcgi with the shipped nginx/apache-kosmo.conf.in) in front of
# the stack's binaries
. "$(dirname "$0")/lib.sh"

APACHE=$(PATH=$PATH:/usr/sbin:/sbin command -v apache2) ||
    bail_out "apache2 not found: install the Debian package apache2 (tools/install-deps)"
MODULES=/usr/lib/apache2/modules
A=$T/apache
APACHE_PID=
CHMODDED=()

# Apache's workers run as www-data (it refuses to serve as root): they must
# reach the stack's sockets, which live below this script's private temp
# dirs. Those dirs get o+x (no listing) until the script ends.
open_path_for_www_data() {
    local d=$1
    while [ "$d" != / ]; do
        if [ -z "$(find "$d" -maxdepth 0 -perm -o+x)" ]; then
            chmod o+x "$d" && CHMODDED+=("$d")
        fi
        d=$(dirname "$d")
    done
}

stop_apache() {
    [ -n "$APACHE_PID" ] || return 0
    local i
    kill -TERM "$APACHE_PID" 2> /dev/null
    for ((i = 0; i < 150; i++)); do
        kill -0 "$APACHE_PID" 2> /dev/null || break
        sleep 0.1
    done
    # Its own process group (setsid): the children go too.
    kill -KILL -- "-$APACHE_PID" 2> /dev/null
    wait "$APACHE_PID" 2> /dev/null
    APACHE_PID=
}

t5001_cleanup() {
    local d
    stop_apache
    for d in "${CHMODDED[@]}"; do chmod o-x "$d"; done
}
trap 'rc=$?; t5001_cleanup; (exit $rc); _cleanup' EXIT

# For wait_until, which runs its command again (a $(…) in its arguments would not be).
has_mail() { [ "$(mail_count)" -ge 1 ]; }

start_stack
import_members '06279996,5101,1,渡辺一郎,19700707,employee' || bail_out "import failed"

mkdir -p "$A/static" "$A/run" || bail_out "cannot make $A"
# The stylesheet from a copy: the checkout may sit below a private home.
cp "$TOP"/build/static/* "$A/static/" || bail_out "no build/static (make first)"
chmod -R o+rX "$A/static"
chgrp www-data "$STACK"/run/{login,verify,register,portal}.sock || bail_out "cannot hand the sockets to www-data"
open_path_for_www_data "$STACK/run"
open_path_for_www_data "$A/static"

start_apache() {
    local try i code
    for try in 1 2 3; do
        APORT=$(_free_port)
        sed -e "s|@LISTEN@|127.0.0.1:$APORT|g" \
            -e "s|@SERVER_NAME@|localhost|g" \
            -e "s|@LOGIN_SOCK@|$STACK/run/login.sock|g" \
            -e "s|@VERIFY_SOCK@|$STACK/run/verify.sock|g" \
            -e "s|@REGISTER_SOCK@|$STACK/run/register.sock|g" \
            -e "s|@PORTAL_SOCK@|$STACK/run/portal.sock|g" \
            -e "s|@STATIC_DIR@|$A/static|g" \
            "$TOP/nginx/apache-kosmo.conf.in" > "$A/site.conf" || return 1
        cat > "$A/httpd.conf" <<EOF
# httpd.conf: a private Apache for $TEST_NAME; everything under $A.
ServerRoot $A
DefaultRuntimeDir $A/run
PidFile $A/run/httpd.pid
Mutex file:$A/run default
ErrorLog $A/error.log
LogLevel warn
Listen 127.0.0.1:$APORT
ServerName localhost
User www-data
Group www-data
StartServers 1
ServerLimit 2
ThreadsPerChild 10
MinSpareThreads 5
MaxSpareThreads 20
MaxRequestWorkers 20
LoadModule mpm_event_module $MODULES/mod_mpm_event.so
LoadModule authz_core_module $MODULES/mod_authz_core.so
LoadModule mime_module $MODULES/mod_mime.so
LoadModule alias_module $MODULES/mod_alias.so
LoadModule headers_module $MODULES/mod_headers.so
LoadModule unique_id_module $MODULES/mod_unique_id.so
LoadModule proxy_module $MODULES/mod_proxy.so
LoadModule proxy_fcgi_module $MODULES/mod_proxy_fcgi.so
TypesConfig /dev/null
AddType text/css .css
LogFormat "%h \"%r\" %>s id=%{UNIQUE_ID}e" kosmo
CustomLog $A/access.log kosmo
Include $A/site.conf
EOF
        "$APACHE" -t -f "$A/httpd.conf" > "$A/configtest.log" 2>&1 || {
            sed 's/^/# /' "$A/configtest.log"
            return 1
        }
        setsid "$APACHE" -f "$A/httpd.conf" -DFOREGROUND < /dev/null > "$A/apache.out" 2>&1 &
        APACHE_PID=$!
        for ((i = 0; i < 300; i++)); do
            kill -0 "$APACHE_PID" 2> /dev/null || break
            code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$APORT/healthz")
            [ "$code" = 200 ] && return 0
            sleep 0.1
        done
        stop_apache
        # Another process took the port between the check and Apache's bind.
        grep -q 'Address already in use' "$A/error.log" "$A/apache.out" 2> /dev/null || break
    done
    sed 's/^/# /' "$A/apache.out" "$A/error.log" 2> /dev/null | tail -n 20
    return 1
}
start_apache || bail_out "Apache did not start"
BASE=http://127.0.0.1:$APORT
pass "Apache serves the site from the shipped apache-kosmo.conf.in"

# --- the pages and their routing ---------------------------------------------------------------

get /
is "$STATUS" 303 "/ answers with a redirect"
like "$LOCATION" '/login$' "to /login"
get /healthz
is "$STATUS $BODY" "200 ok" "/healthz answers ok (through the login binary)"
get /static/kosmo.css
is "$STATUS" 200 "the stylesheet is served by Apache"
like "$(header Content-Type)" '^text/css' "as text/css"
is "$(header X-Content-Type-Options)" nosniff "with nosniff"
get /terms
is "$STATUS" 200 "/terms answers (the verify binary)"
like "$BODY" '利用規約' "with the terms"
get /no/such/page
is "$STATUS" 404 "an unknown path gets a 404"
like "$BODY" '<html' "the site's own page"
get /register/confirm
is "$STATUS" 303 "a step-3 page without a session is sent back (the register binary)"
is "$LOCATION" /login "to /login"

# --- the whole flow ------------------------------------------------------------------------------

new_session
get /login -H 'X-Request-ID: client-chosen-id'
is "$STATUS" 200 "the login page answers"
like "$BODY" 'ユーザID' "it asks for the user ID"
id=$(tail -n 1 "$A/access.log" | sed -n 's/.* id=//p')
ok "Apache gave the request an id" test -n "$id"
like "$(grep -F "req=$id " "$STACK/log/login.log")" "method=GET path=/login status=200" \
    "the binary logs it with Apache's request id and the right path"
unlike "$(cat "$STACK/log/login.log")" 'client-chosen-id' "a client's own X-Request-ID is not passed on"

login_member 5101 1
is "$STATUS" 303 "the temporary credentials log in"
is "$LOCATION" /verify "on to step 2"
follow
is "$STATUS" 200 "step 2 answers"
post /verify insurer_number=06279996 birth_date=19700707 agree=1
is "$LOCATION" /register "step 2 passes on to step 3"
enter_registration watanabe01 'Wtnb7pass' watanabe@example.co.jp
is "$STATUS" 200 "the confirm screen answers"
like "$BODY" '<dd>watanabe01</dd>' "showing the user ID"
like "$(cat "$STACK/log/register.log")" 'method=GET path=/register/confirm status=200' \
    "a path below /register reaches the register binary"
post /register/execute csrf=wrong-token
is "$STATUS" 403 "実行 with a wrong CSRF token is refused"
post /register/execute
is "$STATUS" 303 "実行 answers with a redirect"
is "$LOCATION" /register/done "to the completion screen"
follow
is "$STATUS" 200 "the completion screen answers"
like "$BODY" '登録が完了しました' "registration is complete"
is "$(sql "SELECT COUNT(*) FROM accounts WHERE user_id = 'watanabe01'")" 1 "the account exists"
wait_until 10 has_mail
is "$(mail_count)" 1 "one completion mail was sent"
is "$(mail_header "$(mails | head -n 1)" To)" watanabe@example.co.jp "to the registered address"
get /menu
is "$STATUS" 200 "the main menu opens"
post /logout
is "$LOCATION" /login "logout leads to /login"

new_session
login_permanent WATANABE01 'Wtnb7pass'
is "$LOCATION" /menu "the permanent ID logs in"
get /benefits
is "$STATUS" 200 "給付金のお知らせ opens"
like "$(cat "$STACK/log/portal.log")" 'method=GET path=/benefits status=200' \
    "/benefits reaches the portal binary (its own LocationMatch)"

long=$(head -c 20000 /dev/zero | tr '\0' a)
post /login user_id="$long" password=x
is "$STATUS" 413 "a form larger than [server] max_body is refused by the binary"
huge=$(head -c 70000 /dev/zero | tr '\0' a)
post /login user_id="$huge" password=x
is "$STATUS" 413 "a body over LimitRequestBody is refused by Apache"
like "$(header Content-Security-Policy)" "default-src 'none'" "with the site's own 413 page"

unlike "$(cat "$A/error.log")" ':(error|crit|alert|emerg)\]' "Apache logged no error during the flow"

# A program Apache cannot reach: its socket moved away for a moment.
mv "$STACK/run/verify.sock" "$STACK/run/verify.sock.away"
get /terms
mv "$STACK/run/verify.sock.away" "$STACK/run/verify.sock"
is "$STATUS" 503 "a program that cannot be reached gives a 503"
like "$BODY" 'ただいまご利用いただけません' "with the site's own page (build/static/50x.html)"
like "$(header Content-Security-Policy)" "default-src 'none'" "and its strict CSP"
get /terms
is "$STATUS" 200 "and it answers again once reachable"


done_testing
