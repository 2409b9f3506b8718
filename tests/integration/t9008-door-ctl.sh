#!/usr/bin/env bash
# t9008-door-ctl.sh: kosmoctl publish-terms (once per version; no empty or
# non-UTF-8 file), consents (of a member, of a society's members),
# expire-password, notify-expiring (once per password)
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
    "at,version,client_addr,source,terms_of,insurer_number,symbol,number|AT,2022-03,127.0.0.1,verify,site,06279996,1001,1|" \
    "consents lists the step-2 consent: the site's version, and the member"
kosmoctl consents --member 06279996,1001,1 > /dev/null 2>&1
is "$?" 0 "the comma form is accepted too"
kosmoctl consents --member 06279996:1001:9 > "$T/out" 2>&1
is "$?" 1 "an unknown member fails"
kosmoctl consents > "$T/out" 2>&1
is "$?" 2 "without --member or --society it is a usage error"
like "$(head -n 1 "$T/out")" 'name the member with --member .* or the society with --society' "and says what it needs"

# consents --society: a member of the other society agrees to its own terms.
import_members '06130017,2001,1,港 花子,19900101,employee' '06130017,2001,2,港 次郎,19910202,employee' \
    || bail_out "import failed"
printf '第1条\nみなとの規約です。\n' > "$T/minato.txt"
kosmoctl publish-terms --society 06130017 M-2025 "$T/minato.txt" > /dev/null 2>&1 || bail_out "publish failed"
for row in 1:19900101 2:19910202; do
    new_session
    login_member 2001 "${row%%:*}"
    get /verify
    post /verify insurer_number=06130017 birth_date="${row#*:}" agree=1
    is "$LOCATION" /register "member 2001,${row%%:*} of 06130017 passes step 2"
done
kosmoctl consents --society 06130017 > "$T/out" 2> "$T/err"
is "$?" 0 "consents --society succeeds"
is "$(cat "$T/out" | tr '\n' '|' | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}/AT/g')" \
    "at,version,client_addr,source,terms_of,insurer_number,symbol,number|AT,M-2025,127.0.0.1,verify,06130017,06130017,2001,1|AT,M-2025,127.0.0.1,verify,06130017,06130017,2001,2|" \
    "it lists every consent of that society's members, each naming the member and the society's own terms"
is "$(kosmoctl consents --society 06279996 2> /dev/null | tail -n +2 | cut -d, -f5-8 | tr '\n' ' ')" \
    "site,06279996,1001,1 " "--society 06279996 lists only its member, who agreed to the site's terms"
is "$(kosmoctl consents --society 06130017 --member 06130017:2001:2 2> /dev/null | tail -n +2 | cut -d, -f8)" 2 \
    "--society with --member of that society lists the member"
kosmoctl consents --society 06279996 --member 06130017:2001:1 > "$T/out" 2> "$T/err"
is "$?" 1 "--member of another society than --society's is refused"
like "$(cat "$T/err")" "member '06130017,2001,1' is not of society 06279996" "saying so"
is "$(cat "$T/out")" "" "and lists nothing"
kosmoctl consents --society 0613001 > /dev/null 2> "$T/err"
is "$?" 2 "a malformed --society is a usage error"
like "$(cat "$T/err")" "--society '0613001' is not an insurer number" "saying so"
kosmoctl consents --society 12345674 > "$T/out" 2> "$T/err"
is "$?" 1 "an insurer number that is not a society is refused"
like "$(cat "$T/err")" "--society 12345674 is not a society" "saying so"
is "$(cat "$T/out")" "" "and lists nothing"
like "$(kosmoctl consents --help)" '--society INSURER_NUMBER' "consents --help documents --society"

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
