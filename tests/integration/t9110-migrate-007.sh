#!/usr/bin/env bash
# t9110-migrate-007.sh: sql/007-second-factor.sql upgrades a database of the
# previous release (001-006: two societies, members, an account with its
# consent, a logged-in session, an unfinished registration's session and
# queued mail) and keeps all of it; the accounts' and sessions' new columns
# have their defaults (no app, codes by mail off, no wait, nothing pending),
# the three new tables are there and empty, a second migrate applies
# nothing, and the stack's programs, moved onto the upgraded database, load
# the session logged in before the upgrade and ask the next login for a code
. "$(dirname "$0")/lib.sh"

start_stack

# A real hash for the old account: a member registered on the stack's own
# database.
import_members '06279996,1001,101,山田太郎,19800401,employee' || bail_out "cannot import members on the stack"
register_member 1001 101 19800401 olduser0101 'Passw0rd-old' yamada@example.co.jp ||
    bail_out "cannot register on the stack"
HASH=$(sql "SELECT password_hash FROM accounts WHERE user_id = 'olduser0101'")

# The previous release: schema 6, its societies added and members imported
# as that release did (this kosmoctl writes nothing of 007 there).
previous_release 6
mctl society add 06279996 --name サンプル健康保険組合 --company-domains example.co.jp > /dev/null 2>&1 &&
    mctl society add 06130017 --name みなと健康保険組合 --mfa optional > /dev/null 2>&1 ||
    bail_out "cannot add the societies"
scratch_members '06279996,1001,101,山田太郎,19800401,employee' '06279996,1001,102,佐藤花子,19751115,employee' \
    '06130017,2001,1,港花子,19900101,employee' || bail_out "cannot import the members"
# The session cookie of the member logged in before the upgrade (a token as
# the programs draw them: 43 characters of base64url).
TOKEN=OldSession0123456789abcdefghijklmnopqrstuvw
msql "UPDATE temp_credentials t JOIN members m ON m.id = t.member_id
        SET t.retired_at = NOW(6) WHERE m.number = '101';
      INSERT INTO accounts (member_id, user_id, password_hash, password_changed_at, email, login_failures,
          created_at)
        SELECT id, 'olduser0101', '$HASH', NOW(6) - INTERVAL 10 DAY, 'yamada@example.co.jp', 2, NOW(6)
        FROM members WHERE number = '101';
      INSERT INTO consents (member_id, terms_seq, at, client_addr, source)
        SELECT m.id, MAX(t.seq), NOW(6), '192.0.2.1', 'verify' FROM members m, terms_versions t
        WHERE m.number = '101' GROUP BY m.id;
      INSERT INTO mail_outbox (kind, insurer_number, dedupe_key, recipient, message, created_at, next_attempt_at)
        VALUES ('registered', '06279996', 'k1', 'yamada@example.co.jp', 'To: yamada@example.co.jp', NOW(6), NOW(6)),
               ('password-changed', '06279996', 'k2', 'yamada@example.co.jp', 'To: yamada@example.co.jp',
                NOW(6), NOW(6) + INTERVAL 4 MINUTE);
      INSERT INTO sessions (id_hash, stage, member_id, account_id, created_at, last_seen_at)
        SELECT UNHEX(SHA2('$TOKEN', 256)), 10, member_id, id, NOW(6), NOW(6) FROM accounts;
      INSERT INTO sessions (id_hash, stage, member_id, pending_user_id, created_at, last_seen_at)
        SELECT UNHEX(SHA2('step2', 256)), 2, id, 'hanako0102', NOW(6), NOW(6) FROM members
        WHERE number = '102'" ||
    bail_out "cannot write the previous release's data"

state_sql="SELECT CONCAT_WS('|',
    (SELECT GROUP_CONCAT(CONCAT_WS('/', insurer_number, name, company_domains, features, IFNULL(mfa, 'site'),
        keep_months) ORDER BY insurer_number) FROM societies),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', id, insurer_number, symbol, number, name, birth_date, category)
        ORDER BY id) FROM members),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', member_id, temp_user_id, password_hash, retired_at IS NULL)
        ORDER BY member_id) FROM temp_credentials),
    (SELECT CONCAT_WS('/', id, member_id, user_id, password_hash, password_changed_at, password_expired, email,
        login_failures, locked_until IS NULL, notices, created_at) FROM accounts),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', member_id, terms_seq, at, source)) FROM consents),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', HEX(id_hash), stage, member_id, IFNULL(account_id, '-'),
        IFNULL(pending_user_id, '-'), created_at, last_seen_at) ORDER BY stage) FROM sessions),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', id, kind, insurer_number, dedupe_key, recipient, message, attempts,
        next_attempt_at, sent_at IS NULL) ORDER BY id) FROM mail_outbox))"
before=$(msql "$state_sql")
like "$before" "サンプル健康保険組合/.*olduser0101/.*hanako0102/.*password-changed" \
    "the previous release's societies, account, sessions and mails are there"
is "$(msql "SELECT MAX(version) FROM schema_version")" 6 "the previous release's schema is 6"

# The upgrade.
out=$(migrate_through all 2>&1)
is "$?" 0 "migrate upgrades the previous release"
like "$out" 'applied 007-second-factor.sql' "by applying 007-second-factor.sql"
is "$(msql "SELECT name FROM schema_version WHERE version = 7")" 007-second-factor.sql "it is recorded"
is "$(msql "$state_sql")" "$before" \
    "the societies, members, credentials, the account, its consent, both sessions and the mails are kept"
is "$(msql "SELECT CONCAT_WS('|', mail_codes, totp_key IS NULL, totp_last_step, factor_failures,
                              factor_locked_until IS NULL) FROM accounts")" "0|1|0|0|1" \
    "the account has no app, codes by mail off, no wrong codes and no wait"
is "$(msql "SELECT GROUP_CONCAT(totp_pending IS NULL) FROM sessions")" "1,1" "no session has a key pending"
for table in mail_codes recovery_codes trusted_browsers; do
    is "$(msql "SELECT COUNT(*) FROM information_schema.tables
                WHERE table_schema = DATABASE() AND table_name = '$table'")|$(msql "SELECT COUNT(*) FROM $table")" \
        "1|0" "the table $table exists and is empty"
done
is "$(msql "SELECT COUNT(*) FROM information_schema.referential_constraints
            WHERE constraint_schema = DATABASE() AND referenced_table_name = 'accounts'
            AND constraint_name IN ('mail_code_account', 'recovery_code_account', 'trusted_browser_account')
            AND delete_rule = 'CASCADE'")" 3 "each new table's rows go with their account"
is "$(migrate_through all 2>&1)" "schema is up to date (version $(ls "$T/sql-all" | sort | tail -n 1 | sed 's/^0*\([0-9]*\)-.*/\1/'))" \
    "a second run applies nothing"
is "$(msql "$state_sql")" "$before" "and changes nothing"

# The stack's programs on the upgraded database.
sed -i "/^\[db\]/,/^\[/s/^name *=.*/name = $MDB/" "$CONF"
for s in "${BINARIES[@]}"; do restart_service "$s"; done
use_session "$TOKEN"
get /menu
is "$STATUS" 200 "the session logged in before the upgrade still opens the menu"
like "$BODY" '山田太郎 様' "as the member's"
like "$BODY" 'サンプル健康保険組合' "naming the member's society"
get /expenses
is "$STATUS" 200 "and the portal's pages"
new_session
get /login
post /login user_id=olduser0101 password='Passw0rd-old'
is "$LOCATION" /login/code "the registered member logs in with the old password and is asked for a code"
code=$(mail_code 1)
get /login/code
post /login/code code="$code"
is "$LOCATION" /menu "the code by mail opens the menu"
kosmoctl purge-sessions > "$T/purge.out" 2>&1
is "$?" 0 "purge-sessions runs on the upgraded database"
is "$(msql "SELECT COUNT(*) FROM sessions WHERE id_hash IN (UNHEX(SHA2('$TOKEN', 256)), UNHEX(SHA2('step2', 256)))")" 2 \
    "and keeps the sessions in use"

done_testing
