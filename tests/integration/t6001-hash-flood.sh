#!/usr/bin/env bash
# t6001-hash-flood.sh: 64 wrong-password logins at once stay within the memory
# the configuration allows (max_concurrent_hashes), and each gets a page
. "$(dirname "$0")/lib.sh"

# 32 MiB per hash and 8 threads: without the limit of 2 hashes at once the
# binary would hold 8 × 32 MiB while the flood lasts.
SLOTS=2
start_stack security.max_concurrent_hashes=$SLOTS security.password_scrypt=ln=15,r=8,p=1 \
    security.hash_wait_ms=1000 server.threads=8
LOGIN_PID=$(cat "$STACK/run/login.pid")
kib() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }
REST_KIB=$(kib "$LOGIN_PID" VmRSS)
# At rest, plus what scrypt takes per hash (128·r·N, and 128·r·p), plus 16 MiB
# for the threads and their buffers: well below the 8 × 32 MiB of no limit.
PER_HASH_KIB=$((128 * 8 * ((1 << 15) + 2 + 1) / 1024))
BOUND_KIB=$((REST_KIB + SLOTS * PER_HASH_KIB + 16 * 1024))

get /login
is "$STATUS" 200 "the login page answers before the flood"
mkdir -p "$T/flood"
cp "$JAR" "$T/flood.jar"  # the helpers below rewrite $JAR while the flood reads it
for i in $(seq 64); do
    # Unknown permanent IDs: each costs one hash at password_scrypt.
    curl -s -o "$T/flood/$i.html" -w '%{http_code}\n' --max-time 120 -b "$T/flood.jar" \
        --data "csrf=$CSRF&user_id=flooder$(printf '%05d' "$i")&password=wrong-$i" \
        "$BASE/login" > "$T/flood/$i.status" &
done
# While the flood is queued: another binary's page still answers, and so
# does the login binary's own page (one of its threads is never given to a
# request waiting for a hash).
get /terms
is "$STATUS" 200 "GET /terms (another binary) answers during the flood"
get /login
is "$STATUS" 200 "GET /login (the flooded binary) answers during the flood"
running=$(jobs -r | wc -l)
diag "flood logins still running when the login page answered: $running"
ok "while the flood is still being answered" test "$running" -gt 0
wait

statuses=$(cat "$T/flood"/*.status | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
diag "answers: $statuses"
is "$(cat "$T/flood"/*.status | grep -cvE '^(200|503)$')" 0 \
    "every one of the 64 gets a page: 200 (wrong password) or 503 (busy), never a 502 or nothing"
ok "at least one was checked (200)" grep -qx 200 "$T/flood"/*.status
# 2 hashing and 8 - 2 - 1 = 5 waiting at most: the rest are turned away at
# once rather than holding every thread.
ok "surplus logins are refused with the busy page (503)" grep -qx 503 "$T/flood"/*.status
for f in "$T/flood"/*.status; do
    case $(cat "$f") in
        503) like "$(cat "${f%.status}.html")" 'ただいまご利用いただけません' "a 503 is the site's own busy page"
             break ;;
    esac
done
peak=$(kib "$LOGIN_PID" VmHWM)
diag "kosmo-login.fcgi: ${REST_KIB} KiB at rest, peak ${peak} KiB, bound ${BOUND_KIB} KiB"
if grep -q libasan <<< "$(readelf -d "${KOSMO_BUILD_DIR:-$TOP/build}/kosmo-login.fcgi" 2>/dev/null)"; then
    # AddressSanitizer keeps freed memory in its quarantine: no bound holds.
    pass "the login binary's peak RSS stays below rest + $SLOTS hashes + 16 MiB # SKIP ASan build"
else
    ok "the login binary's peak RSS stays below rest + $SLOTS hashes + 16 MiB" test "$peak" -lt "$BOUND_KIB"
fi
is "$(cat "$STACK/run/login.pid")" "$LOGIN_PID" "the login binary is the same process (it never crashed)"
ok "and its supervisor never restarted it" test ! -s "$STACK/run/login.restarts"
# SUM(count): past 20 an address's failures of a minute share rows (issue 14).
is "$(sql "SELECT COALESCE(SUM(count), 0) FROM audit_events WHERE event = 'login_failed'")" \
    "$(grep -cx 200 "$T/flood"/*.status | awk -F: '{s += $NF} END {print s}')" \
    "each checked login is audited as failed; a refused one is not"

new_session
get /login
is "$STATUS" 200 "the login page answers after the flood"

done_testing
