#!/usr/bin/env bash
# t8109-request-limits.sh: oversized bodies 413, wrong content types 415, unknown paths 404, malformed requests 400 — the binaries' and nginx's own answers, always the site's page
. "$(dirname "$0")/lib.sh"

# A smaller [server] max_body than the default 16384, to show it is the
# configured one; secure_cookies = true as on a production site.
start_stack server.max_body=8192 site.secure_cookies=true

# site_page STATUS DESC: the answer is STATUS with the site's own page.
site_page() {
    local want=$1 desc=$2 problems=
    [ "$STATUS" = "$want" ] || problems+=" status $STATUS;"
    grep -q "data-status=\"$want\"" <<< "$BODY" || problems+=" not the site's $want page;"
    grep -q 'href="/static/kosmo.css"' <<< "$BODY" || problems+=" not in the site's frame;"
    grep -q 'href="/login"' <<< "$BODY" || problems+=" no way back to the login page;"
    ! grep -qi '<center>\|nginx' <<< "$BODY" || problems+=" nginx's page;"
    case $(header Content-Type) in 'text/html; charset=utf-8') ;; *) problems+=" Content-Type '$(header Content-Type)';" ;; esac
    [ -n "$(header Content-Security-Policy)" ] || problems+=" no CSP;"
    if [ -z "$problems" ]; then pass "$desc: $want, the site's page"; else fail "$desc:$problems"; fi
}
body_of() { head -c "$1" /dev/zero | tr '\0' A; }
form_file() {  # form_file SIZE: a file "user_id=AAA…" of SIZE bytes (too big for argv)
    { printf 'user_id='; body_of "$(($1 - 8))"; } > "$T/form-$1"
    echo "$T/form-$1"
}
raw() {  # raw DESC BYTES: a request written straight to the socket; sets STATUS and BODY
    local out
    out=$(exec 3<> "/dev/tcp/127.0.0.1/$PORT" && printf '%b' "$2" >&3 && timeout 5 cat <&3)
    STATUS=$(printf '%s\n' "$out" | head -n 1 | awk '{ print $2 }')
    HEADERS=$(printf '%s\n' "$out" | tr -d '\r' | sed '/^$/q')
    BODY=$(printf '%s\n' "$out" | tr -d '\r' | sed '1,/^$/d')
    LAST_REQUEST=$1
}

get /login
# Secure cookies carry the __Host- prefix (t8111, t8108 check it over https).
cookie_line=$(printf '%s\n' "$HEADERS" | grep -i '^Set-Cookie: __Host-kosmo_session=')
like "$cookie_line" '; Secure' "site.secure_cookies = true: the cookie is Secure even behind plain http"

# --- 413 ----------------------------------------------------------------------------------------
_request "POST /login (8000 bytes)" --data-binary "user_id=x&password=$(body_of 7970)" "$BASE/login"
is "$STATUS" 403 "a body under max_body (8192) is read (and refused only for its missing CSRF token)"
for size in 8300 16000 60000; do
    _request "POST /login ($size bytes)" --data-binary "@$(form_file "$size")" "$BASE/login"
    site_page 413 "a body of $size bytes (over max_body, under nginx's 64k) is refused by the binary"
done
for path in /verify /register /register/execute /logout; do
    _request "POST $path (20000 bytes)" --data-binary "a=$(body_of 20000)" "$BASE$path"
    site_page 413 "POST $path with 20000 bytes"
done
for size in 70000 1000000; do
    _request "POST /login ($size bytes)" --data-binary "@$(form_file "$size")" "$BASE/login"
    site_page 413 "a body of $size bytes (over nginx's client_max_body_size) is refused by nginx"
done
raw "a chunked body of 20000 bytes" "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n4e20\r\n$(body_of 20000)\r\n0\r\n\r\n"
site_page 413 "a chunked body over max_body"

# --- 415 ----------------------------------------------------------------------------------------
for type in text/plain application/json multipart/form-data 'application/x-www-form-urlencoded-foo' ''; do
    _request "POST /login ($type)" -H "Content-Type: $type" --data-binary 'user_id=x&password=y' "$BASE/login"
    site_page 415 "POST with Content-Type '${type:-(none)}'"
done
_request "POST /login (multipart)" -F user_id=x -F password=y "$BASE/login"
site_page 415 "a multipart form upload"
get /login
post /login user_id=ZZZZ-ZZZ9 password=x -H 'Content-Type: application/x-www-form-urlencoded; charset=UTF-8'
is "$STATUS" 200 "a urlencoded form with '; charset=UTF-8' is accepted"
_request "POST /login (upper case type)" -H 'Content-Type: Application/X-WWW-Form-Urlencoded' \
    --data-urlencode user_id=ZZZZ-ZZZ9 --data-urlencode password=x --data-urlencode "csrf=$CSRF" "$BASE/login"
is "$STATUS" 200 "the media type is compared without regard to case"

# --- 404, 405 -------------------------------------------------------------------------------------
for path in /nope /login/ /login/x /verify/x /terms/x /register/nope /menu.php /admin /.git/config \
    /healthz/x /static/nope.css /static/ /static/../src/lib/config.h /50x.html /404.html; do
    get "$path"
    site_page 404 "GET $path"
done
post /register/nope
site_page 404 "POST to an unknown path under /register/"
_request "POST /static/kosmo.css" --data 'a=b' "$BASE/static/kosmo.css"
site_page 405 "POST to the css (nginx)"
_request "PUT /login" -X PUT --data 'a=b' "$BASE/login"
site_page 405 "PUT /login"
is "$(header Allow)" 'GET, HEAD, POST' "and names the methods it allows"
_request "DELETE /menu" -X DELETE "$BASE/menu"
site_page 405 "DELETE /menu"
_request "TRACE /login" -X TRACE "$BASE/login"
site_page 405 "TRACE /login (nginx)"

# --- 400, 414 -------------------------------------------------------------------------------------
_request "POST /login (bad escape)" --data-binary 'user_id=%zz' "$BASE/login"
site_page 400 "a malformed escape in the form"
_request "POST /login (invalid UTF-8)" --data-binary 'user_id=%C0%AF' "$BASE/login"
site_page 400 "invalid UTF-8 in the form"
get "/login?$(body_of 9000)"
site_page 414 "a 9000-byte query string (nginx)"
get /login -H "Cookie: kosmo_session=$(body_of 9000)"
site_page 400 "a 9000-byte cookie (nginx)"
for path in '/login%00' '/%2e%2e/%2e%2e/etc/passwd'; do
    get "$path"
    site_page 400 "GET $path (nginx)"
done
# (Each malformed at the end of its headers: nginx answers one refused in
# the middle and closes with a reset that can overtake its answer.)
raw "a bad Content-Length" 'GET /login HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\nConnection: close\r\n\r\n'
site_page 400 "a request with a Content-Length that is no number (nginx)"
raw "an unknown Transfer-Encoding" 'POST /login HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n'
site_page 501 "a request with an unknown Transfer-Encoding (nginx)"
raw "HTTP/1.1 without Host" 'GET /login HTTP/1.1\r\nConnection: close\r\n\r\n'
site_page 400 "HTTP/1.1 without a Host header (nginx)"

ok "the binaries logged no handler failure" \
    test -z "$(binary_logs | grep -E 'handler .* failed|request failed')"

done_testing
