#!/usr/bin/env bash
# t6002-flood-fairness.sh: while one address floods POST /login with unknown
# IDs, members from other addresses still get in, with temporary and with
# permanent IDs; the flood gets its own share of the hashing and 429 past it
. "$(dirname "$0")/lib.sh"

# The shipped share (2 places of the hashing per address) and no per-address
# lockout, so that the share alone keeps the door open here (t1005 tests the
# lockout). A hash of 16 MiB keeps each flood login in its slot for a while.
# The test asks who gets in, not how fast: a member may wait 20 s for a slot
# (the flood lasts longer), so a slow or busy machine does not turn a late
# grant into a refusal, while a member the flood starves is still refused.
FLOODERS=24
start_stack security.hashes_per_address=2 security.login_addr_max_failures=0 \
    security.password_scrypt=ln=14,r=8,p=1 security.max_concurrent_hashes=2 server.threads=8 \
    security.hash_wait_ms=20000
rows=()
for i in 1 2 3 4 5 6; do rows+=("06279996,6002,$i,会員 $i,1980010$i,employee"); done
import_members "${rows[@]}" || bail_out "import failed"
# Members 1-3 register now and come back with their permanent IDs; 4-6 come
# with their temporary ones.
for i in 1 2 3; do
    register_member 6002 "$i" "1980010$i" "fair600$i" Hikari8sky "fair600$i@example.co.jp" ||
        bail_out "member $i did not register"
done

# --- the flood: FLOODERS loops from 127.0.0.2, unknown permanent IDs ----------------------
mkdir -p "$T/flood"
flood() {  # flood N: posts until $T/flood/stop exists (at most 90 s)
    local n=$1 k=0 jar=$T/flood/$1.jar csrf
    # The flood's computers are not the server's: at nice 19 its loops of
    # curl take what CPU the server and the members leave (on two cores, 24
    # loops at nice 0 starved the hashing itself and the members' shells).
    renice -n 19 -p "$BASHPID" > /dev/null
    curl -s -o "$T/flood/$n.page" --interface 127.0.0.2 -c "$jar" "$BASE/login"
    csrf=$(grep -o 'name="csrf" value="[^"]*"' "$T/flood/$n.page" | sed 's/.*value="//; s/"$//')
    while [ ! -e "$T/flood/stop" ] && [ "$k" -lt 2000 ] && [ "$SECONDS" -lt 90 ]; do
        curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 --interface 127.0.0.2 -b "$jar" \
            --data-urlencode "csrf=$csrf" --data-urlencode "user_id=nobody$n$k" \
            --data-urlencode "password=guess-$k" "$BASE/login" >> "$T/flood/$n.codes"
        k=$((k + 1))
    done
}
SECONDS=0
flooders=()
for n in $(seq "$FLOODERS"); do
    flood "$n" &
    flooders+=($!)
done
flood_codes() { cat "$T"/flood/*.codes 2>/dev/null; }
# The flood is on once the login refuses it its third place at once.
wait_until 30 '[ "$(flood_codes | grep -c "^429$")" -ge 5 ]'
ok "the flood holds its share: the login answers it 429 past two at once" \
    test "$(flood_codes | grep -c '^429$')" -ge 5

# --- members from 127.0.0.11 ... 127.0.0.16, all at once, during the flood -----------------
member() {  # member I: logs in from 127.0.0.1I; writes the answer to $T/member-I
    local i=$1 id pw
    if [ "$i" -le 3 ]; then
        id=fair600$i pw=Hikari8sky
    else
        read -r id pw <<< "$(credentials 6002 "$i")"
    fi
    T=$T/m$i
    mkdir -p "$T"
    JAR=$T/cookies
    CSRF=
    CLIENT_ADDR=127.0.0.1$i
    local started=$EPOCHREALTIME
    get /login
    post /login user_id="$id" password="$pw"
    echo "$STATUS $LOCATION" > "$T/../member-$i"
    # What the member saw and when, for a failure's diagnosis.
    printf '%s\n' "member $i: $STATUS after $(ms_since "$started") ms" \
        "$(grep -o '<title>[^<]*\|class="form-error"[^>]*>[^<]*' <<< "$BODY")" > "$T/../member-$i.seen"
    # A permanent ID goes on with the code mailed to the member (二段階認証),
    # the other members' codes arriving meanwhile.
    [ "$LOCATION" = /login/code ] || return 0
    get /login/code
    post /login/code code="$(mail_code 1 "$id@example.co.jp")"
    echo "$STATUS $LOCATION" > "$T/../member-$i.code"
}
ms_since() {  # ms_since EPOCHREALTIME-THEN
    local now=${EPOCHREALTIME//[.,]/} then=${1//[.,]/}
    echo $(((now - then) / 1000))
}
members=()
for i in 1 2 3 4 5 6; do
    member "$i" &
    members+=($!)
done
wait "${members[@]}"
flood_before_stop=$(flood_codes | wc -l)
touch "$T/flood/stop"
wait "${flooders[@]}"

for i in 1 2 3; do
    is "$(cat "$T/member-$i")" "303 /login/code" \
        "member $i (permanent ID, from 127.0.0.1$i) passes the password during the flood" ||
        diag "$(cat "$T/member-$i.seen")"
    is "$(cat "$T/member-$i.code" 2> /dev/null)" "303 /menu" "and gets in with the code mailed"
done
for i in 4 5 6; do
    is "$(cat "$T/member-$i")" "303 /verify" "member $i (temporary ID, from 127.0.0.1$i) gets in during the flood" ||
        diag "$(cat "$T/member-$i.seen")"
done
diag "flood answers while the members logged in: $flood_before_stop; in all: $(flood_codes | sort | uniq -c | tr -s ' ' | tr '\n' ',')"
ok "the flood's logins within its share were hashed and answered (200, the login page again)" \
    test "$(flood_codes | grep -c '^200$')" -ge 1
is "$(flood_codes | grep -vcE '^(200|429|503)$')" 0 "the flood got only 200, 429 or 503"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'login_ok' AND client_addr LIKE '127.0.0.1_'")" 6 \
    "six logins in the audit, from the members' addresses"

done_testing
