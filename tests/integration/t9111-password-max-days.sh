#!/usr/bin/env bash
# t9111-password-max-days.sh: [security] password_max_days = 0 (ASVS 6.2.10:
# no periodic rotation): a password of any age logs in to the menu with no
# required action, notify-expiring reminds nobody, the menu shows no expiry
# date, and neither the pages that set a password nor 手続き完了のお知らせ
# and パスワード変更のお知らせ say how many days it lasts; an operator's
# expire-password still works. Set to 90, the menu, the pages and the mails
# say 90.
. "$(dirname "$0")/lib.sh"

mails_titled() {  # the files of the mails whose subject ends in $1, oldest first
    local f
    mails | while read -r f; do
        case $(mail_header "$f" Subject) in *"$1") echo "$f" ;; esac
    done
}
changed_mails() { mails_titled パスワード変更のお知らせ; }

# Registers member $1 (its number and birth date $2 $3) as user $4 and says
# what the registration page and the completion mail tell of the days: $5
# "like" or "unlike" the text $6 on the page, $7 in the mail.
register_checking_days() {
    local before
    before=$(mails_titled 手続き完了のお知らせ | wc -l)
    new_session
    login_member "$1" "$2" && verify_member "$3" || bail_out "cannot reach the registration page"
    get /register
    "$5" "$BODY" "$6" "the registration page: $5 '$6'"
    enter_registration "$4" 'Taro1234pass' "$(echo "$4" | tr A-Z a-z)@example.co.jp"
    post /register/execute
    is "$LOCATION" /register/done "$4 is registered"
    wait_until 10 '[ "$(mails_titled 手続き完了のお知らせ | wc -l)" -gt "$before" ]' ||
        fail "no 手続き完了のお知らせ came for $4"
    "$5" "$(mail_body "$(mails_titled 手続き完了のお知らせ | tail -n 1)")" "$7" \
        "手続き完了のお知らせ: $5 '$7'"
}

start_stack security.password_max_days=0
import_members '06279996,1001,101,山田太郎,19800401,employee
06279996,1001,102,山田花子,19820501,employee' || bail_out "import failed"
register_checking_days 1001 101 19800401 TARO12345 unlike '有効期限は' '日間有効'

get /menu
is "$STATUS" 200 "the menu opens after registration"
like "$BODY" 'ユーザID: TARO12345</p>' "it shows the user ID"
unlike "$BODY" 'パスワードの有効期限' "and no expiry date: passwords never expire"
get /settings
unlike "$BODY" '有効期限は' "the settings page says nothing of days"

# A password of 400 days logs in straight to the menu (through the factor).
sql "UPDATE accounts SET password_changed_at = NOW(6) - INTERVAL 400 DAY"
new_session
login_permanent TARO12345 'Taro1234pass'
is "$LOCATION" /menu "a password of 400 days leads to the menu, not to the change page"
get /menu
is "$STATUS" 200 "which opens"
unlike "$BODY" 'パスワードの有効期限' "still without an expiry date"
get /password/expired
is "$LOCATION" /menu "the expired-password page is not for this member"

# notify-expiring: nobody, where 360 days would remind this password.
sql "UPDATE accounts SET password_changed_at = NOW(6) - INTERVAL 350 DAY"
is "$(kosmoctl notify-expiring 2>&1)" "queued 0 expiry reminders (0 already queued before)" \
    "notify-expiring reminds nobody of a password 350 days old"
sed 's/^password_max_days *=.*/password_max_days = 360/' "$CONF" > "$T/360.conf"
grep -q '^password_max_days = 360$' "$T/360.conf" || bail_out "cannot write a configuration with 360 days"
is "$(_kosmoctl "$T/360.conf" notify-expiring 2>&1)" "queued 1 expiry reminder (0 already queued before)" \
    "where a configuration of 360 days reminds it"

# The operator's mark still works.
kosmoctl expire-password TARO12345 > /dev/null 2>&1 || bail_out "expire-password failed"
new_session
login_permanent TARO12345 'Taro1234pass'
is "$LOCATION" /password/expired "a password marked by expire-password must be changed at the next login"
get /password/expired
unlike "$BODY" '有効期限は' "the expired-password page says nothing of days"
post /password/expired new_password='Fresh2026pass' new_password_confirm='Fresh2026pass'
is "$LOCATION" /menu "and once changed the menu opens"
wait_until 10 '[ "$(changed_mails | wc -l)" -ge 1 ]' || fail "no パスワード変更のお知らせ came"
body=$(mail_body "$(changed_mails | tail -n 1)")
like "$body" 'TARO12345 のパスワードが変更されました' "パスワード変更のお知らせ is mailed"
unlike "$body" '日間有効' "saying nothing of how many days the password lasts"
like "$body" '安全のため、ログイン中の画面はすべてログアウトしました' "and the rest of it as before"

# 90 days: the menu's date and the mail say so.
sed -i 's/^password_max_days *=.*/password_max_days = 90/' "$CONF"
for s in login register portal; do restart_service "$s"; done
get /menu
expires=$(sql "SELECT DATE_FORMAT(password_changed_at + INTERVAL 90 DAY, '%Y年%c月%e日') FROM accounts")
like "$BODY" "パスワードの有効期限: $expires" "with 90 days the menu shows the date 90 days on ($expires)"
get /settings
like "$BODY" '有効期限は変更から90日です' "the settings page says a new password lasts 90 days"
post /settings/password current_password='Fresh2026pass' new_password='Newer2026pass' \
    new_password_confirm='Newer2026pass'
is "$LOCATION" "/settings?done=password" "a password change in the settings"
wait_until 10 '[ "$(changed_mails | wc -l)" -ge 2 ]' || fail "no second パスワード変更のお知らせ came"
like "$(mail_body "$(changed_mails | tail -n 1)")" '新しいパスワードは、変更した日から90日間有効です' \
    "is mailed with the 90 days"
kosmoctl expire-password TARO12345 > /dev/null 2>&1 || bail_out "expire-password failed"
new_session
login_permanent TARO12345 'Newer2026pass'
get /password/expired
like "$BODY" '有効期限は90日です' "the expired-password page says 90 days"
register_checking_days 1001 102 19820501 HANAKO123 like '有効期限は90日です' '登録から90日間有効'

done_testing
