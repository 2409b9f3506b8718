#!/usr/bin/env bash
# t8003-binary-down.sh: a killed FastCGI binary: nginx shows the site's error page until the supervisor has it back
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,8003,1,井上 十子,19930303,employee' || bail_out "import failed"

login_member 8003 1
is "$LOCATION" /verify "the member is logged in"
# The headers the binaries send with their pages (render.cc), which nginx's
# own pages must carry as well.
get /login
binary_headers=$(for h in Content-Security-Policy X-Content-Type-Options Referrer-Policy X-Frame-Options Cache-Control; do
    printf '%s: %s\n' "$h" "$(header "$h")"; done)

# The supervisor is held (SIGSTOP) while its binary is killed, so the binary
# stays down for as long as the test needs, with no race against the restart.
super=$(cat "$STACK/run/verify.super.pid")
old=$(cat "$STACK/run/verify.pid")
kill -STOP "$super"
kill -KILL "$old"
gone() { [ ! -e "/proc/$old" ] || [ "$(sed 's/^.*) //' "/proc/$old/stat" | cut -c1)" = Z ]; }
wait_until 10 gone
ok "kosmo-verify.fcgi is down" gone

get /verify
is "$STATUS" 502 "a page of the dead binary answers 502"
like "$(header Content-Type)" '^text/html' "as html"
like "$BODY" 'ただいま混み合っているか、メンテナンス中です' "with the site's own page, not nginx's"
unlike "$BODY" '<center>|nginx' "nothing of nginx's default page"
like "$BODY" '<link rel="stylesheet" href="/static/kosmo.css">' "in the site's layout"
unlike "$BODY" '<script|style=' "with no script and no inline style"
like "$(header Content-Security-Policy)" "default-src 'none'" "with the security headers"
is "$(header Cache-Control)" no-store "not cached"
is "$(for h in Content-Security-Policy X-Content-Type-Options Referrer-Policy X-Frame-Options Cache-Control; do
    printf '%s: %s\n' "$h" "$(header "$h")"; done)" "$binary_headers" "nginx's page carries the binaries' CSP and the rest of their headers"
like "$BODY" 'data-status="503"' "the binaries' own 503 page, made from error.tpl at build time"
post /verify insurer_number=06279996 birth_date=19930303 agree=1
is "$STATUS" 502 "a POST to it gets the same page"
like "$BODY" 'ただいま混み合っているか' "(the same text)"
get /terms
is "$STATUS" 502 "so does its other page"
get /50x.html
is "$STATUS" 404 "the page has no URL of its own"
unlike "$BODY" '<center>' "(answered by the site's 404 page)"

get /healthz
is "$STATUS" 200 "the other binaries go on serving"

kill -CONT "$super"
wait_until 15 _service_back verify "$old"
ok "the supervisor brings kosmo-verify.fcgi back" _service_back verify "$old"
is "$(cat "$STACK/run/verify.restarts")" 1 "after one restart"
get /verify
is "$STATUS" 200 "the member's session goes on at step 2"
post /verify insurer_number=06279996 birth_date=19930303 agree=1
is "$LOCATION" /register "and the member finishes step 2"

done_testing
