#!/usr/bin/env bash
# t9109-mfa-reset.sh: kosmoctl mfa-reset (SPEC "二段階認証", Recovery): the
# app, its recovery codes and the wrong-code wait removed, audited with the
# reason, 二段階認証の設定変更のお知らせ handed to sendmail; an unknown ID, an
# account without an app, a bad reason and another society's member; and
# purge-sessions deleting the second factor's spent rows
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,1001,101,山田太郎,19800401,employee' '06130017,2001,1,港花子,19900101,employee' ||
    bail_out "import failed"
register_member 1001 101 19800401 TARO12345 'Taro1234pass' taro@example.co.jp || bail_out "cannot register"
account=$(sql "SELECT id FROM accounts WHERE user_id = 'TARO12345'")

# An app as the settings page leaves it, without the library's sealing (a
# value no key opens: mfa-reset never opens it), ten recovery codes (one
# used) and the code step waiting after wrong codes.
set_up_app() {
    local n rows="($account, UNHEX(SHA2('code1', 256)), NOW(6))"
    for n in 2 3 4 5 6 7 8 9 10; do rows+=", ($account, UNHEX(SHA2('code$n', 256)), NULL)"; done
    sql "UPDATE accounts SET totp_key = 'v1\$bm9uY2U\$c2VhbGVk', totp_last_step = 59000000,
             factor_failures = 3, factor_locked_until = NOW(6) + INTERVAL 20 MINUTE
         WHERE id = $account;
         INSERT INTO recovery_codes (account_id, code_hash, used_at) VALUES $rows" ||
        bail_out "cannot set the app up"
}
factors() {
    sql "SELECT CONCAT_WS('|', totp_key IS NULL, totp_last_step, factor_failures, factor_locked_until IS NULL,
             (SELECT COUNT(*) FROM recovery_codes WHERE account_id = $account))
         FROM accounts WHERE id = $account"
}
events() { sql "SELECT COUNT(*) FROM audit_events WHERE event = 'factor_reset'"; }

# --- the command line ---------------------------------------------------------------------

like "$(kosmoctl --help)" '^  mfa-reset +remove a member' "kosmoctl --help lists mfa-reset"
kosmoctl mfa-reset --help > "$T/out" 2>&1
is "$?" 0 "mfa-reset --help exits 0"
like "$(cat "$T/out")" '^usage: kosmoctl \[--config FILE\] mfa-reset \[--society INSURER_NUMBER\] \[--reason TEXT\] USER_ID' \
    "and shows its usage"
like "$(cat "$T/out")" 're-issued paper' "and the proof of identity it assumes"
kosmoctl mfa-reset > "$T/out" 2>&1
is "$?" 2 "without a user ID it is a usage error"
like "$(head -n 1 "$T/out")" 'expected one USER_ID' "saying what it needs"

# --- refused, and nothing changes -----------------------------------------------------------

set_up_app
before=$(factors)
is "$before" "0|59000000|3|0|10" "the app is set up, with its codes and the wait"
mails_before=$(mail_count)

kosmoctl mfa-reset NOBODY999 > "$T/out" 2>&1
is "$?" 1 "an unknown user ID fails"
is "$(cat "$T/out")" "kosmoctl mfa-reset: no user ID 'NOBODY999'" "and says so"
kosmoctl mfa-reset --reason $'再発行\n2行目' TARO12345 > "$T/out" 2>&1
is "$?" 2 "a reason with a line break is a usage error"
like "$(head -n 1 "$T/out")" '--reason takes 1-200 characters on one line' "saying what it takes"
kosmoctl mfa-reset --reason $'tab\there' TARO12345 > /dev/null 2>&1
is "$?" 2 "so is one with another control character"
kosmoctl mfa-reset --reason "$(printf 'あ%.0s' $(seq 201))" TARO12345 > /dev/null 2>&1
is "$?" 2 "and one of 201 characters"
kosmoctl mfa-reset --reason '  ' TARO12345 > /dev/null 2>&1
is "$?" 2 "and a blank one"
kosmoctl mfa-reset --society 06130017 TARO12345 > "$T/out" 2>&1
is "$?" 1 "a member of another society than --society's is refused"
like "$(cat "$T/out")" 'is not of society 06130017; nothing changed' "saying so"
is "$(factors)" "$before" "none of these changed the app, the codes or the wait"
is "$(events)" 0 "nor wrote an event"
is "$(mail_count)" "$mails_before" "nor mailed anything"

# Before the reset the login asks for the app's code, and the code step waits.
new_session
get /login
post /login user_id=TARO12345 password='Taro1234pass'
is "$LOCATION" /login/code "with the app set up, the password leads to the code page"
get /login/code
like "$BODY" '30分間お待ちいただいて' "which says the code step waits"
unlike "$BODY" 'コードを再送信' "and mails no code (the app is asked for)"
is "$(mail_count)" "$mails_before" "no code was mailed"

# --- the reset ----------------------------------------------------------------------------

reason="$(printf 'あ%.0s' $(seq 180)) 通知再発行 受付42"
kosmoctl mfa-reset --society 06279996 --reason "$reason" TARO12345 > "$T/out" 2>&1
is "$?" 0 "mfa-reset removes the app (a reason of 191 characters)"
like "$(cat "$T/out")" '^removed the authenticator app of TARO12345 \(山田太郎\) and its recovery codes \(9 unused\)' \
    "and says what it removed"
like "$(cat "$T/out")" '^notice 二段階認証の設定変更のお知らせ, mail [0-9]+: sent$' "and that the notice was sent"
is "$(factors)" "1|0|0|1|0" "the app key, its last step, the wrong codes, the wait and every recovery code are gone"

line=$(kosmoctl audit --event factor_reset 2> /dev/null)
like "$line" "factor_reset member=06279996,1001,101 login=TARO12345 app removed, recovery_codes_unused=9 operator=[^ ]+ reason=$reason\$" \
    "kosmoctl audit shows the event with the member, the operator and the whole reason"

is "$(mail_count)" $((mails_before + 1)) "one mail went out"
mail=$(mails | tail -n 1)
is "$(mail_header "$mail" Subject)" '【KOSMO Communication Web】二段階認証の設定変更のお知らせ' "it is 二段階認証の設定変更のお知らせ"
is "$(mail_header "$mail" To)" taro@example.co.jp "to the member's address"
body=$(mail_body "$mail")
like "$body" 'ユーザID TARO12345 の二段階認証の設定が変更されました' "naming the user ID"
like "$body" 'お申し出により、組合で認証アプリの設定を解除しました' "saying the society removed the app"
like "$body" 'サンプル健康保険組合' "signed by the member's society"
unlike "$body" '受付42' "the operator's reason stays in the audit"
is "$(sql "SELECT CONCAT_WS('|', kind, sent_at IS NOT NULL) FROM mail_outbox ORDER BY id DESC LIMIT 1")" \
    "factor-changed|1" "the outbox row is marked sent"

# After it, the login mails a code, which opens the portal.
new_session
login_permanent TARO12345 'Taro1234pass'
is "$LOCATION" /menu "after the reset a login with a code by mail opens the menu"
mails_before=$(mail_count)

kosmoctl mfa-reset TARO12345 > "$T/out" 2>&1
is "$?" 0 "a second reset of an account without an app succeeds"
is "$(cat "$T/out")" "TARO12345 has no authenticator app: nothing to reset (its codes come by mail already)" \
    "saying there is nothing to reset"
is "$(events)" 1 "without a new event"
is "$(mail_count)" "$mails_before" "or a mail"

# Without --reason, with sendmail failing: the notice waits in the outbox.
set_up_app
sendmail_fail 75
kosmoctl mfa-reset TARO12345 > "$T/out" 2>&1
is "$?" 0 "mfa-reset without a reason succeeds while sendmail fails"
like "$(cat "$T/out")" '^notice 二段階認証の設定変更のお知らせ, mail [0-9]+: (deferred|failed) .*next try in' \
    "and says the notice stays queued"
is "$(factors)" "1|0|0|1|0" "the app is removed all the same"
like "$(kosmoctl audit --event factor_reset --limit 1 2> /dev/null)" 'recovery_codes_unused=9 operator=[^ ]+$' \
    "its event has no reason"
is "$(mail_count)" "$mails_before" "no mail went out"
sendmail_ok
sql "UPDATE mail_outbox SET next_attempt_at = NOW(6) WHERE sent_at IS NULL"
kosmoctl send-mail > /dev/null 2>&1
is "$(mail_count)" $((mails_before + 1)) "send-mail delivers it later"
is "$(mail_header "$(mails | tail -n 1)" Subject)" '【KOSMO Communication Web】二段階認証の設定変更のお知らせ' \
    "the same notice"

# --- purge-sessions: the second factor's spent rows ------------------------------------------

sql "INSERT INTO mail_codes (account_id, code_hash, spent, created_at, expires_at) VALUES
       ($account, UNHEX(SHA2('old', 256)), 1, NOW(6) - INTERVAL 25 HOUR, NOW(6) - INTERVAL 1490 MINUTE),
       ($account, UNHEX(SHA2('day', 256)), 1, NOW(6) - INTERVAL 23 HOUR, NOW(6) - INTERVAL 1370 MINUTE),
       ($account, UNHEX(SHA2('new', 256)), 0, NOW(6), NOW(6) + INTERVAL 10 MINUTE);
     INSERT INTO trusted_browsers (token_hash, account_id, created_at, expires_at) VALUES
       (UNHEX(SHA2('gone', 256)), $account, NOW(6) - INTERVAL 31 DAY, NOW(6) - INTERVAL 1 MINUTE),
       (UNHEX(SHA2('kept', 256)), $account, NOW(6) - INTERVAL 29 DAY, NOW(6) + INTERVAL 1 DAY)" ||
    bail_out "cannot write the factor rows"
out=$(kosmoctl purge-sessions 2>&1)
is "$?" 0 "purge-sessions succeeds"
like "$out" '^purged 2 second-factor rows \(login codes mailed over a day ago, expired trusted browsers\)$' \
    "and counts the second factor's rows it deleted"
is "$(sql "SELECT GROUP_CONCAT(code_hash IN (UNHEX(SHA2('day', 256)), UNHEX(SHA2('new', 256)))
             ORDER BY id) FROM mail_codes WHERE account_id = $account")" "0,1,1" \
    "the code mailed 25 hours ago went; those of 23 hours ago and now stay, as does the login's"
is "$(sql "SELECT COUNT(*) FROM trusted_browsers WHERE token_hash = UNHEX(SHA2('kept', 256))")|$(sql "SELECT COUNT(*) FROM trusted_browsers")" \
    "1|1" "the expired trusted browser went, the valid one stays"
like "$(kosmoctl purge-sessions 2>&1)" '^purged 0 second-factor rows ' "a second run deletes nothing"

done_testing
