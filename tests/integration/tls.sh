# tls.sh: puts the running test stack behind TLS, as a production site
# configured for https is (nginx then passes HTTPS=on to the binaries).
# Sourced by scripts after lib.sh and start_stack:
#
#     . "$(dirname "$0")/tls.sh"
#     stack_over_https      # BASE becomes https://127.0.0.1:PORT
#
# A self-signed certificate for 127.0.0.1 is made in $T; curl trusts it
# through CURL_CA_BUNDLE (exported), other clients get $TLS_CERT.

TLS_CERT=
TLS_KEY=

_https_up() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")" = 200 ]; }

# True when none of the pids in $_OLD_WORKERS is alive any more.
_old_workers_gone() {
    local p
    for p in $_OLD_WORKERS; do
        kill -0 "$p" 2> /dev/null && return 1
    done
    return 0
}

stack_over_https() {
    TLS_CERT=$T/tls.crt
    TLS_KEY=$T/tls.key
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
        -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$TLS_KEY" -out "$TLS_CERT" > "$T/openssl.log" 2>&1 ||
        bail_out "openssl req failed: $(cat "$T/openssl.log")"
    # The stack's site (written at each start) listens with TLS on its port.
    sed -i "s|listen 127.0.0.1:$PORT;|listen 127.0.0.1:$PORT ssl; ssl_certificate $TLS_CERT; ssl_certificate_key $TLS_KEY;|" \
        "$STACK/nginx-site.conf"
    grep -q "listen 127.0.0.1:$PORT ssl;" "$STACK/nginx-site.conf" || bail_out "stack_over_https: no listen line to change"
    # Until the workers of the old configuration have exited, one of them
    # may still take a connection and answer it in plain http.
    _OLD_WORKERS=$(pgrep -P "$(cat "$STACK/run/nginx.pid")" | tr '\n' ' ')
    nginx -q -p "$STACK/" -c "$STACK/nginx.conf" -e "$STACK/log/nginx-error.log" -s reload ||
        bail_out "stack_over_https: nginx reload failed"
    BASE=https://127.0.0.1:$PORT
    export CURL_CA_BUNDLE=$TLS_CERT
    wait_until 10 _old_workers_gone || bail_out "stack_over_https: the old nginx workers did not exit"
    wait_until 10 _https_up || bail_out "stack_over_https: $BASE does not answer"
    # The cookies of plain http are not those of this site any more.
    new_session
}
