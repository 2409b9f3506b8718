# inside-install.sh: sourced by inside.sh: Exim for local delivery, the
# package installed with apt, and the site set up as INSTALL's first section
# says (database, configuration, nginx, check-config, migrate, a society and
# a member).

# Exim delivers locally only ('local', set when the root was made); the
# member's domain is one of its own, and the member a user with a mailbox.
local_mail_delivery() {
    sed -i "s/^dc_other_hostnames=.*/dc_other_hostnames='kosmo.test'/" /etc/exim4/update-exim4.conf.conf
    ok "Exim takes kosmo.test as a local domain" sh -c 'update-exim4.conf && systemctl restart exim4'
    id taro > /dev/null 2>&1 || useradd -m taro
    is "$(exim4 -bt "$EMAIL" 2>&1 | sed -n 's/.*router = \([a-z_]*\).*/\1/p')" local_user \
        "Exim routes $EMAIL to a local mailbox"
}

install_package() {
    apt_ok "apt-get install ./$(basename "$DEB") (its dependencies are in the root: the container has no network)" \
        install -y "$DEB" || return 1
    STATE=installed
    ok "the system user kosmo exists (sysusers.d)" sh -c 'getent passwd kosmo > /dev/null'
    is "$(stat -c '%a %U:%G' "$CONFIG")" "640 root:kosmo" "$CONFIG is mode 0640 root:kosmo"
    like "$(sed -n 's/^secret *= *//p' "$CONFIG")" '^[0-9a-f]{64,}$' "with a fresh secret of 64 hex digits"
    is "$(type -P kosmoctl)" /usr/bin/kosmoctl "kosmoctl is on the PATH"
    ok "the nginx site is installed" test -f /etc/nginx/sites-available/kosmo
    ok "but not enabled" test ! -e /etc/nginx/sites-enabled/kosmo
    ok "the Apache example beside it" test -f /etc/apache2/sites-available/kosmo.conf
    # Socket activation: the sockets listen, nothing has asked for a program.
    is "$(pgrep -fc '^/usr/sbin/kosmo-')" 0 "no program runs before a request (or a restart)"
}

# INSTALL's two lines: a password into kosmo.conf, the database and its user.
create_database() {
    local pw
    pw=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n'); sed -i "s/^password = .*/password = $pw/" /etc/kosmo/kosmo.conf
    mariadb -e "CREATE DATABASE kosmo CHARACTER SET utf8mb4 COLLATE utf8mb4_bin; CREATE USER 'kosmo'@'localhost' IDENTIFIED BY '$pw'; GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON kosmo.* TO 'kosmo'@'localhost'"
}

# INSTALL's first section, in its order; then a society and a member
# (its section 6).
setup_site() {
    local out
    ok "the database and its user are created (INSTALL's two lines)" create_database || return 1
    out=$(kosmoctl migrate 2>&1)
    is "$?" 0 "kosmoctl migrate" || _show output "$out"
    # Plain http inside the container: the links in mails are the site's.
    conf_set site public_url http://localhost/
    conf_set site secure_cookies false
    out=$(kosmoctl check-config 2> "$T/check-config.err")
    is "$out" ok "kosmoctl check-config says ok" || { _show stderr "$(cat "$T/check-config.err")"; return 1; }
    sed 's/^/# /' "$T/check-config.err"
    ok "the programs restart on the new kosmo.conf" \
        systemctl restart kosmo-login.service kosmo-verify.service kosmo-register.service kosmo-portal.service
    ok "the nginx site is enabled" sh -c 'ln -s ../sites-available/kosmo /etc/nginx/sites-enabled/kosmo &&
        nginx -t 2>/dev/null && systemctl reload nginx'
    out=$(kosmoctl society add 06279996 --name サンプル健康保険組合 --company-domains kosmo.test 2>&1)
    is "$?" 0 "kosmoctl society add" || _show output "$out"
    ok "kosmoctl import-members imports a member" import_members '06279996,1001,1,山田 太郎,19800123,employee'
}
