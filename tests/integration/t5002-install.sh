#!/usr/bin/env bash
# t5002-install.sh: `make install` into a DESTDIR (the files, their modes,
# the directories written into them, nothing outside, no network, kept
# configuration on a second install, systemd-analyze verify), then the
# installed programs with the installed configuration, started by
# spawn-fcgi, migrating a new database from the installed sql/, and the
# whole flow through nginx with the installed site
. "$(dirname "$0")/lib.sh"

ROOT=$T/root
R=$T/inst          # sockets, logs and pids of the installed programs
NGINX_PID=
PIDS=()
IDB=

t5002_cleanup() {
    local pid
    [ -z "$NGINX_PID" ] || kill -TERM "$NGINX_PID" 2> /dev/null
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2> /dev/null; done
    for pid in $NGINX_PID "${PIDS[@]}"; do wait "$pid" 2> /dev/null; done
    if [ -n "$IDB" ] && [ "${KOSMO_TEST_LEAVE:-}" != 1 ]; then
        mariadb --no-defaults --socket="$DB_SOCKET" -uroot -e "DROP DATABASE IF EXISTS \`$IDB\`" > /dev/null 2>&1
    fi
}
trap 'rc=$?; t5002_cleanup; (exit $rc); _cleanup' EXIT

# Without a network when the kernel lets us take it away.
NONET=(unshare -n --)
"${NONET[@]}" true 2> /dev/null || { NONET=(); diag "unshare -n not permitted: installing with the network"; }
# make install as the operator runs it, of what is built: -o build/.flags
# keeps make from rebuilding it with other flags (make check SANITIZE=1),
# and a build older than the sources is refused rather than rebuilt here.
need_built
install_into() { "${NONET[@]}" env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
    make -C "$TOP" --no-print-directory -o build/.flags -o build/.web-libs install "$@"; }

# --- the files -------------------------------------------------------------------------------

touch "$T/stamp"
install_into DESTDIR="$ROOT" prefix=/usr sysconfdir=/etc localstatedir=/var > "$T/install.log" 2>&1
rc=$?
is "$rc" 0 "make install DESTDIR=… prefix=/usr sysconfdir=/etc localstatedir=/var succeeds${NONET:+ without a network}"
[ "$rc" -eq 0 ] || { sed 's/^/# /' "$T/install.log" | tail -n 20; bail_out "make install failed"; }

units=$(cd "$TOP/systemd" && for f in *.in *.timer; do echo "./usr/lib/systemd/system/${f%.in}"; done)
expected=$( {
    printf '%s\n' ./usr/sbin/kosmo-login.fcgi ./usr/sbin/kosmo-verify.fcgi ./usr/sbin/kosmo-register.fcgi \
        ./usr/sbin/kosmo-portal.fcgi \
        ./usr/bin/kosmoctl ./etc/kosmo/kosmo.conf ./etc/kosmo/nginx-site.conf ./etc/kosmo/apache-site.conf \
        ./usr/lib/sysusers.d/kosmo.conf
    printf '%s\n' "$units"
    (cd "$TOP" && find templates sql nginx -type f | sed 's|^|./usr/share/kosmo/|')
    # The static directory is the build's: the css and the generated error pages.
    (cd "$TOP/build" && find static -type f | sed 's|^|./usr/share/kosmo/|')
} | sort)
is "$(cd "$ROOT" && find . -type f -o -type l | sort)" "$expected" \
    "exactly the programs, data, configuration, sites, units and sysusers file are installed"
for f in usr/lib/systemd/system/kosmo-{login,verify,register,portal}.{socket,service} \
    usr/lib/systemd/system/kosmo-{mail,purge,notify,purge-records}.{service,timer} usr/share/kosmo/sql/001-initial.sql \
    usr/share/kosmo/sql/002-door.sql usr/share/kosmo/sql/003-portal.sql \
    usr/share/kosmo/templates/layout.tpl usr/share/kosmo/static/kosmo.css usr/share/kosmo/nginx/kosmo-fastcgi.conf; do
    ok "$f is installed" test -f "$ROOT/$f"
done
is "$(stat -c %a "$ROOT/etc/kosmo/kosmo.conf")" 640 "the configuration has mode 0640"
is "$(cd "$ROOT" && stat -c '%a %n' usr/sbin/* usr/bin/kosmoctl | tr '\n' ' ')" \
    "755 usr/sbin/kosmo-login.fcgi 755 usr/sbin/kosmo-portal.fcgi 755 usr/sbin/kosmo-register.fcgi 755 usr/sbin/kosmo-verify.fcgi 755 usr/bin/kosmoctl " \
    "the programs are executable"
is "$(grep -rn '@[A-Za-z_]*@' "$ROOT/etc" "$ROOT/usr/lib" | grep -v '^[^:]*:[0-9]*:[[:space:]]*#')" "" \
    "no placeholder is left in the configuration, sites and units"
like "$(cat "$ROOT/usr/lib/systemd/system/kosmo-login.service")" \
    '^ExecStart=/usr/sbin/kosmo-login.fcgi --config \$\{CREDENTIALS_DIRECTORY\}/kosmo.conf$' "the login unit runs the installed program"
like "$(cat "$ROOT/usr/lib/systemd/system/kosmo-login.service")" '^LoadCredential=kosmo.conf:/etc/kosmo/kosmo.conf$' \
    "with the installed configuration"
like "$(cat "$ROOT/usr/lib/systemd/system/kosmo-login.service")" '^StandardInput=socket$' "on the socket systemd hands it"
like "$(cat "$ROOT/usr/lib/systemd/system/kosmo-register.socket")" '^ListenStream=/run/kosmo/register.sock$' \
    "the sockets are in /run/kosmo (not /var/run)"
like "$(cat "$ROOT/usr/lib/systemd/system/kosmo-mail.service")" '^ExecStart=/usr/bin/kosmoctl .* send-mail$' \
    "kosmo-mail.service runs kosmoctl send-mail"
like "$(cat "$ROOT/usr/lib/systemd/system/kosmo-purge-records.service")" '^ExecStart=/usr/bin/kosmoctl .* purge-records$' \
    "kosmo-purge-records.service runs kosmoctl purge-records"
is "$(sed -n '/^# Hardening/,$p' "$ROOT/usr/lib/systemd/system/kosmo-purge-records.service")" \
    "$(sed -n '/^# Hardening/,$p' "$ROOT/usr/lib/systemd/system/kosmo-notify.service")" \
    "it is hardened as kosmo-notify.service is"
like "$(cat "$ROOT/usr/lib/systemd/system/kosmo-purge-records.service")" '^ProtectSystem=strict$' \
    "that is, strictly"
like "$(cat "$ROOT/etc/kosmo/kosmo.conf")" '^templates = /usr/share/kosmo/templates$' "the configuration names the installed templates"
like "$(cat "$ROOT/etc/kosmo/nginx-site.conf")" 'server unix:/run/kosmo/verify.sock;' "the nginx site names the sockets"
like "$(cat "$ROOT/etc/kosmo/nginx-site.conf")" 'server unix:/run/kosmo/portal.sock;' "the portal's socket too"
like "$(cat "$ROOT/etc/kosmo/nginx-site.conf")" 'alias /usr/share/kosmo/static/;' "and the static files"
like "$(cat "$ROOT/etc/kosmo/apache-site.conf")" 'SetHandler "proxy:unix:/run/kosmo/register.sock\|fcgi://kosmo-register"' \
    "so does the Apache site"
outside=$(find /usr /etc /run /var /lib /opt -xdev -newer "$T/stamp" -name '*kosmo*' 2> /dev/null | grep -v "^$TOP/")
is "$outside" "" "nothing named kosmo was written outside DESTDIR"

# A second install (an upgrade) keeps the operator's configuration and sites.
echo "# edited by the operator" >> "$ROOT/etc/kosmo/kosmo.conf"
echo "# edited by the operator" >> "$ROOT/etc/kosmo/nginx-site.conf"
install_into DESTDIR="$ROOT" prefix=/usr sysconfdir=/etc localstatedir=/var > "$T/install2.log" 2>&1
is "$?" 0 "a second make install succeeds"
is "$(tail -n 1 "$ROOT/etc/kosmo/kosmo.conf")" "# edited by the operator" "it keeps the edited kosmo.conf"
is "$(tail -n 1 "$ROOT/etc/kosmo/nginx-site.conf")" "# edited by the operator" "and the edited nginx site"
ok "and puts the new ones next to them as .example" test -f "$ROOT/etc/kosmo/kosmo.conf.example" -a \
    -f "$ROOT/etc/kosmo/nginx-site.conf.example" -a -f "$ROOT/etc/kosmo/apache-site.conf.example"
like "$(cat "$T/install2.log")" "KEEP +$ROOT/etc/kosmo/kosmo.conf" "and says so"

# The units as systemd reads them: installed without DESTDIR into a prefix
# of their own, so every program and path they name exists.
if command -v systemd-analyze > /dev/null 2>&1; then
    install_into prefix="$T/p" > "$T/install3.log" 2>&1
    is "$?" 0 "make install prefix=DIR succeeds"
    like "$(cat "$T/p/lib/systemd/system/kosmo-verify.service")" "^ExecStart=$T/p/sbin/kosmo-verify.fcgi " \
        "the units follow the prefix"
    out=$(systemd-analyze verify "$T"/p/lib/systemd/system/kosmo-* 2>&1)
    is "$?:$out" "0:" "systemd-analyze verify finds nothing wrong with the units"
    mkdir -p "$T/sysroot/etc" && touch "$T/sysroot/etc/passwd" "$T/sysroot/etc/group"
    systemd-sysusers --root="$T/sysroot" "$ROOT/usr/lib/sysusers.d/kosmo.conf" > /dev/null 2>&1
    like "$(cat "$T/sysroot/etc/passwd")" '^kosmo:x:[0-9]+:[0-9]+:.*:/nonexistent:/usr/sbin/nologin$' \
        "systemd-sysusers makes the system user kosmo the units run as"
else
    pass "systemd-analyze verify # SKIP systemd is not installed"
    pass "systemd-sysusers # SKIP systemd is not installed"
fi

# --- packages: only the test targets install them ----------------------------------------
# A fresh copy of the tree (no configure, no config.mk) whose tools/install-deps
# only records its arguments, with apt-get and apt on PATH failing loudly.
# `make -n` still remakes its makefiles for real (autoconf, configure, and what
# config.mk needs first), then prints the rest: for all and install,
# install-deps must neither run nor be printed; check and fuzz must run it.
FRESH=$T/fresh
if git -C "$TOP" rev-parse --git-dir > /dev/null 2>&1; then
    mkdir -p "$FRESH" "$T/shim"
    (cd "$TOP" && git ls-files -z --cached --others --exclude-standard |
        tar --null -T - --ignore-failed-read -cf - 2> /dev/null) | tar -C "$FRESH" -xf -
    rm -f "$FRESH/config.mk" "$FRESH/config.status" "$FRESH/configure"
    printf '#!/bin/sh\nprintf "[%%s]\\n" "$*" >> "%s"\n' "$T/deps-calls" > "$FRESH/tools/install-deps"
    for tool in apt-get apt; do
        printf '#!/bin/sh\necho "%s $*" >> "%s"\nexit 1\n' "$tool" "$T/apt-calls" > "$T/shim/$tool"
    done
    chmod 755 "$FRESH/tools/install-deps" "$T/shim/"*
    fmake() { "${NONET[@]}" env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS PATH="$T/shim:$PATH" \
        make -C "$FRESH" --no-print-directory -n "$@"; }
    fmake all install DESTDIR="$T/fresh-root" > "$T/fresh.log" 2>&1
    rc=$?
    is "$rc" 0 "in a fresh tree, make -n all install DESTDIR=… configures${NONET:+ without a network} and succeeds"
    [ "$rc" -eq 0 ] || sed 's/^/# /' "$T/fresh.log" | tail -n 20
    ok "configure wrote config.mk" test -f "$FRESH/config.mk"
    is "$(cat "$T/deps-calls" 2> /dev/null)" "" "neither make nor configure ran tools/install-deps"
    is "$(grep -c install-deps "$T/fresh.log")" 0 "nor would make all install run it"
    is "$(cat "$T/apt-calls" 2> /dev/null)" "" "nor apt-get"
    like "$(grep -c 'LINK\|-o build/kosmo-login.fcgi' "$T/fresh.log")" '^[1-9]' "make -n printed the build it would do"
    rm -f "$T/deps-calls"
    fmake check > "$T/fresh-check.log" 2>&1
    # The galera group: make check runs the Galera family (t85xx).
is "$(cat "$T/deps-calls" 2> /dev/null)" "[galera]" "make check runs tools/install-deps, once, before building"
    rm -f "$T/deps-calls"
    fmake fuzz > "$T/fresh-fuzz.log" 2>&1
    is "$(cat "$T/deps-calls" 2> /dev/null)" "[fuzz]" "make fuzz runs tools/install-deps fuzz"
    rm -f "$T/deps-calls"
    fmake check-security > "$T/fresh-security.log" 2>&1
    is "$(cat "$T/deps-calls" 2> /dev/null)" "[security]" "make check-security runs tools/install-deps security"
else
    diag "not a git checkout: the fresh-tree checks of install-deps are left out"
fi

# --- the installed programs ------------------------------------------------------------------------

start_stack   # its MariaDB server, its database user and its sendmail stand-in
mkdir -p "$R" || bail_out "cannot make $R"
IDB=${DB_NAME}_i
ini() { sed -n "/^\[$1\]/,/^\[/s/^$2 *= *//p" "$CONF" | head -n 1; }
db_user=$(ini db user)
mariadb --no-defaults --socket="$DB_SOCKET" -uroot -e \
    "CREATE DATABASE \`$IDB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
     GRANT ALL PRIVILEGES ON \`$IDB\`.* TO '$db_user'@'localhost'" || bail_out "cannot create database $IDB"

# The installed configuration, with this machine's values (as an operator edits it).
IC=$R/kosmo.conf
awk -v sock="$DB_SOCKET" -v user="$db_user" -v pw="$(ini db password)" -v db="$IDB" \
    -v tpl="$ROOT/usr/share/kosmo/templates" -v secret="$(ini security secret)" \
    -v scrypt="$KOSMO_SCRYPT" -v sendmail="${KOSMO_BUILD_DIR:-$TOP/build}/sendmail-stub $STACK/mail -t -i" '
    /^\[/ { s = $0 }
    s == "[db]" && /^socket *=/ { print "socket = " sock; next }
    s == "[db]" && /^user *=/ { print "user = " user; next }
    s == "[db]" && /^password *=/ { print "password = " pw; next }
    s == "[db]" && /^name *=/ { print "name = " db; next }
    s == "[site]" && /^templates *=/ { print "templates = " tpl; print "secure_cookies = false"; next }
    s == "[security]" && /^# secret =/ { print "secret = " secret; print "password_scrypt = " scrypt; next }
    s == "[mail]" && /^# sendmail =/ { print "sendmail = " sendmail; next }
    { print }' "$ROOT/etc/kosmo/kosmo.conf.example" > "$IC"
ictl() { env -u KOSMO_SQL_DIR -u KOSMO_CONFIG "$ROOT/usr/bin/kosmoctl" --config "$IC" "$@"; }
# For wait_until, which runs its command again (a $(…) in its arguments would not be).
site_answers() { [ "$(curl -s --max-time 5 "$BASE/healthz")" = ok ]; }
has_mail() { [ "$(mail_count)" -ge 1 ]; }

out=$(ictl check-config 2>&1)
like "$out" "has no schema yet: run 'kosmoctl migrate'" "check-config of the installed configuration asks for migrate"
out=$(ictl migrate 2>&1)
is "$?" 0 "the installed kosmoctl migrates the new database"
like "$out" '^applied 001-initial.sql$' "from the installed sql/ (found next to it)"
like "$(ictl check-config 2>&1)" "note: no society yet: add one with 'kosmoctl society add'" \
    "check-config says that no society was added yet"
ictl society add 06279996 --name サンプル健康保険組合 --company-domains example.co.jp > "$R/society.log" 2>&1
is "$?" 0 "the installed kosmoctl adds a society"
is "$(ictl check-config 2>&1)" ok "check-config is happy now"
printf '%s\n' "insurer_number,symbol,number,name,birth_date,category" "06279996,5201,1,中村一,19880808,employee" \
    > "$R/members.csv"
ictl import-members "$R/members.csv" --out "$R/credentials.csv" > "$R/import.log" 2>&1
is "$?" 0 "the installed kosmoctl imports members"
IFS=, read -r _ _ _ _ TEMP_ID TEMP_PW <<< "$(tail -n 1 "$R/credentials.csv")"

# The programs as spawn-fcgi runs them (the socket on standard input, as
# systemd hands it over too); -n: spawn-fcgi becomes the program.
for s in "${BINARIES[@]}"; do
    setsid spawn-fcgi -n -s "$R/$s.sock" -M 0600 -- "$ROOT/usr/sbin/kosmo-$s.fcgi" --config "$IC" \
        < /dev/null > "$R/$s.log" 2>&1 &
    PIDS+=($!)
done
wait_until 30 test -S "$R/login.sock" -a -S "$R/verify.sock" -a -S "$R/register.sock" -a -S "$R/portal.sock" ||
    bail_out "the installed programs did not open their sockets"

# nginx with the installed site, its paths moved below DESTDIR and $R.
NPORT=$(_free_port)
sed -e "s|listen 80;|listen 127.0.0.1:$NPORT;|" -e "s|/run/kosmo/|$R/|g" -e "s|/usr/share/kosmo/|$ROOT/usr/share/kosmo/|g" \
    "$ROOT/etc/kosmo/nginx-site.conf" > "$R/site.conf"
mkdir -p "$R/nginx"
cat > "$R/nginx.conf" <<EOF
user root;
daemon off;
worker_processes 1;
pid $R/nginx.pid;
error_log $R/nginx-error.log warn;
events { worker_connections 64; }
http {
    types { text/html html; text/css css; }
    default_type application/octet-stream;
    access_log $R/nginx-access.log;
    client_body_temp_path $R/nginx/body;
    fastcgi_temp_path $R/nginx/fastcgi;
    proxy_temp_path $R/nginx/proxy;
    uwsgi_temp_path $R/nginx/uwsgi;
    scgi_temp_path $R/nginx/scgi;
    include $R/site.conf;
}
EOF
nginx -t -q -p "$R/" -c "$R/nginx.conf" -e "$R/nginx-error.log" > "$R/nginx-t.log" 2>&1 ||
    { sed 's/^/# /' "$R/nginx-t.log"; bail_out "nginx -t failed on the installed site"; }
setsid nginx -p "$R/" -c "$R/nginx.conf" -e "$R/nginx-error.log" < /dev/null > "$R/nginx.out" 2>&1 &
NGINX_PID=$!
BASE=http://127.0.0.1:$NPORT
wait_until 30 site_answers || bail_out "the installed site does not answer"
pass "nginx serves the installed site in front of the installed programs"

get /static/kosmo.css
is "$STATUS" 200 "the installed stylesheet is served"
get /login
is "$STATUS" 200 "the login page answers"
post /login user_id="$TEMP_ID" password="$TEMP_PW"
is "$LOCATION" /verify "the member imported by the installed kosmoctl logs in"
verify_member 19880808
is "$LOCATION" /register "step 2 passes"
enter_registration nakamura01 'Nkmr5pass' nakamura@example.co.jp
like "$BODY" '<dd>nakamura01</dd>' "the confirm screen shows the entries"
post /register/execute
is "$LOCATION" /register/done "実行 registers"
follow
like "$BODY" '登録が完了しました' "the completion screen, rendered from the installed templates"
is "$(mariadb --no-defaults --socket="$DB_SOCKET" -uroot -N -B "$IDB" -e "SELECT COUNT(*) FROM accounts")" 1 \
    "the account is in the migrated database"
wait_until 10 has_mail
is "$(mail_header "$(mails | head -n 1)" To)" nakamura@example.co.jp "the completion mail went out"
like "$(cat "$R/register.log")" 'kosmo-register: req=[0-9a-f]+ method=POST path=/register/execute status=303' \
    "the installed register program served 実行 and logged it"

# SIGTERM: each program finishes and exits 0.
codes=
programs=${#PIDS[@]}
zeros=$(printf '0 %.0s' "${PIDS[@]}")
for pid in "${PIDS[@]}"; do
    kill -TERM "$pid"
    wait "$pid"
    codes+="$? "
done
PIDS=()
is "$codes" "$zeros" "the $programs installed programs stop cleanly on SIGTERM"
unlike "$(binary_logs "$R")" 'ERROR: [A-Za-z]+Sanitizer|runtime error:' \
    "their logs have no sanitizer reports (make check SANITIZE=1)"

done_testing
