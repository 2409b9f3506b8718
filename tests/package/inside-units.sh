# inside-units.sh: sourced by inside.sh: the units under the real systemd
# (sockets, services started by their first request, timers, the journal,
# Restart= after SIGKILL, reload) and their hardening (systemd-analyze
# security; no write outside what the service may write).

check_units() {
    local p timers
    for p in "${PROGRAMS[@]}"; do
        is "$(systemctl is-active "kosmo-$p.socket")" active "kosmo-$p.socket is active"
        ok "  listening on /run/kosmo/$p.sock" test -S "/run/kosmo/$p.sock"
        is "$(systemctl is-active "kosmo-$p.service")" active "kosmo-$p.service was started by a request"
    done
    timers=$(systemctl list-timers --no-legend)
    for p in "${TIMERS[@]}"; do
        like "$timers" " $p\.timer " "systemctl list-timers lists $p.timer"
        is "$(systemctl is-enabled "$p.timer")" enabled "  it is enabled"
    done
    like "$(journalctl -u kosmo-login.service --no-pager -o cat)" 'method=GET path=/login ' \
        "journalctl -u kosmo-login has the request lines"
    killed_unit_returns
    reload_or_restart
}

killed_unit_returns() {
    local old new
    old=$(systemctl show -p MainPID --value kosmo-login.service)
    systemctl kill -s KILL kosmo-login.service
    wait_until 15 '[ "$(systemctl show -p MainPID --value kosmo-login.service)" != "$old" ] &&
        [ "$(systemctl show -p MainPID --value kosmo-login.service)" != 0 ]'
    new=$(systemctl show -p MainPID --value kosmo-login.service)
    isnt "$new" "$old" "kosmo-login.service killed with SIGKILL comes back (Restart=on-failure)"
    get /login
    is "$STATUS" 200 "and serves the login page again"
}

# The programs read their configuration once: reload is refused, and the
# shipped INSTALL says to restart them after a change.
reload_or_restart() {
    local out
    if out=$(systemctl reload kosmo-login.service 2>&1); then
        pass "systemctl reload kosmo-login.service works"
        return
    fi
    like "$out" 'not applicable|not supported' "systemctl reload is refused (no ExecReload=)"
    like "$(zcat -f /usr/share/doc/kosmo/INSTALL* 2> /dev/null)" 'systemctl restart kosmo' \
        "and the installed INSTALL says to restart the units after a change"
    new_session
    ok "systemctl restart of the four programs" systemctl restart "${PROGRAMS[@]/#/kosmo-}"
    get /login
    is "$STATUS" 200 "the login page answers after the restart"
}

check_hardening() {
    local score pid uid gid unit dir
    for unit in kosmo-portal kosmo-login kosmo-verify; do
        score=$(systemd-analyze security --no-pager "$unit.service" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: *//p')
        like "$score" '^[0-9.]+ [A-Z]+' "systemd-analyze security $unit.service gives a score"
        diag "systemd-analyze security $unit.service: $score"
    done
    pid=$(systemctl show -p MainPID --value kosmo-portal.service)
    uid=$(id -u kosmo) gid=$(id -g kosmo)
    # Into the running service's own mount namespace, as its user.
    for dir in /usr/share/kosmo /etc/kosmo /etc /var/lib /root /home/taro; do
        ok "the portal cannot write in $dir" sh -c "! nsenter -t $pid -m -S $uid -G $gid touch $dir/kosmo-probe 2>/dev/null"
    done
    is "$(nsenter -t "$pid" -m touch /usr/share/kosmo/probe 2>&1 | grep -c 'Read-only')" 1 \
        "not even root in its mount namespace: /usr is read-only there (ProtectSystem=full)"
    ok "its /tmp is its own (PrivateTmp=)" sh -c "nsenter -t $pid -m -S $uid -G $gid touch /tmp/kosmo-probe &&
        test ! -e /tmp/kosmo-probe"
}
