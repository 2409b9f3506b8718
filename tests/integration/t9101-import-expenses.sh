#!/usr/bin/env bash
# t9101-import-expenses.sh: kosmoctl import-expenses: the happy path, the
# summary, every bad-row kind (nothing written), re-import, correction, the
# update notices it queues (once, none for opt-out or unregistered, none on
# re-import), purge-expenses, and members known across the pages it reads them in
. "$(dirname "$0")/lib.sh"

start_stack

header=insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay
import_members '06279996,1001,101,山田太郎,19800401,employee' \
    '06279996,1001,102,佐藤花子,19751115,employee' \
    '06279996,1001,103,高橋美咲,19920708,employee' || bail_out "cannot import members"
register_member 1001 101 19800401 yamada0101 yamada0101pw yamada@example.co.jp || bail_out "cannot register yamada"
register_member 1001 102 19751115 sato000102 sato0102pwx sato@example.co.jp || bail_out "cannot register sato"
sql "UPDATE accounts SET notices = 0 WHERE user_id = 'sato000102'"   # 佐藤 turned notices off
wait_until 10 '[ "$(mail_count)" -ge 2 ]'
outbox() { sql "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'notice_expenses'"; }
claims() { sql "SELECT COUNT(*) FROM expense_claims"; }
fingerprint() { sql "SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', claim_id, symbol, number, patient_name, service_month, provider, kind, days, total_cost, self_pay))), 0) FROM expense_claims"; }

write() {  # write FILE ROW...: FILE with the header and ROWS
    local f=$1
    shift
    { echo "$header"; printf '%s\n' "$@"; } > "$f"
}

good=(
    '06279996,1001,101,R-0001,山田太郎,202604,"さくら病院, 内科",outpatient,2,12340,3702'
    '06279996,1001,101,R-0002,山田花子,202603,みどり歯科,dental,1,5600,1680'
    '06279996,1001,101,R-0003,山田太郎,202512,ひかり薬局,pharmacy,1,2100,630'
    '06279996,1001,102,R-0004,佐藤花子,202602,あおば病院,inpatient,5,450000,90000'
    '06279996,1001,103,R-0005,高橋美咲,202601,こだま医院,outpatient,0,0,0'
)

# --- the happy path ------------------------------------------------------------------------

write "$T/claims.csv" "${good[@]}"
kosmoctl import-expenses "$T/claims.csv" > "$T/out" 2> "$T/err"
is "$?" 0 "the import succeeds"
like "$(tail -n 1 "$T/err")" '^read 5 rows: 5 added, 0 changed, 0 unchanged; 1 notices queued$' \
    "it prints the summary: rows read, added, changed, unchanged, notices queued"
is "$(claims)" 5 "five claims are stored"
is "$(sql "SELECT provider FROM expense_claims WHERE claim_id = 'R-0001'")" "さくら病院, 内科" "a quoted field keeps its comma"
is "$(sql "SELECT CONCAT_WS(' ', service_month, kind, days, total_cost, self_pay) FROM expense_claims WHERE claim_id = 'R-0004'")" \
    "202602 inpatient 5 450000 90000" "each field is stored"
is "$(outbox)" 1 "one notice is queued: for the registered member with notices on"
is "$(sql "SELECT recipient FROM mail_outbox WHERE kind = 'notice_expenses'")" yamada@example.co.jp \
    "to 山田's address (佐藤 turned notices off, 高橋 has not registered)"
like "$(sql "SELECT detail FROM audit_events WHERE event = 'import_expenses'")" 'rows=5 added=5 changed=0 notices=1' \
    "the import is audited with its counts"
unlike "$(sql "SELECT detail FROM audit_events WHERE event = 'import_expenses'")" '12340|さくら|山田' \
    "and no health data in the audit detail"

kosmoctl send-mail > "$T/send.out" 2>&1
wait_until 10 '[ "$(mail_count)" -ge 3 ]'
is "$(mail_count)" 3 "send-mail delivers the notice (after the two completion mails)"
notice=$(mails | tail -n 1)
is "$(mail_header "$notice" To)" yamada@example.co.jp "to the member"
like "$(mail_header "$notice" Subject)" '医療費情報更新のお知らせ' "subject 医療費情報更新のお知らせ"
body=$(mail_body "$notice")
like "$body" '医療費情報が更新されました' "the body says the information was updated"
like "$body" 'ログイン' "and how to see it"
unlike "$body" '12,340|12340|3,702|3702|さくら|みどり|山田花子|山田太郎|2026|202604' \
    "but carries no amount, provider, name or date"
like "$(mail_header "$notice" Message-ID)" '^<notice\.expenses\.[0-9]+\.[0-9]+\..+@kosmoweb\.jp>$' \
    "its Message-ID is its own"

# --- re-import: nothing changes, nothing is queued ----------------------------------------------

before=$(fingerprint)
kosmoctl import-expenses "$T/claims.csv" > "$T/out" 2> "$T/err"
is "$?" 0 "importing the same file again succeeds"
like "$(tail -n 1 "$T/err")" '^read 5 rows: 0 added, 0 changed, 5 unchanged; 0 notices queued$' "and changes nothing"
is "$(claims)" 5 "no claim is duplicated"
is "$(fingerprint)" "$before" "no claim is altered"
is "$(outbox)" 1 "and no notice is queued"

# --- a correction replaces the claim -------------------------------------------------------------

write "$T/fix.csv" '06279996,1001,101,R-0002,山田花子,202603,みどり歯科,dental,2,7800,2340'
kosmoctl import-expenses "$T/fix.csv" > "$T/out" 2> "$T/err"
like "$(tail -n 1 "$T/err")" '^read 1 rows: 0 added, 1 changed, 0 unchanged; 1 notices queued$' \
    "a corrected claim counts as changed"
is "$(claims)" 5 "it replaces the old claim (no new row)"
is "$(sql "SELECT CONCAT_WS(' ', days, total_cost, self_pay) FROM expense_claims WHERE claim_id = 'R-0002'")" "2 7800 2340" \
    "with the corrected figures"
is "$(outbox)" 2 "one more notice for that household (one per import)"

# --- every bad-row kind: the line and field named, nothing written ------------------------------------

bad() {  # bad DESCRIPTION ERE ROW: a file of one good row then ROW
    local desc=$1 want=$2 row=$3 b
    b=$(fingerprint)
    write "$T/bad.csv" '06279996,1001,101,R-0100,山田太郎,202604,新しい病院,outpatient,1,1000,300' "$row"
    kosmoctl import-expenses "$T/bad.csv" > "$T/out" 2> "$T/err"
    local rc=$?
    is "$rc" 1 "$desc: refused"
    like "$(cat "$T/err")" "line 3: $want" "$desc: the line and the field are named"
    like "$(tail -n 1 "$T/err")" 'nothing was imported$' "$desc: nothing was imported"
    is "$(fingerprint)" "$b" "$desc: no claim changed (not even the good row before it)"
}
bad "too few fields" 'expected 11 fields' '06279996,1001,101,R-0101,山田太郎,202604,病院,outpatient,1,1000'
bad "a wrong check digit" "insurer_number '06279997' has a wrong check digit" '06279997,1001,101,R-0102,山田太郎,202604,病院,outpatient,1,1000,300'
bad "no society" "insurer_number '12345674' is not a society" '12345674,1001,101,R-0103,山田太郎,202604,病院,outpatient,1,1000,300'
bad "an unknown member" 'member 06279996,1001,999 does not exist' '06279996,1001,999,R-0104,山田太郎,202604,病院,outpatient,1,1000,300'
bad "an empty symbol" 'symbol is empty' '06279996,,101,R-0105,山田太郎,202604,病院,outpatient,1,1000,300'
bad "a claim_id with a space" "claim_id 'R 0106' may hold only" '06279996,1001,101,R 0106,山田太郎,202604,病院,outpatient,1,1000,300'
bad "a claim_id of 33 characters" 'claim_id .* is longer than 32' "06279996,1001,101,$(printf 'A%.0s' $(seq 33)),山田太郎,202604,病院,outpatient,1,1000,300"
bad "an empty patient_name" 'patient_name is empty' '06279996,1001,101,R-0107,,202604,病院,outpatient,1,1000,300'
bad "month 13" "service_month '202613' is not a month YYYYMM" '06279996,1001,101,R-0108,山田太郎,202613,病院,outpatient,1,1000,300'
bad "a month in the future" "service_month '209901' is in the future" '06279996,1001,101,R-0109,山田太郎,209901,病院,outpatient,1,1000,300'
bad "an empty provider" 'provider is empty' '06279996,1001,101,R-0110,山田太郎,202604,,outpatient,1,1000,300'
bad "an unknown kind" "kind 'surgery' is not one of" '06279996,1001,101,R-0111,山田太郎,202604,病院,surgery,1,1000,300'
bad "32 days" "days '32' is not a whole number from 0 to 31" '06279996,1001,101,R-0112,山田太郎,202604,病院,outpatient,32,1000,300'
bad "a negative cost" "total_cost '-1000' is not a whole number" '06279996,1001,101,R-0113,山田太郎,202604,病院,outpatient,1,-1000,300'
bad "a cost with a separator" "total_cost '1,000' is not a whole number" '06279996,1001,101,R-0114,山田太郎,202604,病院,outpatient,1,"1,000",300'
bad "self_pay over total_cost" 'self_pay 1001 is more than total_cost 1000' '06279996,1001,101,R-0115,山田太郎,202604,病院,outpatient,1,1000,1001'
bad "a control character" 'provider contains control characters' "$(printf '06279996,1001,101,R-0116,山田太郎,202604,病\001院,outpatient,1,1000,300')"
bad "an unterminated quote" 'quoted field is not closed' '06279996,1001,101,R-0117,"山田太郎,202604,病院,outpatient,1,1000,300'

echo "insurer_number,symbol,number,claim_id" > "$T/header.csv"
kosmoctl import-expenses "$T/header.csv" > "$T/out" 2> "$T/err"
is "$?" 1 "a wrong header is refused"
like "$(cat "$T/err")" "line 1: the header must be '$header'" "naming the header expected"
is "$(outbox)" 2 "no bad file queued a notice"

# --- edges that pass: BOM, CRLF, full-width digits, 0 and 31 days, self_pay = total_cost ---------------

{
    printf '\xef\xbb\xbf%s\r\n' "$header"
    printf '%s\r\n' '０６２７９９９６,1001,101,R-0200,山田太郎,202604,病院,OUTPATIENT,31,1000,1000' \
        '06279996,1001,101,R-0201,山田太郎,190001,病院,outpatient,0,0,0'
} > "$T/edges.csv"
kosmoctl import-expenses "$T/edges.csv" > "$T/out" 2> "$T/err"
is "$?" 0 "the edge values pass"
like "$(tail -n 1 "$T/err")" '^read 2 rows: 2 added' "both rows are added"

# --- purge-expenses --------------------------------------------------------------------------------

kosmoctl purge-expenses --before 2026 > "$T/out" 2> "$T/err"
is "$?" 2 "purge-expenses wants a month YYYYMM"
kosmoctl purge-expenses --before 202601 > "$T/out" 2> "$T/err"
is "$?" 0 "purge-expenses --before 202601 succeeds"
like "$(cat "$T/err")" '^removed 2 claims of service months before 202601$' "it says how many it removed"
is "$(sql "SELECT COUNT(*) FROM expense_claims WHERE service_month < 202601")" 0 "no older claim is left"
is "$(claims)" 5 "the newer ones are kept"
like "$(sql "SELECT detail FROM audit_events WHERE event = 'purge_expenses'")" 'before=202601 removed=2' "the purge is audited"

# --- members read a page at a time ------------------------------------------------------------
# The importer knows the members from pages of 10,000 (by ID): the members
# at each page's edges, the 10,000th and 10,001st, the 20,000th and 20,001st,
# and the last, are all found.
{
    echo "insurer_number,symbol,number,name,birth_date,category"
    seq -f '06279996,2001,%g,頁境界,19800101,employee' 1 20001
} > "$T/many.csv"
kosmoctl import-members "$T/many.csv" --out "$T/many-credentials.csv" > "$T/out" 2>&1 ||
    bail_out "cannot import 20,001 members"
is "$(sql "SELECT COUNT(*) FROM members")" 20004 "20,001 members more"
rows=()
for nth in 10000 10001 20000 20001 20004; do
    n=$(sql "SELECT number FROM members ORDER BY id LIMIT 1 OFFSET $((nth - 1))")
    rows+=("06279996,2001,$n,R-P$nth,頁境界,202604,病院,outpatient,1,1000,300")
done
write "$T/pages.csv" "${rows[@]}"
kosmoctl import-expenses "$T/pages.csv" > "$T/out" 2> "$T/err"
is "$?" 0 "claims of members on every page are imported"
like "$(tail -n 1 "$T/err")" '^read 5 rows: 5 added' "all five"
unlike "$(cat "$T/err")" 'does not exist' "no member is missed"

kosmoctl import-expenses --help > "$T/help" 2>&1
like "$(head -n 1 "$T/help")" '^usage: kosmoctl .*import-expenses \[--society INSURER_NUMBER\] FILE.csv' "import-expenses --help shows its usage"

done_testing
