#!/usr/bin/env bash
# t9112-migrate-008.sh: sql/008-benefits.sql upgrades a database of the
# previous release (001-007: two societies, members, an account with its
# consent, a logged-in session, claims and their import) and keeps all of
# it; benefit_decisions is there and empty, imports take the kind benefits,
# the claims gain their society's key, 008 is recorded, a second migrate
# applies nothing, and import-benefits works on the upgraded database
# (decisions stored, the member's notice queued)
. "$(dirname "$0")/lib.sh"

start_stack

previous_release 7
mctl society add 06279996 --name サンプル健康保険組合 --company-domains example.co.jp > /dev/null 2>&1 &&
    mctl society add 06130017 --name みなと健康保険組合 --keep-months 24 > /dev/null 2>&1 ||
    bail_out "cannot add the societies"
scratch_members '06279996,1001,101,山田太郎,19800401,employee' '06279996,1001,102,佐藤花子,19751115,employee' \
    '06130017,2001,1,港花子,19900101,employee' || bail_out "cannot import the members"
TOKEN=OldSession0123456789abcdefghijklmnopqrstuvw
msql "UPDATE temp_credentials t JOIN members m ON m.id = t.member_id
        SET t.retired_at = NOW(6) WHERE m.number = '101';
      INSERT INTO accounts (member_id, user_id, password_hash, password_changed_at, email, created_at)
        SELECT id, 'olduser0101', 'hash-of-the-previous-release', NOW(6) - INTERVAL 10 DAY,
               'yamada@example.co.jp', NOW(6)
        FROM members WHERE number = '101';
      INSERT INTO consents (member_id, terms_seq, at, client_addr, source)
        SELECT m.id, MAX(t.seq), NOW(6), '192.0.2.1', 'verify' FROM members m, terms_versions t
        WHERE m.number = '101' GROUP BY m.id;
      INSERT INTO sessions (id_hash, stage, member_id, account_id, created_at, last_seen_at)
        SELECT UNHEX(SHA2('$TOKEN', 256)), 10, member_id, id, NOW(6), NOW(6) FROM accounts" ||
    bail_out "cannot write the previous release's data"
{
    echo insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay
    echo '06279996,1001,101,R-0001,山田太郎,202604,さくら病院,outpatient,2,12340,3702'
    echo '06130017,2001,1,M-0001,港花子,202412,みなと病院,dental,1,5600,1680'
} > "$T/claims.csv"
mctl import-expenses "$T/claims.csv" > "$T/claims.out" 2>&1 || bail_out "cannot import claims into the previous release"
msql "DELETE FROM mail_outbox"   # the claims' notice: not the subject here

state_sql="SELECT CONCAT_WS('|',
    (SELECT GROUP_CONCAT(CONCAT_WS('/', insurer_number, name, company_domains, features, IFNULL(mfa, 'site'),
        keep_months) ORDER BY insurer_number) FROM societies),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', id, insurer_number, symbol, number, name, birth_date, category)
        ORDER BY id) FROM members),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', member_id, temp_user_id, password_hash, retired_at IS NULL)
        ORDER BY member_id) FROM temp_credentials),
    (SELECT CONCAT_WS('/', id, member_id, user_id, password_hash, password_changed_at, email, notices,
        mail_codes, created_at) FROM accounts),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', member_id, terms_seq, at, source)) FROM consents),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', HEX(id_hash), stage, member_id, IFNULL(account_id, '-'), created_at,
        last_seen_at) ORDER BY stage) FROM sessions),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', id, kind, file, started_at) ORDER BY id) FROM imports),
    (SELECT GROUP_CONCAT(CONCAT_WS('/', insurer_number, claim_id, symbol, number, patient_name, service_month,
        provider, kind, days, total_cost, self_pay, created_in, changed_in) ORDER BY claim_id) FROM expense_claims))"
before=$(msql "$state_sql")
like "$before" "サンプル健康保険組合/.*olduser0101/.*/expenses/.*M-0001/.*R-0001/" \
    "the previous release's societies, account, session, import and claims are there"
is "$(msql "SELECT MAX(version) FROM schema_version")" 7 "the previous release's schema is 7"

# The upgrade.
out=$(migrate_through all 2>&1)
is "$?" 0 "migrate upgrades the previous release"
like "$out" 'applied 008-benefits.sql' "by applying 008-benefits.sql"
is "$(msql "SELECT name FROM schema_version WHERE version = 8")" 008-benefits.sql "it is recorded"
is "$(msql "$state_sql")" "$before" \
    "the societies, members, credentials, the account, its consent, the session, the import and the claims are kept"
is "$(msql "SELECT COUNT(*) FROM information_schema.tables
            WHERE table_schema = DATABASE() AND table_name = 'benefit_decisions'")|$(msql "SELECT COUNT(*) FROM benefit_decisions")" \
    "1|0" "the table benefit_decisions exists and is empty"
like "$(msql "SELECT COLUMN_TYPE FROM information_schema.columns
              WHERE table_schema = DATABASE() AND table_name = 'imports' AND column_name = 'kind'")" \
    "'benefits'" "imports take the kind benefits"
is "$(msql "SELECT GROUP_CONCAT(column_name ORDER BY seq_in_index) FROM information_schema.statistics
            WHERE table_schema = DATABASE() AND table_name = 'expense_claims' AND index_name = 'claim_society_month'")" \
    "insurer_number,service_month" "the claims have the key a society's retention reads"
is "$(migrate_through all 2>&1)" "schema is up to date (version $(ls "$T/sql-all" | sort | tail -n 1 | sed 's/^0*\([0-9]*\)-.*/\1/'))" \
    "a second run applies nothing"
is "$(msql "$state_sql")" "$before" "and changes nothing"

# import-benefits on the upgraded database.
{
    echo insurer_number,symbol,number,decision_id,patient_name,kind,service_month,decided_on,paid_on,amount
    echo '06279996,1001,101,B-0001,山田太郎,high_cost,202604,20260610,20260625,84430'
    echo '06279996,1001,102,B-0002,佐藤花子,sickness,,20260701,,120000'
} > "$T/benefits.csv"
mctl import-benefits "$T/benefits.csv" > "$T/out" 2> "$T/err"
is "$?" 0 "import-benefits works on the upgraded database"
like "$(tail -n 1 "$T/err")" '^read 2 rows: 2 added, 0 changed, 0 unchanged; 1 notices queued$' \
    "it stores both decisions and queues the registered member's notice"
is "$(msql "SELECT GROUP_CONCAT(CONCAT_WS('/', decision_id, kind, IFNULL(paid_on, '-')) ORDER BY decision_id)
            FROM benefit_decisions")" "B-0001/high_cost/2026-06-25,B-0002/sickness/-" "as imported"
is "$(msql "SELECT CONCAT_WS('/', kind, recipient) FROM mail_outbox")" "notice_benefits/yamada@example.co.jp" \
    "the notice is to the registered member"
is "$(msql "SELECT kind FROM imports ORDER BY id DESC LIMIT 1")" benefits "the import is recorded as benefits"
mctl purge-records > "$T/out" 2> "$T/err"
is "$?" 0 "purge-records runs on the upgraded database"
like "$(cat "$T/out")" '^06130017 .*removed 1 claim of service months before [0-9]{6} and 0 benefit decisions' \
    "and applies the retention of the society that keeps 24 months"

done_testing
