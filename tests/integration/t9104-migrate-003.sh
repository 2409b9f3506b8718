#!/usr/bin/env bash
# t9104-migrate-003.sh: sql/003-portal.sql upgrades a database of the
# previous release (every earlier migration, with members, an account, a
# session and queued mail in it) and keeps its data
. "$(dirname "$0")/lib.sh"

start_stack

# The previous release: every migration before 003.
previous_release 2 '06279996,1001,101,山田太郎,19800401,employee' '06279996,1001,102,佐藤花子,19751115,overseas'
msql "INSERT INTO accounts (member_id, user_id, password_hash, password_changed_at, email, created_at)
      SELECT id, 'yamada0101', 'hash-kept', '2026-01-02 03:04:05', 'yamada@example.co.jp', NOW(6) FROM members WHERE number = '101'"
msql "INSERT INTO sessions (id_hash, stage, member_id, account_id, created_at, last_seen_at)
      SELECT UNHEX(SHA2('s', 256)), 10, member_id, id, NOW(6), NOW(6) FROM accounts"
msql "INSERT INTO mail_outbox (kind, dedupe_key, recipient, message, created_at, next_attempt_at)
      VALUES ('registered', 'k1', 'yamada@example.co.jp', 'To: yamada@example.co.jp', NOW(6), NOW(6))"
before=$(msql "SELECT CONCAT_WS('|', (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM temp_credentials),
    (SELECT CONCAT(user_id, password_hash, password_changed_at, email) FROM accounts),
    (SELECT COUNT(*) FROM sessions), (SELECT CONCAT(kind, recipient, message) FROM mail_outbox))")

# The upgrade.
out=$(migrate_through all 2>&1)
is "$?" 0 "migrate upgrades the previous release"
like "$out" 'applied 003-portal.sql' "by applying 003-portal.sql"
is "$(msql "SELECT name FROM schema_version WHERE version = 3")" 003-portal.sql "it is recorded"
after=$(msql "SELECT CONCAT_WS('|', (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM temp_credentials),
    (SELECT CONCAT(user_id, password_hash, password_changed_at, email) FROM accounts),
    (SELECT COUNT(*) FROM sessions), (SELECT CONCAT(kind, recipient, message) FROM mail_outbox))")
is "$after" "$before" "members, credentials, the account, the session and the queued mail are kept"
is "$(msql "SELECT notices FROM accounts")" 1 "an existing account gets update notices (on by default)"
for t in expense_claims eligibility imports email_changes; do
    is "$(msql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '$t'")" 1 \
        "table $t exists"
done
is "$(msql "SELECT claimed_by IS NULL FROM mail_outbox")" 1 "the queued mail is unclaimed"
is "$(migrate_through all 2>&1)" "schema is up to date (version $(ls "$T/sql-all" | sort | tail -n 1 | sed 's/^0*\([0-9]*\)-.*/\1/'))" \
    "a second run applies nothing"

# The upgraded database works for the portal's import and the mail.
printf '%s\n' insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay \
    '06279996,1001,101,R-1,山田太郎,202604,病院,outpatient,1,1000,300' > "$T/claims.csv"
mctl import-expenses "$T/claims.csv" > /dev/null 2> "$T/err"
like "$(tail -n 1 "$T/err")" '1 added, 0 changed, 0 unchanged; 1 notices queued$' "import-expenses runs on it, with a notice"
mctl send-mail > "$T/send" 2>&1
like "$(grep "^sent " "$T/send")" '^sent 2,' "and send-mail delivers the old mail and the notice"

done_testing
