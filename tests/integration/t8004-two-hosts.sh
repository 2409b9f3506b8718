#!/usr/bin/env bash
# t8004-two-hosts.sh: two sets of the binaries behind one nginx upstream; a member alternating between them finishes
. "$(dirname "$0")/lib.sh"

# Set A is the stack's; set B is a second "host": the same four binaries with
# the same kosmo.conf (so the same MariaDB), on sockets of their own. A second
# nginx, made from the stack's configuration, has both in each upstream.
start_stack
import_members '06279996,8004,1,木村 十一,19810101,employee' || bail_out "import failed"

B=$T/b
NX=$T/nx
mkdir -p "$B" "$NX/log" "$NX/run/nginx"
b_pids=()
nx_pid=

stop_extra() {
    local pid
    [ -z "$nx_pid" ] || kill -TERM "$nx_pid" 2> /dev/null
    for pid in "${b_pids[@]}"; do kill -TERM "$pid" 2> /dev/null; done
    [ -z "$nx_pid" ] || wait "$nx_pid" 2> /dev/null
    for pid in "${b_pids[@]}"; do wait "$pid" 2> /dev/null; done
    nx_pid=
    b_pids=()
}
# lib.sh's own exit trap runs after ours, with the script's exit status.
trap 'rc=$?; stop_extra; (exit $rc); _cleanup' EXIT

for s in "${BINARIES[@]}"; do
    "${KOSMO_BUILD_DIR:-$TOP/build}/kosmo-$s.fcgi" --config "$CONF" --socket "$B/$s.sock" \
        < /dev/null > "$B/$s.log" 2>&1 &
    b_pids+=($!)
done
b_up() { [ -S "$B/login.sock" ] && [ -S "$B/verify.sock" ] && [ -S "$B/register.sock" ] && [ -S "$B/portal.sock" ]; }
wait_until 30 b_up || bail_out "the second set of binaries did not start (logs in $B)"

# Both sockets in each upstream (round robin, nginx's default); one worker,
# so that each upstream's turns alternate strictly; an access log that says
# which socket served each request.
port2=$(_free_port)
sed -e "s|server unix:$STACK/run/\([a-z]*\)\.sock;|server unix:$STACK/run/\1.sock; server unix:$B/\1.sock;|" \
    -e "s|listen 127.0.0.1:$PORT;|listen 127.0.0.1:$port2;|" \
    "$STACK/nginx-site.conf" > "$NX/nginx-site.conf"
sed -e 's|^worker_processes .*|worker_processes 1;|' \
    -e "s|access_log [^;]*;|log_format hosts '\$request_id \$request_method \$uri \$status \$upstream_addr'; access_log $NX/log/hosts.log hosts;|" \
    -e "s|$STACK/|$NX/|g" \
    "$STACK/nginx.conf" > "$NX/nginx.conf"
is "$(grep -c "server unix:$B/" "$NX/nginx-site.conf")" 4 "each of the four upstreams has the second host"
nginx -q -t -p "$NX/" -c "$NX/nginx.conf" -e "$NX/log/error.log" > "$NX/log/test.out" 2>&1 ||
    bail_out "the two-host nginx configuration is refused: $(cat "$NX/log/test.out")"
setsid nginx -p "$NX/" -c "$NX/nginx.conf" -e "$NX/log/error.log" < /dev/null > "$NX/log/nginx.out" 2>&1 &
nx_pid=$!
BASE=http://127.0.0.1:$port2
nx_up() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/static/kosmo.css")" = 200 ]; }
wait_until 30 nx_up || bail_out "the two-host nginx did not start: $(cat "$NX/log/error.log")"

# The whole flow, then a login with the new permanent ID.
login_member 8004 1
is "$LOCATION" /verify "step 1 done"
verify_member 19810101
is "$LOCATION" /register "step 2 done"
enter_registration kimura0101 Hikari8sky kimura0101@example.co.jp
is "$STATUS" 200 "the confirm screen shows"
post /register/execute
is "$LOCATION" /register/done "実行 registers"
follow
is "$STATUS" 200 "the completion screen shows"
new_session
login_permanent kimura0101 Hikari8sky
is "$LOCATION" /menu "the member logs in with the permanent ID"
follow
is "$STATUS" 200 "and reaches the main menu"

is "$(sql 'SELECT COUNT(*) FROM accounts WHERE user_id = "kimura0101"')" 1 "one account is created"
wait_until 10 '[ "$(mail_count)" -ge 2 ]'
is "$(mail_count) $(code_mails | wc -l)" "2 1" "one mail is sent, besides the login's code"

# Which socket served each request of the flow.
log=$NX/log/hosts.log
wait_until 5 test -s "$log"
served() {  # served BINARY: the socket of each of its requests, in order
    awk -v b="/$1.sock" '$5 ~ b"$" { print $5 }' "$log"
}
alternates() {  # alternates BINARY: never twice in a row on the same socket
    [ "$(served "$1" | uniq -d | wc -l)" -eq 0 ]
}
is "$(awk '$3 !~ /^\/static\// && ($5 == "-" || $5 ~ /,/)' "$log")" "" "every request reached a binary at the first try"
for s in login verify register; do
    n=$(served "$s" | wc -l)
    ok "the $s requests ($n) alternate between the two hosts" alternates "$s"
    is "$(served "$s" | sort -u | wc -l)" 2 "both hosts served $s requests"
done
# The binaries' own logs agree: each host logged the request ids nginx sent it.
for s in login verify register; do
    for host in "$STACK/run" "$B"; do
        ids=$(awk -v sock="unix:$host/$s.sock" '$5 == sock { print $1 }' "$log")
        own=$STACK/log/$s.log
        [ "$host" = "$B" ] && own=$B/$s.log
        missing=0
        for id in $ids; do grep -q "req=$id " "$own" || missing=$((missing + 1)); done
        is "$missing" 0 "each $s request nginx sent to ${host##*/} is in that host's own log"
    done
done
reports=$(binary_logs "$B" | grep -E -A 8 'ERROR: [A-Za-z]+Sanitizer|runtime error:')
is "$reports" "" "the second host's logs have no sanitizer reports"

stop_extra
done_testing
