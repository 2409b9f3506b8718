#!/usr/bin/env bash
# t0003-units.sh: every systemd unit as the Debian package installs it
# (make install with debian/rules' paths into a root of its own, beside a
# copy of this host's own units, which they depend on: sysinit.target,
# sockets.target ...) passes `systemd-analyze verify --root=` with neither
# an error nor a warning; the check itself catches a unit with a warning.
# A script of tests/run rather than a make target of its own, so that make
# check's one line "N passed, N failed" counts each unit.
. "$(dirname "$0")/lib.sh"

ROOT=$T/root
UNITS=/lib/systemd/system   # debian/rules' UNITDIR

command -v systemd-analyze > /dev/null 2>&1 || {
    pass "systemd-analyze verify # SKIP systemd is not installed"
    done_testing
}

# make install of what is built (never a rebuild with other flags, as t5002).
need_built
tmake install DESTDIR="$ROOT" prefix=/usr sysconfdir=/etc localstatedir=/var runstatedir=/run \
    systemdunitdir="$UNITS" > "$T/install.log" 2>&1
is "$?" 0 "make install with the package's paths succeeds"

# The host's units, where the root's systemd looks for its own.
mkdir -p "$ROOT/usr/lib/systemd/system"
cp -a "$UNITS/." "$ROOT/usr/lib/systemd/system/" 2> /dev/null
ok "the host's units are copied into the root" test -e "$ROOT/usr/lib/systemd/system/sockets.target"

# verify UNIT: what systemd-analyze says of the installed UNIT, and its status.
verify() {
    local out
    out=$(cd "$T" && systemd-analyze verify --man=no --root="$ROOT" "$UNITS/$1" 2>&1)
    printf '%s:%s' "$?" "$out"
}

expected=$(cd "$TOP/systemd" && ls kosmo-*.socket.in kosmo-*.service.in kosmo-*.timer | sed 's/\.in$//' | sort)
installed=$(cd "$ROOT$UNITS" && ls kosmo-* | sort)
is "$installed" "$expected" "every unit of systemd/ is installed"

for unit in $expected; do
    is "$(verify "$unit")" "0:" "systemd-analyze verify: $unit"
done

# A unit with a key systemd does not know: a warning, which must show.
sed 's/^Type=simple$/&\nNoSuchKey=yes/' "$ROOT$UNITS/kosmo-login.service" > "$ROOT$UNITS/kosmo-broken.service"
like "$(verify kosmo-broken.service)" "Unknown key 'NoSuchKey'" "a unit with an unknown key is reported"

done_testing
