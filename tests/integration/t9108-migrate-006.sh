#!/usr/bin/env bash
# t9108-migrate-006.sh: sql/006-societies.sql upgrades a one-society
# database of the previous release (001-005: members, an account with its
# consent, claims, eligibility, a session and queued mail) and keeps all of
# it; the configuration's [insurer] becomes the first society, check-config
# says the section is no longer read, and the stack's programs, moved onto
# the upgraded database, let the registered member log in to their data and
# the unregistered one through step 2
. "$(dirname "$0")/lib.sh"

start_stack

# Real hashes for the old rows: a member registered on the stack's own
# database (its password), and another's temporary credentials.
import_members '06279996,1001,101,山田太郎,19800401,employee' '06279996,1001,102,佐藤花子,19751115,employee' ||
    bail_out "cannot import members on the stack"
register_member 1001 101 19800401 olduser0101 'Passw0rd-old' yamada@example.co.jp ||
    bail_out "cannot register on the stack"
HASH=$(sql "SELECT password_hash FROM accounts WHERE user_id = 'olduser0101'")
read -r TEMP_ID TEMP_PW <<< "$(credentials 1001 102)"
TEMP_HASH=$(sql "SELECT password_hash FROM temp_credentials WHERE temp_user_id = '$TEMP_ID'")

# The previous release, one society configured in [insurer]; a member of
# another insurer number too (a configuration whose number was changed).
previous_release 5 '06279996,1001,101,山田太郎,19800401,employee' '06279996,1001,102,佐藤花子,19751115,employee' \
    '06130017,7,31,中村健,19681203,employee'
msql "UPDATE temp_credentials t JOIN members m ON m.id = t.member_id
        SET t.temp_user_id = '$TEMP_ID', t.password_hash = '$TEMP_HASH' WHERE m.number = '102';
      UPDATE temp_credentials t JOIN members m ON m.id = t.member_id
        SET t.retired_at = NOW(6) WHERE m.number = '101';
      INSERT INTO accounts (member_id, user_id, password_hash, password_changed_at, email, created_at)
        SELECT id, 'olduser0101', '$HASH', NOW(6), 'yamada@example.co.jp', NOW(6) FROM members WHERE number = '101';
      INSERT INTO consents (member_id, terms_seq, at, client_addr, source)
        SELECT m.id, MAX(t.seq), NOW(6), '192.0.2.1', 'verify' FROM members m, terms_versions t
        WHERE m.number = '101' GROUP BY m.id;
      INSERT INTO imports (id, kind, file, started_at) VALUES (1, 'expenses', 'old.csv', NOW(6));
      INSERT INTO expense_claims (insurer_number, claim_id, symbol, number, patient_name, service_month,
          provider, kind, days, total_cost, self_pay, created_in, changed_in)
        VALUES ('06279996', 'OLD-1', '1001', '101', '山田太郎', 202605, 'むかし病院', 'outpatient', 1, 12340, 3702, 1, 1);
      INSERT INTO eligibility (insurer_number, symbol, number, branch, name, relationship, birth_date,
          acquired_on, lost_on, created_in, changed_in)
        VALUES ('06279996', '1001', '101', '00', '山田太郎', 'self', '1980-04-01', '2002-04-01', NULL, 1, 1);
      INSERT INTO mail_outbox (kind, dedupe_key, recipient, message, created_at, next_attempt_at)
        VALUES ('registered', 'k1', 'yamada@example.co.jp', 'To: yamada@example.co.jp', NOW(6), NOW(6));
      INSERT INTO sessions (id_hash, stage, member_id, account_id, created_at, last_seen_at)
        SELECT UNHEX(SHA2('s', 256)), 10, member_id, id, NOW(6), NOW(6) FROM accounts" ||
    bail_out "cannot write the previous release's data"
printf '\n[insurer]\nnumber = 06279996\nname = サンプル健康保険組合\ncompany_domains = example.co.jp, Example-Group.jp\n' \
    >> "$MCONF"
state_sql="SELECT CONCAT_WS('|', (SELECT GROUP_CONCAT(CONCAT_WS('/', id, insurer_number, symbol, number, name,
        birth_date, category) ORDER BY id) FROM members),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', member_id, temp_user_id, password_hash, retired_at IS NULL) ORDER BY member_id)
        FROM temp_credentials),
    (SELECT CONCAT_WS('/', member_id, user_id, password_hash, password_changed_at, email) FROM accounts),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', member_id, terms_seq, at, source)) FROM consents),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', seq, version, published_at)) FROM terms_versions),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', claim_id, number, total_cost, created_in)) FROM expense_claims),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', number, branch, name)) FROM eligibility),
    (SELECT COUNT(*) FROM sessions), (SELECT CONCAT_WS('/', kind, recipient, message) FROM mail_outbox))"
before=$(msql "$state_sql")

like "$(mctl check-config 2>&1)" "note: the \[insurer\] section \(number 06279996\) is no longer read: .*'kosmoctl migrate' makes it the first society" \
    "check-config on the previous release says that migrate will make [insurer] a society"

# The upgrade.
out=$(migrate_through all 2>&1)
is "$?" 0 "migrate upgrades the previous release"
like "$out" 'applied 006-societies.sql' "by applying 006-societies.sql"
is "$(msql "SELECT name FROM schema_version WHERE version = 6")" 006-societies.sql "it is recorded"
is "$(msql "$state_sql")" "$before" \
    "members, credentials, the account, its consent, the terms, claims, eligibility, the session and the mail are kept"
is "$(msql "SELECT CONCAT_WS('|', insurer_number, name, company_domains, features, mfa IS NULL, keep_months)
            FROM societies WHERE insurer_number = '06279996'")" \
    "06279996|サンプル健康保険組合|example.co.jp,example-group.jp|expenses,eligibility,benefits|1|0" \
    "[insurer] became the first society: its name and domains, every page, the site's policy, all kept"
is "$(msql "SELECT CONCAT_WS('|', name, company_domains) FROM societies WHERE insurer_number = '06130017'")" \
    "06130017|" "a member's other insurer number became a society named by its number"
is "$(msql "SELECT COUNT(*) FROM societies")" 2 "and no other society was made"
is "$(msql "SELECT GROUP_CONCAT(DISTINCT insurer_number) FROM terms_versions")" "" "the terms are the site's"
is "$(msql "SELECT insurer_number FROM mail_outbox")" 06279996 "the queued mail is the first society's"
is "$(msql "SELECT COUNT(*) FROM information_schema.referential_constraints
            WHERE constraint_schema = DATABASE() AND constraint_name = 'member_society'")" 1 \
    "every member belongs to a society (a foreign key)"
msql "INSERT INTO members (insurer_number, symbol, number, name, birth_date, category, created_at, updated_at)
      VALUES ('12345674', '1', '1', 'x', '1980-01-01', 'employee', NOW(6), NOW(6))" 2> "$T/fk.err"
like "$(cat "$T/fk.err")" 'foreign key constraint fails' "a member of no society is refused by the database"
like "$(mctl check-config 2>&1)" "note: the \[insurer\] section \(number 06279996\) is no longer read: .*remove it from the configuration" \
    "check-config says the section is no longer read"
is "$(mctl society list 2> /dev/null)" "06130017  06130017  members 1, registered 0
06279996  サンプル健康保険組合  members 2, registered 1" "society list counts each one's members and accounts"
is "$(migrate_through all 2>&1)" "schema is up to date (version $(ls "$T/sql-all" | sort | tail -n 1 | sed 's/^0*\([0-9]*\)-.*/\1/'))" \
    "a second run applies nothing"

# The stack's programs on the upgraded database.
sed -i "/^\[db\]/,/^\[/s/^name *=.*/name = $MDB/" "$CONF"
for s in "${BINARIES[@]}"; do restart_service "$s"; done
new_session
login_permanent olduser0101 'Passw0rd-old'
is "$LOCATION" /menu "the registered member logs in with the old password, straight to the menu"
follow
like "$BODY" 'サンプル健康保険組合' "the menu names the member's society"
get /expenses
like "$BODY" 'むかし病院' "医療費情報 shows the claim of the previous release"
like "$BODY" '12,340円' "with its amount"
get /eligibility
like "$BODY" '2002年4月1日|2002/04/01|20020401' "資格情報 shows the old eligibility row"

new_session
get /login
post /login user_id="$TEMP_ID" password="$TEMP_PW"
is "$LOCATION" /verify "the unregistered member logs in with the temporary credentials of the previous release"
verify_member 19751115
is "$LOCATION" /register "and passes step 2 with the first society's number"
follow
like "$BODY" 'example-group.jp' "step 3 shows the domains taken over from [insurer]"

done_testing
