#!/usr/bin/env bash
# t8108-headers.sh: the security headers on every kind of answer (pages, redirects, error pages, nginx's own), no inline script or style; over https Secure __Host- cookies and HSTS
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tls.sh"

start_stack
import_members '06279996,8108,1,松本 八重,19880808,overseas' || bail_out "import failed"

# headers_ok DESC [form]: the answer just received carries the headers;
# "form" also wants Cache-Control: no-store (every page of the binaries
# has it; nginx's static css is meant to be cached).
headers_ok() {
    local desc=$1 want_nostore=${2:-} csp problems=
    csp=$(header Content-Security-Policy)
    case $csp in *"default-src 'none'"*) ;; *) problems+=" CSP without default-src 'none';" ;; esac
    case $csp in *"frame-ancestors 'none'"*) ;; *) problems+=" CSP without frame-ancestors 'none';" ;; esac
    case $csp in *unsafe-inline*|*unsafe-eval*|*script-src*) problems+=" CSP allows script or inline code;" ;; esac
    [ "$(header X-Content-Type-Options)" = nosniff ] || problems+=" no nosniff;"
    [ "$(header Referrer-Policy)" = no-referrer ] || problems+=" Referrer-Policy '$(header Referrer-Policy)';"
    [ "$(header X-Frame-Options)" = DENY ] || problems+=" X-Frame-Options '$(header X-Frame-Options)';"
    if [ -n "$want_nostore" ]; then
        case $(header Cache-Control) in *no-store*) ;; *) problems+=" Cache-Control '$(header Cache-Control)';" ;; esac
    fi
    [ -z "$(header Server | grep -E '[0-9]')" ] || problems+=" Server header names a version;"
    if [ -z "$problems" ]; then pass "$desc: headers ok"; else fail "$desc:$problems"; fi
}
# No script, no inline style, no event handler in a page: the CSP stays strict.
markup_ok() {
    unlike "$BODY" '<script|<style|style=|<[^>]* on[a-z]+=' "$1: no script, inline style or event handler"
}

each_answer() {  # each_answer LABEL: every kind of answer of the site
    local label=$1
    new_session
    get /
    is "$STATUS $LOCATION" "303 /login" "$label GET /: nginx redirects to /login"
    headers_ok "$label GET / (nginx's redirect)" form
    get /login
    headers_ok "$label GET /login (a form)" form
    markup_ok "$label /login"
    get /terms
    headers_ok "$label GET /terms" form
    markup_ok "$label /terms"
    get /verify
    is "$STATUS" 303 "$label GET /verify without a session redirects"
    headers_ok "$label GET /verify (a binary's redirect)" form
    get /login
    post /login user_id=x password=y csrf=
    is "$STATUS" 403 "$label POST without CSRF token: 403"
    headers_ok "$label 403 page" form
    markup_ok "$label 403 page"
    get /no/such/page
    is "$STATUS" 404 "$label unknown path: 404"
    headers_ok "$label 404 page" form
    post /menu
    is "$STATUS" 405 "$label POST /menu: 405"
    headers_ok "$label 405 page" form
    _request "POST /login (text/plain)" -H 'Content-Type: text/plain' --data-binary 'a=b' "$BASE/login"
    is "$STATUS" 415 "$label a POST that is not a form: 415"
    headers_ok "$label 415 page" form
    _request "POST /login (invalid UTF-8)" --data-binary 'user_id=%FF' "$BASE/login"
    is "$STATUS" 400 "$label invalid UTF-8: 400"
    headers_ok "$label 400 page" form
    _request "POST /login (20 KB)" --data-binary "user_id=$(head -c 20000 /dev/zero | tr '\0' A)" "$BASE/login"
    is "$STATUS" 413 "$label a 20 KB body: 413 from the binary"
    headers_ok "$label the binary's 413 page" form
    _request "POST /login (100 KB)" --data-binary "user_id=$(head -c 100000 /dev/zero | tr '\0' A)" "$BASE/login"
    is "$STATUS" 413 "$label a 100 KB body: 413 from nginx"
    headers_ok "$label nginx's 413 page" form
    markup_ok "$label nginx's 413 page"
    get /healthz
    is "$STATUS" 200 "$label /healthz"
    headers_ok "$label /healthz (text/plain)" form
    get /static/kosmo.css
    is "$(header Content-Type)" 'text/css; charset=utf-8' "$label the css is text/css"
    is "$(header X-Content-Type-Options)" nosniff "$label and nosniff"
}

each_answer "http:"
new_session
get /login
cookie_line=$(printf '%s\n' "$HEADERS" | grep -i '^Set-Cookie: kosmo_session=')
unlike "$cookie_line" 'Secure' "http, secure_cookies = false (the local stack): the cookie is not Secure"
is "$(header Strict-Transport-Security)" "" "and there is no HSTS over plain http"

# Every page of the flow, logged in: the headers and the markup.
read -r ID PW <<< "$(credentials 8108 1)"
new_session
get /login
post /login user_id="$ID" password="$PW"
headers_ok "login redirect" form
follow
headers_ok "step 2 page" form
markup_ok "step 2 page"
verify_member 19880808
follow
headers_ok "step 3 page" form
markup_ok "step 3 page"
post /register user_id=x password=y password_confirm=z email=w
headers_ok "step 3 page with errors" form
markup_ok "step 3 page with errors"
post /register user_id=matsumoto8 password=Kiwi4321x password_confirm=Kiwi4321x email=yae@example.net
follow
headers_ok "confirm screen" form
markup_ok "confirm screen"
post /register/execute
follow
headers_ok "completion screen" form
markup_ok "completion screen"
get /menu
headers_ok "main menu" form
markup_ok "main menu"

# --- https --------------------------------------------------------------------------------------
# The same stack behind TLS: nginx passes HTTPS=on to the binaries (as a
# production site configured for https does).
stack_over_https
new_session
get /login
cookie_line=$(printf '%s\n' "$HEADERS" | grep -i '^Set-Cookie: __Host-kosmo_session=')
like "$cookie_line" '^Set-Cookie: __Host-kosmo_session=[A-Za-z0-9_-]{43}; Path=/;' \
    "https: the session cookie has the __Host- prefix and Path=/"
unlike "$cookie_line" 'Domain=' "and no Domain (a browser drops a __Host- cookie with one)"
like "$cookie_line" '; Secure' "https: the session cookie is Secure"
like "$cookie_line" 'HttpOnly' "and HttpOnly"
like "$cookie_line" 'SameSite=Strict' "and SameSite=Strict"
like "$(header Strict-Transport-Security)" '^max-age=[0-9]{7,}' "the binaries send HSTS over https"
for path in / /no/such/page; do
    get "$path"
    like "$(header Strict-Transport-Security)" '^max-age=' "HSTS on GET $path ($STATUS)"
done
post /login user_id=x password=y csrf=
like "$(header Strict-Transport-Security)" '^max-age=' "HSTS on the 403 page"
_request "POST /login (100 KB)" --data-binary "user_id=$(head -c 100000 /dev/zero | tr '\0' A)" "$BASE/login"
like "$(header Strict-Transport-Security)" '^max-age=' "HSTS on nginx's 413 page"
get /static/kosmo.css
like "$(header Strict-Transport-Security)" '^max-age=' "HSTS on the css"
each_answer "https:"

done_testing
