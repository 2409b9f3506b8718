# inside-remove.sh: sourced by inside.sh: apt remove stops everything and
# keeps the configuration and the data; apt purge then leaves no kosmo
# process, unit or user behind, and still never the database.

# kosmo_left: the kosmo processes and units still there, one a line.
kosmo_left() {
    pgrep -a -f '^/usr/(s?bin)/kosmo' || true
    systemctl list-units --all --no-legend --plain 'kosmo*' | awk '$3 != "inactive" || $2 != "not-found" { print $1, $2, $3 }' || true
    systemctl list-unit-files --no-legend 'kosmo*' || true
}

remove_package() {
    apt_ok "apt-get remove kosmo" remove -y kosmo || return 1
    systemctl daemon-reload
    is "$(kosmo_left)" "" "no kosmo process or unit is left"
    ok "the configuration is kept" test -f "$CONFIG"
    is "$(sql "SELECT COUNT(*) FROM accounts")" 1 "and the data (the member's account)"
}

purge_package() {
    apt_ok "apt-get purge kosmo" purge -y kosmo || return 1
    systemctl daemon-reload
    is "$(kosmo_left)" "" "no kosmo process or unit is left"
    ok "no user kosmo" sh -c '! getent passwd kosmo'
    ok "no group kosmo" sh -c '! getent group kosmo'
    ok "no /etc/kosmo" test ! -e /etc/kosmo
    ok "no nginx site, nor its link" sh -c 'test ! -e /etc/nginx/sites-available/kosmo && test ! -L /etc/nginx/sites-enabled/kosmo'
    is "$(sql "SELECT COUNT(*) FROM accounts")" 1 "the database is kept"
}
