#!/usr/bin/env bash
# t8106-rate-limit.sh: the shipped nginx site limits form POSTs per address (limit_req): past the burst, 429 with the site's page; pages are never limited
. "$(dirname "$0")/lib.sh"

# One POST a minute with a burst of 3: the fifth POST in a row is refused,
# however slow this machine is.
export KOSMO_STACK_POST_RATE=1r/m KOSMO_STACK_POST_BURST=3
start_stack
import_members '06279996,8106,1,上田 六郎,19760606,overseas' || bail_out "import failed"

like "$(cat "$STACK/nginx-site.conf")" 'limit_req_zone \$kosmo_post_client zone=kosmo_post:10m rate=1r/m;' \
    "the site's limit_req_zone takes the configured rate"

for i in $(seq 1 12); do
    get /login
    [ "$STATUS" = 200 ] || break
done
is "$STATUS" 200 "twelve page views in a row are not limited"

codes=
for i in 1 2 3 4 5 6; do
    post /login user_id=ZZZZ-ZZZ9 password="guess-$i"
    codes+="$STATUS "
done
is "$codes" "200 200 200 200 429 429 " "four POSTs (rate + burst) pass, the next ones get 429"
like "$BODY" 'data-status="429"' "the 429 answer is the site's own page"
like "$BODY" 'しばらく時間をおいてから' "telling the member to wait"
like "$BODY" 'href="/static/kosmo.css"' "in the site's frame"
unlike "$BODY" '<center>nginx' "not nginx's page"
like "$(header Content-Security-Policy)" "default-src 'none'" "with the security headers"
is "$(header Cache-Control)" no-store "and not cached"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_failed'")" 4 \
    "the refused POSTs never reached the login program"
like "$(cat "$STACK/log/nginx-error.log")" 'limiting requests' "nginx logs the limiting for the operator"

get /login
is "$STATUS" 200 "pages still open while POSTs are limited"
get /healthz
is "$STATUS" 200 "and /healthz still answers"
get /static/kosmo.css
is "$STATUS" 200 "and the css"

done_testing
