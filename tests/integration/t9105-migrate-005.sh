#!/usr/bin/env bash
# t9105-migrate-005.sh: sql/005-claims-by-household.sql upgrades a
# database of the previous release (001-004, with claims imported in two
# files, one correcting the other) and keeps every claim, with its import
# history; the imports, notices and purge go on working on it (upgraded
# through the newest migration: this kosmoctl needs it)
. "$(dirname "$0")/lib.sh"

start_stack

# The previous release: every migration before 005.
previous_release 4 '06279996,1001,101,山田太郎,19800401,employee' '06279996,1001,102,佐藤花子,19751115,employee'
msql "INSERT INTO accounts (member_id, user_id, password_hash, password_changed_at, email, created_at)
      SELECT id, CONCAT('user', number), 'hash-kept', NOW(6), CONCAT('m', number, '@example.co.jp'), NOW(6)
      FROM members" || bail_out "cannot make the accounts"
head='insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay'
# Month by month, as a society's imports come: the households' rows interleave.
{
    echo "$head"
    for m in 01 02 03; do
        echo "06279996,1001,101,Y-$m,山田太郎,2026$m,さくら病院,outpatient,1,1${m}00,3${m}0"
        echo "06279996,1001,102,S-$m,佐藤花子,2026$m,みどり歯科,dental,2,2${m}00,6${m}0"
    done
    echo "06279996,1001,101,Y-old,山田太郎,202003,ひかり薬局,pharmacy,1,500,150"
} > "$T/first.csv"
# The previous release's two imports as it stored them (this kosmoctl needs
# the societies of schema 6): the first file's claims in its order, then the
# correction's changes, each row marked with the import that made and that
# last changed it.
claim() {  # claim ID NUMBER NAME MONTH PROVIDER KIND DAYS TOTAL SELF CREATED CHANGED
    echo "('06279996', '$1', '1001', '$2', '$3', $4, '$5', '$6', $7, $8, $9, ${10}, ${11})"
}
{
    echo "INSERT INTO imports (id, kind, file, started_at) VALUES
          (1, 'expenses', 'first.csv', NOW(6)), (2, 'expenses', 'fix.csv', NOW(6));
          INSERT INTO expense_claims (insurer_number, claim_id, symbol, number, patient_name,
              service_month, provider, kind, days, total_cost, self_pay, created_in, changed_in) VALUES"
    {
        claim Y-01 101 山田太郎 202601 さくら病院 outpatient 1 10100 3010 1 1
        claim S-01 102 佐藤花子 202601 みどり歯科 dental 2 20100 6010 1 1
        claim Y-02 101 山田太郎 202602 さくら病院 outpatient 1 9999 3000 1 2
        claim S-02 102 佐藤花子 202602 みどり歯科 dental 2 20200 6020 1 1
        claim Y-03 101 山田太郎 202603 さくら病院 outpatient 1 10300 3030 1 1
        claim S-03 101 山田太郎 202603 みどり歯科 dental 2 20300 6030 1 2
        claim Y-old 101 山田太郎 202003 ひかり薬局 pharmacy 1 500 150 1 1
    } | paste -sd,
} > "$T/claims.sql"
msql "$(cat "$T/claims.sql")" || bail_out "cannot write the previous release's claims"
# The correction that the second import loaded: Y-02's amount, and S-03
# moved to the other household.
{
    echo "$head"
    echo "06279996,1001,101,Y-02,山田太郎,202602,さくら病院,outpatient,1,9999,3000"
    echo "06279996,1001,101,S-03,山田太郎,202603,みどり歯科,dental,2,20300,6030"
} > "$T/fix.csv"
claims_sql="SELECT GROUP_CONCAT(CONCAT_WS('/', insurer_number, claim_id, symbol, number, patient_name,
    service_month, provider, kind, days, total_cost, self_pay, created_in, changed_in) ORDER BY claim_id SEPARATOR ' ')
    FROM expense_claims"
before=$(msql "$claims_sql")
outbox_before=$(msql "SELECT COUNT(*) FROM mail_outbox")
like "$before" 'Y-02/1001/101/山田太郎/202602/さくら病院/outpatient/1/9999/3000/[0-9]+/[0-9]+' \
    "the previous release holds the corrected claim"

# The upgrade.
out=$(migrate_through all 2>&1)
is "$?" 0 "migrate upgrades the previous release"
like "$out" 'applied 005-claims-by-household.sql' "by applying 005-claims-by-household.sql"
is "$(msql "SELECT name FROM schema_version WHERE version = 5")" 005-claims-by-household.sql "it is recorded"
is "$(msql "$claims_sql")" "$before" "every claim is kept, with the imports that made and changed it"
is "$(msql "SELECT GROUP_CONCAT(column_name ORDER BY seq_in_index) FROM information_schema.statistics
            WHERE table_schema = DATABASE() AND table_name = 'expense_claims' AND index_name = 'PRIMARY'")" \
    insurer_number,symbol,number,service_month,claim_id "the claims are clustered by household and month"
is "$(msql "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()
            AND table_name = 'expense_claims' AND column_name = 'id'")" 0 "the surrogate id is gone"
is "$(msql "SELECT GROUP_CONCAT(DISTINCT index_name ORDER BY index_name) FROM information_schema.statistics
            WHERE table_schema = DATABASE() AND table_name = 'expense_claims'")" \
    claim_changed,claim_key,claim_month,claim_society_month,PRIMARY \
    "the import's key, the notices' and the purge's indexes stay (and 008 adds the retention's)"

# The imports on the upgraded table: a re-import changes and queues nothing,
# a correction (a new amount, a claim moved to another household) replaces,
# a new claim is added, each with a notice.
mctl import-expenses "$T/first.csv" > /dev/null 2> "$T/err"
like "$(tail -n 1 "$T/err")" '^read 7 rows: 0 added, 2 changed, 5 unchanged; 2 notices queued$' \
    "the first file again puts back the two corrected claims, as before the upgrade"
mctl import-expenses "$T/first.csv" > /dev/null 2> "$T/err"
like "$(tail -n 1 "$T/err")" '^read 7 rows: 0 added, 0 changed, 7 unchanged; 0 notices queued$' \
    "a re-import of the same file changes and queues nothing"
{
    cat "$T/fix.csv"
    echo "06279996,1001,102,S-04,佐藤花子,202604,みどり歯科,dental,1,1200,360"
} > "$T/fix2.csv"
mctl import-expenses "$T/fix2.csv" > /dev/null 2> "$T/err"
like "$(tail -n 1 "$T/err")" '^read 3 rows: 1 added, 2 changed, 0 unchanged; 2 notices queued$' \
    "a correction and a new claim"
is "$(msql "SELECT CONCAT_WS(',', number, total_cost) FROM expense_claims WHERE claim_id = 'S-03'")" 101,20300 \
    "the moved claim is in its new household, once"
is "$(msql "SELECT COUNT(*) FROM expense_claims")" 8 "no claim doubled"
is "$(msql "SELECT COUNT(*) - $outbox_before FROM mail_outbox")" 4 "the upgraded imports queued their notices"
mctl purge-expenses --before 202101 > /dev/null 2> "$T/err"
is "$(msql "SELECT COUNT(*) FROM expense_claims WHERE claim_id = 'Y-old'")" 0 "purge-expenses removes the old claim"
is "$(msql "SELECT COUNT(*) FROM expense_claims")" 7 "and only it"
like "$(migrate_through all 2>&1)" '^schema is up to date' "a second run applies nothing"

done_testing
