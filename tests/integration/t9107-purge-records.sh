#!/usr/bin/env bash
# t9107-purge-records.sh: kosmoctl purge-records, each society's retention:
# a society that keeps N months loses exactly its claims of service months
# before the N counted back from the current month in Japan (in batches;
# its benefit decisions by decision date, tested in t7020),
# a society that keeps all loses nothing, --society covers one, --dry-run
# counts only, a second run removes nothing; the summary lines, the audit
# events (counts only), the refused --society values and --help
. "$(dirname "$0")/lib.sh"

start_stack

# The month N months before the current one in Japan (UTC+9 all year), as
# purge-records reckons it; the 15th, so that no month is skipped.
month_back() {
    TZ=JST-9 date -d "$(TZ=JST-9 date +%Y-%m-15) $(printf '%+d' $((-$1))) months" +%Y%m
}
current=$(month_back 0)
next=$(month_back -1)

A=06279996   # keeps 12 months
B=06130017   # keeps 24 months
Z=01270016   # keeps every month
kosmoctl society add "$Z" --name テスト健康保険組合 > /dev/null || bail_out "cannot add society $Z"

# Claims of two households of each society, named for their month: next
# month's, this month's and 11, 12, 23, 24, 36 and 120 months back for the
# first household, this month's, 12 and 24 back for the second.
claims_of() {  # claims_of INSURER SYMBOL NUMBER SUFFIX OFFSET...: the VALUES rows
    local insurer=$1 symbol=$2 number=$3 suffix=$4 offset name month
    shift 4
    for offset in "$@"; do
        if [ "$offset" = -1 ]; then name=next; else name=$(printf 'm%03d' "$offset"); fi
        month=$(month_back "$offset")
        printf "('%s','%s-%s','%s','%s','山田太郎',%s,'さくら病院','outpatient',1,1000,300,1,1),\n" \
            "$insurer" "$name" "$suffix" "$symbol" "$number" "$month"
    done
}
columns="insurer_number, claim_id, symbol, number, patient_name, service_month, provider, kind, days, total_cost, self_pay, created_in, changed_in"
for s in "$A:1001:101:2002:15" "$B:7:31:7:32" "$Z:50:1:50:2"; do
    IFS=: read -r insurer s1 n1 s2 n2 <<< "$s"
    rows=$(claims_of "$insurer" "$s1" "$n1" h1 -1 0 11 12 23 24 36 120
        claims_of "$insurer" "$s2" "$n2" h2 0 12 24)
    sql "INSERT INTO expense_claims ($columns) VALUES ${rows%,}" || bail_out "cannot insert the claims of $insurer"
done
# And 20,000 claims of 60 months back in the first society: its purge takes
# three transactions (10,000, 10,000 and the rest).
m060=$(month_back 60)
sql "SET SESSION max_recursive_iterations = 20000;
     INSERT INTO expense_claims ($columns)
     WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
     SELECT '$A', CONCAT('bulk-', i), '1001', '102', '佐藤花子', $m060, 'みどり歯科', 'dental', 1, 500, 150, 1, 1
     FROM n" || bail_out "cannot insert the bulk claims"

count() { sql "SELECT COUNT(*) FROM expense_claims WHERE insurer_number = '$1'"; }
# A society's claims but the bulk ones, by claim ID.
ids() { sql "SELECT claim_id FROM expense_claims WHERE insurer_number = '$1' AND claim_id NOT LIKE 'bulk-%' ORDER BY claim_id"; }
sorted() { printf '%s\n' "$@" | LC_ALL=C sort; }
all_ids=$(sorted next-h1 m000-h1 m011-h1 m012-h1 m023-h1 m024-h1 m036-h1 m120-h1 m000-h2 m012-h2 m024-h2)
events() { sql "SELECT detail FROM audit_events WHERE event = 'purge_records' ORDER BY id"; }

is "$(count "$A"):$(count "$B"):$(count "$Z")" 20011:11:11 "the claims are in place"

# --- every society keeps all: nothing goes --------------------------------------------------

kosmoctl purge-records > "$T/out" 2> "$T/err"
is "$?" 0 "purge-records succeeds while every society keeps all"
is "$(cat "$T/out")" "$Z テスト健康保険組合: keeps every month, nothing removed
$B みなと健康保険組合: keeps every month, nothing removed
$A サンプル健康保険組合: keeps every month, nothing removed" "it prints one line per society, by insurer number"
is "$(count "$A"):$(count "$B"):$(count "$Z")" 20011:11:11 "nothing is removed"
is "$(events)" "" "and nothing is audited"

kosmoctl society set "$A" --keep-months 12 > /dev/null && kosmoctl society set "$B" --keep-months 24 > /dev/null
is "$?" 0 "the first society keeps 12 months, the second 24"
a_before=$(month_back 11)
b_before=$(month_back 23)

# --- --dry-run ------------------------------------------------------------------------------

kosmoctl purge-records --dry-run > "$T/out" 2> "$T/err"
is "$?" 0 "purge-records --dry-run succeeds"
is "$(cat "$T/out")" "$Z テスト健康保険組合: keeps every month, nothing removed
$B みなと健康保険組合: keeps 24 months ($b_before on), would remove 4 claims of service months before $b_before and 0 benefit decisions decided before $b_before
$A サンプル健康保険組合: keeps 12 months ($a_before on), would remove 20007 claims of service months before $a_before and 0 benefit decisions decided before $a_before" \
    "it counts what each society would lose: the current month and the 11 (23) before it are kept"
is "$(count "$A"):$(count "$B"):$(count "$Z")" 20011:11:11 "a dry run removes nothing"
is "$(events)" "" "and is not audited"

# --- --society ------------------------------------------------------------------------------

kosmoctl purge-records --society "$B" > "$T/out" 2> "$T/err"
is "$?" 0 "purge-records --society $B succeeds"
is "$(cat "$T/out")" "$B みなと健康保険組合: keeps 24 months ($b_before on), removed 4 claims of service months before $b_before and 0 benefit decisions decided before $b_before" \
    "it purges that society alone, in one line"
is "$(ids "$B")" "$(sorted next-h1 m000-h1 m011-h1 m012-h1 m023-h1 m000-h2 m012-h2)" \
    "the claims of 24 months back and older are gone, 23 months back is kept"
is "$(count "$A"):$(count "$Z")" 20011:11 "the other societies keep every claim"
like "$(events)" "^insurer=$B keep_months=24 before=$b_before claims=4 decisions=0 operator=[^ ]+\$" \
    "the purge is audited as purge_records with its counts"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'purge_records'")" 1 "once"

# --- every society ----------------------------------------------------------------------------

kosmoctl purge-records > "$T/out" 2> "$T/err"
is "$?" 0 "purge-records succeeds"
is "$(cat "$T/out")" "$Z テスト健康保険組合: keeps every month, nothing removed
$B みなと健康保険組合: keeps 24 months ($b_before on), removed 0 claims of service months before $b_before and 0 benefit decisions decided before $b_before
$A サンプル健康保険組合: keeps 12 months ($a_before on), removed 20007 claims of service months before $a_before and 0 benefit decisions decided before $a_before" "a summary line per society"
is "$(ids "$A")" "$(sorted next-h1 m000-h1 m011-h1 m000-h2)" \
    "the first society keeps this month, the 11 before it and next month's, and nothing older"
is "$(count "$A")" 4 "its 20,000 claims of 60 months back are gone too, over several transactions"
is "$(ids "$B")" "$(sorted next-h1 m000-h1 m011-h1 m012-h1 m023-h1 m000-h2 m012-h2)" \
    "the second society loses nothing more"
is "$(ids "$Z")" "$all_ids" "the society that keeps every month keeps every claim, 120 months back too"
op=${SUDO_USER:-$(id -un)}
is "$(events)" "insurer=$B keep_months=24 before=$b_before claims=4 decisions=0 operator=$op
insurer=$B keep_months=24 before=$b_before claims=0 decisions=0 operator=$op
insurer=$A keep_months=12 before=$a_before claims=20007 decisions=0 operator=$op" \
    "one audit event per society that keeps a limited number of months, none for the one that keeps all"
unlike "$(events)" '1001|山田|佐藤|m0|bulk|さくら' "the audit events hold counts, no member's data"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'purge_records' AND member_id IS NOT NULL")" 0 \
    "and name no member"

kosmoctl purge-records > "$T/out" 2> "$T/err"
is "$?" 0 "a second run succeeds"
like "$(cat "$T/out")" "^$A .*, removed 0 claims of service months before $a_before and 0 benefit decisions decided before $a_before\$" "and removes nothing"
is "$(count "$A"):$(count "$B"):$(count "$Z")" 4:7:11 "every claim left is still there"

# Keeping one month keeps the current month (and the next) alone.
kosmoctl society set "$Z" --keep-months 1 > /dev/null
kosmoctl purge-records --society "$Z" > "$T/out" 2> "$T/err"
is "$(cat "$T/out")" "$Z テスト健康保険組合: keeps 1 month ($current on), removed 8 claims of service months before $current and 0 benefit decisions decided before $current" \
    "a society that keeps 1 month"
is "$(ids "$Z")" "$(sorted next-h1 m000-h1 m000-h2)" "keeps the current month's claims (and next month's)"

# --- refused --------------------------------------------------------------------------------

kosmoctl purge-records --society 01270015 > "$T/out" 2> "$T/err"
is "$?" 2 "a --society with a wrong check digit is a usage error"
like "$(head -n 1 "$T/err")" "^kosmoctl purge-records: --society '01270015' has a wrong check digit" "which says so"
kosmoctl purge-records --society 39130018 > "$T/out" 2> "$T/err"
is "$?" 1 "a --society that is not a society fails"
like "$(cat "$T/err")" "^kosmoctl purge-records: --society 39130018 is not a society" "which says so"
is "$(cat "$T/out")" "" "and purges nothing"
kosmoctl purge-records 202001 > /dev/null 2> "$T/err"
is "$?" 2 "purge-records takes no argument"

# --- help -----------------------------------------------------------------------------------

kosmoctl purge-records --help > "$T/help" 2>&1
is "$?" 0 "purge-records --help succeeds"
like "$(head -n 1 "$T/help")" '^usage: kosmoctl \[--config FILE\] purge-records \[--society INSURER_NUMBER\] \[--dry-run\]$' \
    "it shows its usage"
like "$(tr '\n' ' ' < "$T/help")" 'counted back from the current month in Japan.*12 in December 2026 keeps 202601 to 202612 and removes 202512 and older' \
    "it says how the months are counted, with the example"
like "$(tr '\n' ' ' < "$T/help")" 'and its 給付金 decisions whose decision date' "it says benefit decisions are purged by the same months"
like "$(cat "$T/help")" 'kosmo-purge-records.timer' "and names its timer"
like "$(kosmoctl --help 2>&1)" '^  purge-records ' "kosmoctl --help lists it"

[ "$(month_back 0)" = "$current" ] || bail_out "the month in Japan changed during the test: run it again"

done_testing
