#!/usr/bin/env bash
# root.sh: the cached Debian 12 root that tests/package/run boots, with
# MariaDB, nginx, Exim and the package's dependencies already in it, so that
# the booted test needs no network.
#
#   tests/package/root.sh [KOSMO.deb]
#
# build/package-root/ is made by debootstrap from the mirror this machine's
# apt uses (read at run time), then the packages are installed in it with
# apt (systemd-nspawn without -b: nothing is booted). With a .deb, its
# Depends and Recommends are installed too. Two stamps beside the root say
# how far it got: build/package-root.base (debootstrap finished; a root
# without it is removed and made again) and build/package-root.done (the
# list of what was installed; another list runs the apt step again, which
# only adds). The .debs apt and debootstrap fetch are kept in
# build/package-debs/, so a root made again downloads nothing twice.
# Needs root, debootstrap and systemd-nspawn; takes the network only when
# something is missing. KOSMO_PACKAGE_ROOT and KOSMO_PACKAGE_DEBS name
# other places for the root and the .debs (a cold build beside the cache).
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
root=${KOSMO_PACKAGE_ROOT:-$top/build/package-root}
debs=${KOSMO_PACKAGE_DEBS:-$top/build/package-debs}
suite=bookworm

# What the test uses besides the package's own dependencies: the services
# an operator installs beside kosmo, and the tools the test runs inside.
packages="mariadb-server nginx exim4-daemon-light curl python3 procps
    libfcgi0ldbl libctemplate3 libmariadb3 libssl3 liboath0 libqrencode4"

# The first Debian mirror of this machine's apt sources (deb822 or one-line).
mirror() {
    local url
    url=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
        awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }')
    if [ -z "$url" ]; then
        url=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
            awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }')
    fi
    [ -n "$url" ] || { echo "root.sh: no mirror in this machine's apt sources" >&2; return 1; }
    echo "$url"
}

# debootstrap minbase with systemd as its init: a root that boots.
make_base() {
    local url
    url=$(mirror)
    rm -rf "$root" "$root.base" "$root.done"
    mkdir -p "$debs"
    echo "root.sh: debootstrap $suite from $url into $root"
    debootstrap --variant=minbase --cache-dir="$debs" \
        --include=systemd,systemd-sysv,dbus,ca-certificates "$suite" "$root" "$url"
    touch "$root.base"
}

# Runs a command in the root, not booted, with the host's network and
# resolver, apt's archive cache kept outside it.
in_root() {
    systemd-nspawn -q --register=no --keep-unit --resolv-conf=copy-host -E DEBIAN_FRONTEND=noninteractive \
        --bind="$debs:/var/cache/apt/archives" -D "$root" "$@"
}

# The wanted list: ours, and the .deb's Depends and Recommends when given.
wanted() {
    printf '%s\n' $packages
    [ -z "${1:-}" ] || dpkg-deb -f "$1" Depends Recommends | sed 's/^[A-Za-z-]*: //'
}

# apt in the root. No service starts while nothing is booted (policy-rc.d),
# and Exim delivers only locally: the mails of the test stay in /var/mail.
install_packages() {
    local list=$1 deps
    mkdir -p "$debs"
    printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
    chmod 755 "$root/usr/sbin/policy-rc.d"
    # The .deb's fields are apt dependency expressions (alternatives,
    # versions): apt-get satisfy takes them as they are.
    deps=$(printf '%s\n' "$list" | grep -v '^[a-z0-9.+-]*$' | paste -sd, || true)
    in_root sh -c 'apt-get update && apt-get install -y --no-install-recommends "$@"' \
        sh $(printf '%s\n' "$list" | grep '^[a-z0-9.+-]*$')
    [ -z "$deps" ] || in_root apt-get satisfy -y --no-install-recommends "$deps"
    sed -i "s/^dc_eximconfig_configtype=.*/dc_eximconfig_configtype='local'/" \
        "$root/etc/exim4/update-exim4.conf.conf"
    in_root update-exim4.conf
    rm -f "$root/usr/sbin/policy-rc.d"
}

main() {
    local list
    [ "$(id -u)" = 0 ] || { echo "root.sh: must run as root (debootstrap, systemd-nspawn)" >&2; exit 1; }
    [ -f "$root.base" ] || make_base
    list=$(wanted "${1:-}")
    if [ "$list" != "$(cat "$root.done" 2>/dev/null)" ]; then
        rm -f "$root.done"
        install_packages "$list"
        printf '%s\n' "$list" > "$root.done"
    fi
}

main "$@"
