#!/usr/bin/env bash
# t9008-door-ctl.sh: kosmoctl publish-terms (once per version; no empty or
# non-UTF-8 file), consents, expire-password, notify-expiring (once per password)
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,1001,1,山田 太郎,19800123,employee' || bail_out "import failed"
login_member 1001 1
verify_member 19800123
enter_registration TARO12345 'Taro1234pass' taro@example.co.jp
post /register/execute
is "$LOCATION" /register/done "the member registers"

printf '第1条\n本文です。\n' > "$T/v2.txt"
: > "$T/empty.txt"
printf '\n \n\n' > "$T/blank.txt"
printf '\x82\xa0\x82\xa2\n' > "$T/sjis.txt"
kosmoctl publish-terms 2025-04 "$T/empty.txt" > "$T/out" 2>&1
is "$?" 1 "an empty file is refused"
like "$(cat "$T/out")" 'has no text; nothing published' "saying why"
kosmoctl publish-terms 2025-04 "$T/blank.txt" > "$T/out" 2>&1
is "$?" 1 "so is a file of blank lines"
kosmoctl publish-terms 2025-04 "$T/sjis.txt" > "$T/out" 2>&1
is "$?" 1 "and one that is not UTF-8"
like "$(cat "$T/out")" 'is not UTF-8 text' "saying why"
kosmoctl publish-terms 'bad version' "$T/v2.txt" > "$T/out" 2>&1
is "$?" 2 "a malformed version is a usage error"
is "$(sql 'SELECT COUNT(*) FROM terms_versions')" 1 "nothing was published"
kosmoctl publish-terms 2025-04 "$T/v2.txt" > "$T/out" 2>&1
is "$?" 0 "a UTF-8 text is published"
is "$(cat "$T/out")" "published terms version 2025-04 for the site (1 paragraphs)" "and reported"
kosmoctl publish-terms 2025-04 "$T/v2.txt" > "$T/out" 2>&1
is "$?" 1 "a version is published once"
like "$(cat "$T/out")" 'published already' "saying so"
kosmoctl publish-terms 2022-03 "$T/v2.txt" > /dev/null 2>&1
is "$?" 1 "the migrated first version cannot be replaced either"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'terms_published'")" 1 "the publication is audited"
kosmoctl publish-terms --help > "$T/out" 2>&1
like "$(cat "$T/out")" '^usage: kosmoctl .*publish-terms \[--society INSURER_NUMBER\] VERSION FILE.txt' "publish-terms --help"

kosmoctl consents --member 06279996:1001:1 > "$T/out" 2>&1
is "$(cat "$T/out" | tr '\n' '|' | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}/AT/')" \
    "at,version,client_addr,source|AT,2022-03,127.0.0.1,verify|" "consents lists the step-2 consent"
kosmoctl consents --member 06279996,1001,1 > /dev/null 2>&1
is "$?" 0 "the comma form is accepted too"
kosmoctl consents --member 06279996:1001:9 > "$T/out" 2>&1
is "$?" 1 "an unknown member fails"
kosmoctl consents > /dev/null 2>&1
is "$?" 2 "without --member it is a usage error"

kosmoctl expire-password NOSUCHUSER > "$T/out" 2>&1
is "$?" 1 "expire-password of an unknown ID fails"
is "$(sql 'SELECT password_expired FROM accounts')" 0 "and marks nothing"

# notify-expiring: 14 days before expiry, once per password.
before=$(sql "SELECT COUNT(*) FROM mail_outbox")
kosmoctl notify-expiring > "$T/out" 2>&1
is "$(cat "$T/out")" "queued 0 expiry reminders (0 already queued before)" "a fresh password is not reminded"
sql "UPDATE accounts SET password_changed_at = NOW(6) - INTERVAL 350 DAY"
kosmoctl notify-expiring > "$T/out" 2>&1
is "$(cat "$T/out")" "queued 1 expiry reminder (0 already queued before)" "10 days before expiry it is"
kosmoctl notify-expiring > "$T/out" 2>&1
is "$(cat "$T/out")" "queued 0 expiry reminders (1 already queued before)" "running it again queues nothing new"
is "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'password-expiring'")" 1 "one reminder in the outbox"
kosmoctl send-mail > /dev/null 2>&1
mail=$(mails | tail -n 1)
is "$(mail_header "$mail" Subject)" '【KOSMO Communication Web】パスワード有効期限のお知らせ' \
    "the mail パスワード有効期限のお知らせ is delivered by send-mail"
like "$(mail_body "$mail")" 'TARO12345 のパスワードは [0-9]{4}-[0-9]{2}-[0-9]{2} に有効期限が切れます' "with the date"
sql "UPDATE accounts SET password_changed_at = NOW(6) - INTERVAL 351 DAY"
kosmoctl notify-expiring > "$T/out" 2>&1
is "$(cat "$T/out")" "queued 1 expiry reminder (0 already queued before)" "a new password is reminded once again"
sql "UPDATE accounts SET password_changed_at = NOW(6) - INTERVAL 361 DAY"
kosmoctl notify-expiring > "$T/out" 2>&1
is "$(cat "$T/out")" "queued 0 expiry reminders (0 already queued before)" "an expired one is not (the login asks)"

done_testing
