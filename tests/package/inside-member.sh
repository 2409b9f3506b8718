# inside-member.sh: sourced by inside.sh: a member through nginx (the three
# steps, the login with the code mailed to him, the portal), and the mails
# Exim delivered: the completion mail, an update notice, a reset mail, and
# one that Exim refuses, which stays in the outbox.

PASSWORD=Taro1234pass
USER_ID=TARO12345

walk_member() {
    get /login
    is "$STATUS" 200 "nginx serves the login page"
    like "$(header Content-Type)" '^text/html' "from the login program"
    register_member 1001 1 19800123 "$USER_ID" "$PASSWORD" "$EMAIL"
    is "$LOCATION" /register/done "the member registers: temporary login, identity check, registration, 実行"
    follow
    is "$STATUS" 200 "the done page answers"
    new_session
    login_permanent "$USER_ID" "$PASSWORD"
    is "$LOCATION" /menu "he logs in with his permanent ID (and the code mailed to him when asked)"
    follow
    like "$BODY" '<h1>メインメニュー</h1>' "the portal's menu"
    get /expenses
    is "$STATUS" 200 "医療費情報 answers"
}

# newest_mail SUBJECT: the newest mail of that subject, once it is there.
newest_mail() {
    local f= i
    for ((i = 0; i < 100; i++)); do
        f=$(mails | while read -r m; do
            [ "$(mail_header "$m" Subject)" = "$1" ] && echo "$m"
        done | tail -n 1)
        [ -z "$f" ] || break
        sleep 0.1
    done
    echo "$f"
}

# strict_mail DESC FILE SUBJECT: the headers pass the strict parser, the
# subject decodes to SUBJECT, the mail is to the member.
strict_mail() {
    local problems
    if [ -z "$2" ]; then
        fail "$1: in $MAILBOX"
        return 1
    fi
    pass "$1: in $MAILBOX"
    problems=$(python3 "$HERE/mailcheck.py" check "$2" "$3")
    is "$problems" "" "$1: From, To, Date, Message-ID, MIME and the RFC 2047 subject pass the strict policy"
    is "$(mail_header "$2" To)" "$EMAIL" "$1: to the member"
}

check_mails() {
    local f link
    f=$(newest_mail "【$SITE】手続き完了のお知らせ")
    strict_mail "the completion mail" "$f" "【$SITE】手続き完了のお知らせ"
    [ -z "$f" ] || like "$(mail_body "$f")" "ユーザID: $USER_ID" "the completion mail names the user ID"
    update_notice
    reset_mail
    diag "Exim deferred $(grep -c 'defer .*failed to chdir to /home' /var/log/exim4/mainlog) deliveries started in kosmo's units (ProtectHome=yes)"
}

update_notice() {
    local f link out
    printf '%s\n' 'insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay' \
        '06279996,1001,1,P-0001,山田太郎,202604,さくら病院,outpatient,2,12340,3702' > "$T/claims.csv"
    out=$(kosmoctl import-expenses "$T/claims.csv" 2>&1)
    like "$out" '1 notices queued$' "kosmoctl import-expenses queues an update notice" || _show output "$out"
    ok "kosmo-mail.service (the timer's unit) hands it to Exim" systemctl start kosmo-mail.service
    f=$(newest_mail "【$SITE】医療費情報更新のお知らせ")
    strict_mail "the update notice" "$f" "【$SITE】医療費情報更新のお知らせ"
    link=$(python3 "$HERE/mailcheck.py" links "$f" 2> /dev/null | head -n 1)
    is "$link" "$BASE/login" "its link is the site's login page"
    new_session
    get "${link#"$BASE"}"
    like "$BODY" 'name="user_id"' "the link opens the login form"
    login_permanent "$USER_ID" "$PASSWORD"
    get /expenses
    like "$BODY" 'さくら病院' "after the login 医療費情報 shows the imported claim"
}

reset_mail() {
    local f link
    new_session
    get /password/forgot
    post /password/forgot user_id="$USER_ID" email="$EMAIL"
    is "$STATUS" 200 "パスワードを忘れた方 takes the user ID and the address"
    f=$(newest_mail "【$SITE】パスワード再設定のご案内")
    strict_mail "the reset mail" "$f" "【$SITE】パスワード再設定のご案内"
    link=$(python3 "$HERE/mailcheck.py" links "$f" 2> /dev/null | head -n 1)
    like "$link" "^$BASE/password/reset\\?token=[A-Za-z0-9_-]+\$" "its link is the reset page with a token"
    get "${link#"$BASE"}"
    is "$STATUS" 200 "the link opens"
    like "$BODY" 'name="new_password"' "the form for a new password"
}

# An address Exim's sendmail refuses at submission (an unbalanced quote; kosmo
# validates addresses more strictly, so it is written by SQL as an older
# release might have stored it): the notice stays queued with the error.
refused_mail() {
    local id row
    sql "UPDATE accounts SET email = 'a\"b@kosmo.test' WHERE user_id = '$USER_ID'"
    printf '%s\n' 'insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay' \
        '06279996,1001,1,P-0002,山田太郎,202605,みどり歯科,dental,1,5600,1680' > "$T/claims2.csv"
    kosmoctl import-expenses "$T/claims2.csv" > /dev/null 2>&1
    id=$(sql "SELECT id FROM mail_outbox WHERE recipient = 'a\"b@kosmo.test'")
    isnt "$id" "" "the notice to the bad address is queued"
    systemctl start kosmo-mail.service 2> /dev/null
    row=$(sql "SELECT attempts, sent_at IS NULL, last_error FROM mail_outbox WHERE id = '$id'")
    like "$row" $'^1\t1\t' "Exim refuses it: tried once, not sent, kept in the outbox"
    like "$row" 'exit [1-9]' "with sendmail's exit status as its error"
    sql "UPDATE accounts SET email = '$EMAIL' WHERE user_id = '$USER_ID'"
}
