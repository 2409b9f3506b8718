# inside-upgrade.sh: sourced by inside.sh: the next version installed over
# the running one, as apt upgrades: the sockets keep listening and a
# member's session keeps working, the programs restart on the new files, the
# secret stays, no migration runs behind the operator's back, and one line
# says what to run.

# next_version_deb FROM SUFFIX TABLE: the package FROM repacked as its
# version+SUFFIX with one migration more (creating TABLE), as a release with
# a schema change would come; prints the new .deb's path.
next_version_deb() {
    local dir=$T/$2 version sqldir newest name
    rm -rf "$dir"
    dpkg-deb -R "$1" "$dir" || return 1
    version=$(sed -n 's/^Version: //p' "$dir/DEBIAN/control")
    sed -i "s/^Version: .*/Version: $version+$2/" "$dir/DEBIAN/control"
    sqldir=usr/share/kosmo/sql
    newest=$(ls "$dir/$sqldir" | sed -n 's/^\([0-9]*\)-.*\.sql$/\1/p' | sort -n | tail -n 1)
    name=$(printf '%03d' $((10#$newest + 1)))-$3.sql
    echo "CREATE TABLE $3 (id INT PRIMARY KEY);" > "$dir/$sqldir/$name"
    (cd "$dir" && md5sum "$sqldir/$name" >> DEBIAN/md5sums)
    dpkg-deb -b "$dir" "$T/kosmo_$2.deb" > /dev/null && echo "$T/kosmo_$2.deb"
}

# The sockets' activation times: the same after an upgrade that kept them.
socket_times() {
    local p
    for p in "${PROGRAMS[@]}"; do
        systemctl show -p ActiveEnterTimestampMonotonic --value "kosmo-$p.socket"
    done
}

upgrade_package() {
    local sockets pid secret out next
    new_session
    login_permanent "$USER_ID" "$PASSWORD"
    get /menu
    is "$STATUS" 200 "before the upgrade a member's session opens the menu"
    sockets=$(socket_times)
    pid=$(systemctl show -p MainPID --value kosmo-portal.service)
    secret=$(sed -n 's/^secret *= *//p' "$CONFIG")
    next=$(next_version_deb "$DEB" next1 upgrade_probe)
    ok "the next version: this package with one migration more" test -f "$next" || return 1
    apt_ok "apt-get install of the next version over the running one" install -y "$next" || return 1
    is "$(grep -c "kosmoctl migrate" <<< "$APT_OUT")" 1 "apt's output says in one line what to run" ||
        _show "apt says" "$(printf '%s\n' "$APT_OUT" | tail -n 15)"
    is "$(socket_times)" "$sockets" "the sockets were never stopped"
    isnt "$(systemctl show -p MainPID --value kosmo-portal.service)" "$pid" "the portal's program restarted on the new files"
    get /menu
    is "$STATUS" 200 "the member's session still opens the menu"
    like "$BODY" '<h1>メインメニュー</h1>' "  with the menu in it"
    is "$(sed -n 's/^secret *= *//p' "$CONFIG")" "$secret" "the secret is kept"
    is "$(sql "SHOW TABLES LIKE 'upgrade_probe'")" "" "no migration ran behind the operator's back"
    out=$(kosmoctl migrate 2>&1)
    is "$?" 0 "the operator runs kosmoctl migrate" || _show output "$out"
    is "$(sql "SHOW TABLES LIKE 'upgrade_probe'")" upgrade_probe "  which applies the new migration"
    apt_ok "apt-get install --reinstall of that version" install -y --reinstall "$next"
    is "$(grep -c "kosmoctl migrate" <<< "$APT_OUT")" 0 "with the schema up to date, an upgrade says nothing of migrations"
    upgrade_migrating "$next"
}

# Where /etc/default/kosmo asks for it, the upgrade runs the migrations.
upgrade_migrating() {
    local next
    sed -i 's/^MIGRATE_ON_UPGRADE=.*/MIGRATE_ON_UPGRADE=yes/' /etc/default/kosmo
    next=$(next_version_deb "$1" next2 upgrade_probe2)
    apt_ok "with MIGRATE_ON_UPGRADE=yes, apt-get install of a version with a migration more" install -y "$next"
    is "$(sql "SHOW TABLES LIKE 'upgrade_probe2'")" upgrade_probe2 "  the upgrade applied it"
    is "$(kosmoctl check-config 2> /dev/null)" ok "  and check-config says ok"
    get /menu
    is "$STATUS" 200 "  the member's session still opens the menu"
}
