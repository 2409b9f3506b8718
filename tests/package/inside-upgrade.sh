# inside-upgrade.sh: sourced by inside.sh: the next version installed over
# the running one, as apt upgrades: the sockets keep listening and a
# member's session keeps working, the programs restart on the new files, the
# secret stays, no migration runs behind the operator's back, and one line
# says what to run.

# next_version_deb: this package repacked as VERSION+next1 with one
# migration more, as a release with a schema change would come.
next_version_deb() {
    local dir=$T/next version sqldir newest name
    rm -rf "$dir"
    dpkg-deb -R "$DEB" "$dir" || return 1
    version=$(sed -n 's/^Version: //p' "$dir/DEBIAN/control")
    sed -i "s/^Version: .*/Version: $version+next1/" "$dir/DEBIAN/control"
    sqldir=usr/share/kosmo/sql
    newest=$(ls "$dir/$sqldir" | sed -n 's/^\([0-9]*\)-.*\.sql$/\1/p' | sort -n | tail -n 1)
    name=$(printf '%03d' $((10#$newest + 1)))-upgrade-probe.sql
    echo 'CREATE TABLE upgrade_probe (id INT PRIMARY KEY);' > "$dir/$sqldir/$name"
    (cd "$dir" && md5sum "$sqldir/$name" >> DEBIAN/md5sums)
    dpkg-deb -b "$dir" "$T/kosmo_next.deb" > /dev/null
}

# The sockets' activation times: the same after an upgrade that kept them.
socket_times() {
    local p
    for p in "${PROGRAMS[@]}"; do
        systemctl show -p ActiveEnterTimestampMonotonic --value "kosmo-$p.socket"
    done
}

upgrade_package() {
    local sockets pid secret out
    new_session
    login_permanent "$USER_ID" "$PASSWORD"
    get /menu
    is "$STATUS" 200 "before the upgrade a member's session opens the menu"
    sockets=$(socket_times)
    pid=$(systemctl show -p MainPID --value kosmo-portal.service)
    secret=$(sed -n 's/^secret *= *//p' "$CONFIG")
    ok "the next version: this package with one migration more" next_version_deb || return 1
    out=$(apt-get install -y "$T/kosmo_next.deb" 2>&1)
    is "$?" 0 "apt-get install of the next version over the running one" ||
        { _show "apt says" "$(printf '%s\n' "$out" | tail -n 15)"; return 1; }
    is "$(grep -c "kosmoctl migrate" <<< "$out")" 1 "apt's output says in one line what to run" ||
        _show "apt says" "$(printf '%s\n' "$out" | tail -n 15)"
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
    out=$(apt-get install -y --reinstall "$T/kosmo_next.deb" 2>&1)
    is "$(grep -c "kosmoctl migrate" <<< "$out")" 0 "with the schema up to date, an upgrade says nothing of migrations"
}
