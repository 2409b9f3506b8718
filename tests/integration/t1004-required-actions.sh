#!/usr/bin/env bash
# t1004-required-actions.sh: after a correct permanent password and before the
# menu: the expired password (by age, or marked by kosmoctl expire-password),
# then new terms; while one is pending nothing else opens
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,1001,1,山田 太郎,19800123,employee' '06279996,1001,2,山田 花子,19820304,voluntary' \
    || bail_out "import failed"
register_member 1001 1 19800123 TARO12345 'Taro1234pass' taro@example.co.jp
is "$LOCATION" /register/done "the member registers"
MEMBER=$(sql "SELECT member_id FROM accounts WHERE user_id = 'TARO12345'")

log_in() {  # log_in PASSWORD: through the code by mail, ending where the login leads
    new_session
    # Each login an hour after the last: at most 5 codes are mailed an hour.
    sql "UPDATE mail_codes SET created_at = created_at - INTERVAL 1 HOUR"
    login_permanent TARO12345 "$1"
}
# Every page a pending session might try: each sends it back to its action.
sends_back_to() {  # sends_back_to PATH
    local p
    for p in /menu /register /register/confirm /register/done /verify /terms/new /password/expired; do
        [ "$p" = "$1" ] && continue
        get "$p"
        is "$LOCATION" "$1" "$p leads back to $1"
    done
}

log_in 'Taro1234pass'
is "$LOCATION" /menu "a fresh password and the current terms lead to the menu"
get /password/expired
is "$LOCATION" /menu "the expired-password page is not for a member without the action"
get /terms/new
is "$LOCATION" /menu "nor the new-terms page"

# By age: older than password_max_days (360).
sql "UPDATE accounts SET password_changed_at = NOW(6) - INTERVAL 361 DAY"
log_in 'Taro1234pass'
is "$LOCATION" /password/expired "a password older than 360 days leads to the change page"
get /password/expired
is "$STATUS" 200 "which opens"
like "$BODY" 'パスワードの有効期限が切れています' "and says the password has expired"
like "$BODY" '<label for="new_password">新しいパスワード</label>' "asking for 新しいパスワード"
like "$BODY" '<label for="new_password_confirm">新しいパスワード確認用</label>' "and 新しいパスワード確認用"
like "$BODY" '<button type="submit" class="primary">変更</button>' "with 変更"
sends_back_to /password/expired
post /password/expired new_password='Taro1234pass' new_password_confirm='Taro1234pass'
like "$BODY" 'id="new_password-error">現在のパスワードと同じ' "the new password must differ from the current one"
post /password/expired new_password='TARO12345' new_password_confirm='TARO12345'
like "$BODY" 'id="new_password-error">' "step 3's rules apply"
post /password/expired new_password='Fresh2025pass' new_password_confirm='Fresh2025pass'
is "$LOCATION" /menu "a new password leads on to the menu"
get /menu
is "$STATUS" 200 "which opens now"
is "$(sql "SELECT password_changed_at > NOW(6) - INTERVAL 1 MINUTE FROM accounts WHERE member_id = $MEMBER")" 1 \
    "the 360 days start again"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'password_expired_changed'")" 1 "the change is audited"

# Marked by the operator.
kosmoctl expire-password TARO12345 > "$T/expire.out" 2>&1
is "$?" 0 "kosmoctl expire-password succeeds"
get /menu
is "$LOCATION" /login "it ends the member's sessions"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'password_expired_marked'")" 1 "and is audited"
log_in 'Fresh2025pass'
is "$LOCATION" /password/expired "the next login shows the change page"
sends_back_to /password/expired
get /password/expired
post /password/expired new_password='Marked2025pass' new_password_confirm='Marked2025pass'
is "$LOCATION" /menu "after the change the menu opens"
is "$(sql "SELECT password_expired FROM accounts WHERE member_id = $MEMBER")" 0 "the mark is cleared"
log_in 'Marked2025pass'
is "$LOCATION" /menu "and the next login goes straight to the menu"

# New terms: the newest version asks for consent at the next login.
printf '第1条(目的)\n新しい規約です。\n\n第2条(改定)\n二つ目の段落です。\n' > "$T/terms-2.txt"
kosmoctl publish-terms 2025-04 "$T/terms-2.txt" > "$T/publish.out" 2>&1
is "$?" 0 "kosmoctl publish-terms succeeds"
get /menu
is "$STATUS" 200 "a session already at the menu keeps it"
log_in 'Marked2025pass'
is "$LOCATION" /terms/new "the next login asks for consent to the new terms"
get /terms/new
like "$BODY" '二つ目の段落です' "the page shows the new terms"
like "$BODY" '版: 2025-04' "and their version"
like "$BODY" '<label for="agree">KOSMO Communication Web利用規約に同意する</label>' "with 同意する"
like "$BODY" '<button type="submit" class="primary">確認</button>' "and 確認"
sends_back_to /terms/new
get /terms/new
post /terms/new
like "$BODY" 'id="agree-error"' "確認 without 同意する is refused"
post /terms/new agree=1
is "$LOCATION" /menu "consent leads to the menu"
is "$(sql "SELECT GROUP_CONCAT(CONCAT(t.version, ':', c.source) ORDER BY c.id) FROM consents c JOIN terms_versions t ON t.seq = c.terms_seq WHERE c.member_id = $MEMBER")" \
    "2022-03:verify,2025-04:login" "both consents are kept, each its own row"
kosmoctl consents --member 06279996:1001:1 > "$T/consents.out" 2>&1
is "$(cut -d, -f2,4 "$T/consents.out" | tr '\n' ' ')" "version,source 2022-03,verify 2025-04,login " \
    "kosmoctl consents lists both"
log_in 'Marked2025pass'
is "$LOCATION" /menu "the next login goes to the menu"

# Both pending: the password first, then the terms.
printf '第1条\n三つ目の版です。\n' > "$T/terms-3.txt"
kosmoctl publish-terms 2025-10 "$T/terms-3.txt" > /dev/null 2>&1
kosmoctl expire-password TARO12345 > /dev/null 2>&1
log_in 'Marked2025pass'
is "$LOCATION" /password/expired "with both pending, the password comes first"
get /password/expired
post /password/expired new_password='Both2025pass' new_password_confirm='Both2025pass'
is "$LOCATION" /terms/new "then the terms"
get /terms/new
post /terms/new agree=1
is "$LOCATION" /menu "then the menu"

# Step 2 records the newest version.
new_session
login_member 1001 2
verify_member 19820304
is "$LOCATION" /register "the other member passes step 2"
is "$(sql "SELECT t.version FROM consents c JOIN terms_versions t ON t.seq = c.terms_seq WHERE c.member_id <> $MEMBER")" \
    2025-10 "step 2 records the newest version"
get /terms
like "$BODY" '三つ目の版です' "/terms shows the newest version"
is "$(sql "SELECT COUNT(*) FROM audit_events a WHERE a.event = 'consent'")" 0 "consents are records of their own"
kosmoctl audit --event consent > "$T/audit.out" 2>&1
is "$(grep -c 'consent' "$T/audit.out")" 2 "kosmoctl audit shows the two consents at login"

done_testing
