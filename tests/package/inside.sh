#!/usr/bin/env bash
# inside.sh: the package test proper, run as root INSIDE the booted Debian 12
# container by tests/package/run (never on the host): installs the .deb with
# apt, sets kosmo up as INSTALL says, walks a member through nginx with curl,
# reads the mails Exim delivered into /var/mail, checks the units under the
# real systemd, upgrades it to a next version with a migration more, then
# removes and purges the package. TAP, like the
# integration scripts, whose lib.sh (copied beside this file) it sources for
# its assertions, its HTTP client and its mail helpers.
#
#   bash inside.sh KOSMO.deb
. "$(dirname "$0")/lib.sh"

DEB=$1
HERE=$(cd "$(dirname "$0")" && pwd)
BASE=http://localhost
CONFIG=/etc/kosmo/kosmo.conf

# The member's mail goes to a local user of the container: Exim delivers
# the domain kosmo.test into /var/mail/taro.
MAILBOX=/var/mail/taro
EMAIL=taro@kosmo.test
SITE='KOSMO Communication Web'
PROGRAMS=(login verify register portal)
TIMERS=(kosmo-mail kosmo-notify kosmo-purge kosmo-purge-records)
STATE=before

# lib.sh's helpers, pointed at the installed package instead of a stack.
kosmoctl() { /usr/bin/kosmoctl --config "$CONFIG" "$@"; }
sql() { mariadb -N -B kosmo -e "$1"; }
# Exim's delivery, forked by the sendmail a kosmo unit runs, inherits the
# unit's sandbox: with ProtectHome=yes it cannot enter the member's home and
# defers (docs/PACKAGE-TEST.md). What Exim's daemon does at its next queue
# run (every 30 minutes) is done here at once, before the mailbox is read.
mails() {
    exim4 -qf > /dev/null 2>&1
    python3 "$HERE/mailcheck.py" split "$MAILBOX" "$STACK/mail" || return 1
    local f
    for f in "$STACK"/mail/*.eml; do [ -e "$f" ] && echo "$f"; done
    return 0
}

# apt_ok DESC ARGS...: `apt-get ARGS` as one test; its output in APT_OUT,
# its last lines shown when it fails.
apt_ok() {
    local desc=$1
    shift
    APT_OUT=$(apt-get "$@" 2>&1)
    is "$?" 0 "$desc" || { _show "apt says" "$(printf '%s\n' "$APT_OUT" | tail -n 15)"; return 1; }
}

# conf_set SECTION KEY VALUE: sets KEY in [SECTION] of kosmo.conf, over its
# commented-out default when there is one.
conf_set() {
    awk -v sec="[$1]" -v key="$2" -v val="$3" '
        /^\[/ { if (in_sec && !done) { print key " = " val; done = 1 } in_sec = ($0 == sec) }
        in_sec && !done && $0 ~ "^[#;]? *" key " *=" { print key " = " val; done = 1; next }
        { print }
        END { if (!done) { if (!in_sec) print sec; print key " = " val } }' "$CONFIG" > "$CONFIG.new" &&
        cat "$CONFIG.new" > "$CONFIG" && rm -f "$CONFIG.new"
}

. "$HERE/inside-install.sh"
. "$HERE/inside-member.sh"
. "$HERE/inside-units.sh"
. "$HERE/inside-upgrade.sh"
. "$HERE/inside-remove.sh"

local_mail_delivery
install_package || bail_out "the package did not install: nothing else can be tested"
setup_site || bail_out "the site could not be set up"
walk_member
check_mails
refused_mail
check_units
check_hardening
upgrade_package
remove_package
purge_package
done_testing
