#!/usr/bin/env bash
# t0001-stack.sh: the private stack starts and nginx routes to the right places
. "$(dirname "$0")/lib.sh"

start_stack

get /
is "$STATUS" 303 "GET / answers 303"
is "$LOCATION" /login "and sends the browser to /login"

get /static/kosmo.css
is "$STATUS" 200 "the stylesheet is served"
like "$(header Content-Type)" '^text/css' "as text/css"

get /no-such-page
is "$STATUS" 404 "an unknown path answers 404"
like "$(header Content-Type)" '^text/html' "with the site's own html page"

get /healthz
is "$STATUS" 200 "/healthz answers 200 through nginx"
is "$BODY" ok "and says ok"

for path in /login /verify /register; do
    get "$path"
    isnt "$STATUS" 502 "nginx reaches the binary behind $path"
done

ok "kosmo.conf is readable by its owner only" test "$(stat -c %a "$CONF")" = 600
# Probed, not read from the generated site: another loopback address and
# every address of this machine's interfaces must refuse the port.
refuses() { ! curl -s -o /dev/null --connect-timeout 2 "http://$1:$PORT/healthz"; }
ok "nginx answers on 127.0.0.1:$PORT" curl -s -o /dev/null --connect-timeout 2 "http://127.0.0.1:$PORT/healthz"
ok "nginx does not answer on 127.0.0.2:$PORT (it listens on 127.0.0.1 only)" refuses 127.0.0.2
for addr in $(hostname -I 2> /dev/null); do
    case $addr in *:*) addr="[$addr]" ;; esac
    ok "nginx does not answer on $addr:$PORT" refuses "$addr"
done

restart_service login
get /healthz
is "$STATUS" 200 "a killed binary is restarted by its supervisor"

done_testing
