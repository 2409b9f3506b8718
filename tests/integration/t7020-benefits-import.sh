#!/usr/bin/env bash
# t7020-benefits-import.sh: kosmoctl import-benefits (給付金のお知らせ): the
# happy path, the summary, every bad-row kind (nothing written), re-import,
# a correction replacing a decision, the notices it queues (once per member,
# none for opt-outs or unregistered members, none on re-import; two
# send-mail at once deliver each once), purge-benefits and purge-records'
# retention of decisions
. "$(dirname "$0")/lib.sh"

start_stack

header=insurer_number,symbol,number,decision_id,patient_name,kind,service_month,decided_on,paid_on,amount
import_members '06279996,1001,101,山田太郎,19800401,employee' \
    '06279996,1001,102,佐藤花子,19751115,employee' \
    '06279996,1001,103,高橋美咲,19920708,employee' \
    '06279996,1001,104,田中一郎,19700101,employee' \
    '06130017,7,31,中村健,19681203,employee' || bail_out "cannot import members"
register_member 1001 101 19800401 yamada0101 yamada0101pw yamada@example.co.jp || bail_out "cannot register yamada"
register_member 1001 102 19751115 sato000102 sato0102pwx sato@example.co.jp || bail_out "cannot register sato"
register_member 1001 104 19700101 tanaka0104 tanaka0104pw tanaka@example.co.jp || bail_out "cannot register tanaka"
sql "UPDATE accounts SET notices = 0 WHERE user_id = 'sato000102'"   # 佐藤 turned notices off
wait_until 10 '[ "$(mail_count)" -ge 3 ]'
outbox() { sql "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'notice_benefits'"; }
decisions() { sql "SELECT COUNT(*) FROM benefit_decisions"; }
fingerprint() { sql "SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', insurer_number, decision_id, symbol, number, patient_name, kind, IFNULL(service_month, '-'), decided_on, IFNULL(paid_on, '-'), amount))), 0) FROM benefit_decisions"; }

write() {  # write FILE ROW...: FILE with the header and ROWS
    local f=$1
    shift
    { echo "$header"; printf '%s\n' "$@"; } > "$f"
}

good=(
    '06279996,1001,101,B-0001,山田太郎,high_cost,202609,20261110,20261125,84430'
    '06279996,1001,101,B-0002,山田花子,childbirth,,20260301,20260315,500000'
    '06279996,1001,101,B-0003,山田太郎,sickness,202610,20261120,,123456'
    '06279996,1001,102,B-0004,佐藤花子,additional,202608,20260930,20261020,20000'
    '06279996,1001,103,B-0005,高橋美咲,medical_cost,202607,20260901,20260930,0'
)

# --- the happy path ------------------------------------------------------------------------

write "$T/benefits.csv" "${good[@]}"
kosmoctl import-benefits "$T/benefits.csv" > "$T/out" 2> "$T/err"
is "$?" 0 "the import succeeds"
like "$(tail -n 1 "$T/err")" '^read 5 rows: 5 added, 0 changed, 0 unchanged; 1 notices queued$' \
    "it prints the summary: rows read, added, changed, unchanged, notices queued"
is "$(decisions)" 5 "five decisions are stored"
is "$(sql "SELECT CONCAT_WS(' ', insurer_number, symbol, number, patient_name, kind, service_month, decided_on, paid_on, amount) FROM benefit_decisions WHERE decision_id = 'B-0001'")" \
    "06279996 1001 101 山田太郎 high_cost 202609 2026-11-10 2026-11-25 84430" "each field is stored"
is "$(sql "SELECT IFNULL(service_month, 'NULL') FROM benefit_decisions WHERE decision_id = 'B-0002'")" NULL \
    "an empty service_month is stored as NULL"
is "$(sql "SELECT IFNULL(paid_on, 'NULL') FROM benefit_decisions WHERE decision_id = 'B-0003'")" NULL \
    "an empty paid_on (unpaid) is stored as NULL"
is "$(sql "SELECT kind FROM imports ORDER BY id DESC LIMIT 1")" benefits "the import is recorded as kind benefits"
is "$(outbox)" 1 "one notice is queued: for the registered member with notices on"
is "$(sql "SELECT recipient FROM mail_outbox WHERE kind = 'notice_benefits'")" yamada@example.co.jp \
    "to 山田's address (佐藤 turned notices off, 高橋 has not registered; three decisions, one notice)"
like "$(sql "SELECT detail FROM audit_events WHERE event = 'import_benefits'")" 'rows=5 added=5 changed=0 notices=1' \
    "the import is audited with its counts"
unlike "$(sql "SELECT detail FROM audit_events WHERE event = 'import_benefits'")" '84430|high_cost|山田' \
    "and no health data in the audit detail"

kosmoctl send-mail > "$T/send.out" 2>&1
wait_until 10 '[ "$(mail_count)" -ge 4 ]'
is "$(mail_count)" 4 "send-mail delivers the notice (after the three completion mails)"
notice=$(mails | tail -n 1)
is "$(mail_header "$notice" To)" yamada@example.co.jp "to the member"
like "$(mail_header "$notice" Subject)" '給付金支給決定のお知らせ' "subject 給付金支給決定のお知らせ"
body=$(mail_body "$notice")
like "$body" '給付金のお知らせ' "the body names the page"
like "$body" 'ログイン' "and how to see it"
like "$body" 'サンプル健康保険組合' "signed by the member's society"
unlike "$body" '84,430|84430|500,000|500000|123,456|123456|高額|出産|傷病|山田|2026|202609|1110|1125' \
    "but carries no amount, kind, name or date"
like "$(mail_header "$notice" Message-ID)" '^<notice\.benefits\.[0-9]+\.[0-9]+\..+@kosmoweb\.jp>$' \
    "its Message-ID is its own"

# --- re-import: nothing changes, nothing is queued ----------------------------------------------

before=$(fingerprint)
kosmoctl import-benefits "$T/benefits.csv" > "$T/out" 2> "$T/err"
is "$?" 0 "importing the same file again succeeds"
like "$(tail -n 1 "$T/err")" '^read 5 rows: 0 added, 0 changed, 5 unchanged; 0 notices queued$' "and changes nothing"
is "$(decisions)" 5 "no decision is duplicated"
is "$(fingerprint)" "$before" "no decision is altered"
is "$(outbox)" 1 "and no notice is queued"

# --- a correction replaces the decision ------------------------------------------------------------

# B-0003 paid now, B-0004 moved to 田中's household (a decision filed under
# the wrong member): the old household loses it, the new one gains it.
write "$T/fix.csv" '06279996,1001,101,B-0003,山田太郎,sickness,202610,20261120,20261130,123456' \
    '06279996,1001,104,B-0004,田中一郎,additional,202608,20261001,20261020,20000'
kosmoctl import-benefits "$T/fix.csv" > "$T/out" 2> "$T/err"
like "$(tail -n 1 "$T/err")" '^read 2 rows: 0 added, 2 changed, 0 unchanged; 2 notices queued$' \
    "corrected decisions count as changed, one notice to each household's member"
is "$(decisions)" 5 "they replace the old decisions (no new row)"
is "$(sql "SELECT paid_on FROM benefit_decisions WHERE decision_id = 'B-0003'")" 2026-11-30 "with the payment date"
is "$(sql "SELECT CONCAT_WS(' ', number, patient_name, decided_on) FROM benefit_decisions WHERE decision_id = 'B-0004'")" \
    "104 田中一郎 2026-10-01" "a decision moves to the household and date of the correction"
is "$(sql "SELECT COUNT(*) FROM benefit_decisions WHERE number = '102'")" 0 "the old household keeps no copy"
is "$(sql "SELECT GROUP_CONCAT(recipient ORDER BY recipient) FROM mail_outbox WHERE kind = 'notice_benefits'")" \
    "tanaka@example.co.jp,yamada@example.co.jp,yamada@example.co.jp" "山田 and 田中 are notified"

# A decision_id is unique per insurer: another society's same ID is its
# own decision. 中村 (registered, notices on) is of a society that does not
# offer 給付金のお知らせ: no notice sends him to a page he cannot open.
sql "INSERT INTO accounts (member_id, user_id, password_hash, password_changed_at, email, created_at)
     SELECT id, 'nakamura31', 'x', NOW(6), 'nakamura@example.net', NOW(6) FROM members WHERE symbol = '7'"
kosmoctl society set 06130017 --features expenses,eligibility > /dev/null 2>&1 || bail_out "cannot set the features"
write "$T/minato.csv" '06130017,7,31,B-0001,中村健,funeral,,20261201,,50000'
kosmoctl import-benefits --society 06130017 "$T/minato.csv" > "$T/out" 2> "$T/err"
like "$(tail -n 1 "$T/err")" '^read 1 rows: 1 added, 0 changed, 0 unchanged; 0 notices queued$' \
    "another society's decision with the same ID is added, not a replacement; no notice where the page is off"
is "$(sql "SELECT COUNT(*) FROM benefit_decisions WHERE decision_id = 'B-0001'")" 2 "both are kept"
kosmoctl society set 06130017 --features expenses,eligibility,benefits > /dev/null 2>&1 || bail_out "cannot set the features"
write "$T/minato.csv" '06130017,7,31,B-0001,中村健,funeral,,20261201,20261204,50000'
kosmoctl import-benefits --society 06130017 "$T/minato.csv" > "$T/out" 2> "$T/err"
like "$(tail -n 1 "$T/err")" '^read 1 rows: 0 added, 1 changed, 0 unchanged; 1 notices queued$' \
    "once the society offers the page, a change notifies its member"
is "$(sql "SELECT insurer_number FROM mail_outbox WHERE recipient = 'nakamura@example.net'")" 06130017 \
    "in his society's name"

# --- every bad-row kind: the line and field named, nothing written ------------------------------------

bad() {  # bad DESCRIPTION ERE ROW [OPTION...]: a file of one good row then ROW
    local desc=$1 want=$2 row=$3 b
    shift 3
    b=$(fingerprint)
    local q=$(outbox)
    write "$T/bad.csv" '06279996,1001,101,B-0100,山田太郎,other,,20261101,,1000' "$row"
    kosmoctl import-benefits "$@" "$T/bad.csv" > "$T/out" 2> "$T/err"
    local rc=$?
    is "$rc" 1 "$desc: refused"
    like "$(cat "$T/err")" "line 3: $want" "$desc: the line and the field are named"
    like "$(tail -n 1 "$T/err")" 'nothing was imported$' "$desc: nothing was imported"
    is "$(fingerprint)" "$b" "$desc: no decision changed (not even the good row before it)"
    is "$(outbox)" "$q" "$desc: no notice queued"
}
R='06279996,1001,101'
bad "too few fields" 'expected 10 fields' "$R,B-0101,山田太郎,other,,20261101,"
bad "too many fields" 'expected 10 fields' "$R,B-0101,山田太郎,other,,20261101,,1000,1"
bad "a wrong check digit" "insurer_number '06279997' has a wrong check digit" '06279997,1001,101,B-0102,山田太郎,other,,20261101,,1000'
bad "no society" "insurer_number '12345674' is not a society" '12345674,1001,101,B-0103,山田太郎,other,,20261101,,1000'
bad "another society than --society" "insurer_number '06130017' is not the society of --society" \
    '06130017,7,31,B-0103,中村健,other,,20261101,,1000' --society 06279996
bad "an unknown member" 'member 06279996,1001,999 does not exist' '06279996,1001,999,B-0104,山田太郎,other,,20261101,,1000'
bad "an empty number" 'number is empty' '06279996,1001,,B-0105,山田太郎,other,,20261101,,1000'
bad "an empty decision_id" 'decision_id is empty' "$R,,山田太郎,other,,20261101,,1000"
bad "a decision_id with a space" "decision_id 'B 0106' may hold only" "$R,B 0106,山田太郎,other,,20261101,,1000"
bad "a decision_id with an underscore" "decision_id 'B_0106' may hold only" "$R,B_0106,山田太郎,other,,20261101,,1000"
bad "a decision_id of 33 characters" 'decision_id .* is longer than 32' "$R,$(printf 'A%.0s' $(seq 33)),山田太郎,other,,20261101,,1000"
bad "an empty patient_name" 'patient_name is empty' "$R,B-0107,,other,,20261101,,1000"
bad "a patient_name of 101 characters" 'patient_name .* is longer than 100' "$R,B-0107,$(printf '山%.0s' $(seq 101)),other,,20261101,,1000"
bad "an unknown kind" "kind 'bonus' is not one of high_cost, additional" "$R,B-0108,山田太郎,bonus,,20261101,,1000"
bad "an empty kind" "kind '' is not one of" "$R,B-0108,山田太郎,,,20261101,,1000"
bad "a kind in Japanese" "kind '高額療養費' is not one of" "$R,B-0108,山田太郎,高額療養費,,20261101,,1000"
bad "month 13" "service_month '202613' is not a month YYYYMM" "$R,B-0109,山田太郎,other,202613,20261101,,1000"
bad "month 00" "service_month '202600' is not a month YYYYMM" "$R,B-0109,山田太郎,other,202600,20261101,,1000"
bad "a month of 5 digits" "service_month '20261' is not a month YYYYMM" "$R,B-0109,山田太郎,other,20261,20261101,,1000"
bad "a month in the future" "service_month '209901' is in the future" "$R,B-0110,山田太郎,other,209901,20261101,,1000"
bad "an empty decided_on" 'decided_on is empty' "$R,B-0111,山田太郎,other,,,,1000"
bad "a decided_on of 7 digits" "decided_on '2026110' is not 8 digits" "$R,B-0111,山田太郎,other,,2026110,,1000"
bad "February 30" "decided_on '20260230' is not a calendar date" "$R,B-0112,山田太郎,other,,20260230,,1000"
bad "a decision in the future" "decided_on '20990101' is in the future" "$R,B-0113,山田太郎,other,,20990101,,1000"
bad "a paid_on not a date" "paid_on '20261131' is not a calendar date" "$R,B-0114,山田太郎,other,,20261101,20261131,1000"
bad "paid before the decision" "paid_on '20261031' is before decided_on '20261101'" "$R,B-0115,山田太郎,other,,20261101,20261031,1000"
bad "a negative amount" "amount '-1' is not a whole number of yen" "$R,B-0116,山田太郎,other,,20261101,,-1"
bad "an amount with a separator" "amount '1,000' is not a whole number of yen" "$R,B-0117,山田太郎,other,,20261101,,\"1,000\""
bad "an amount over 99,999,999" "amount '100000000' is not a whole number of yen from 0 to 99999999" "$R,B-0118,山田太郎,other,,20261101,,100000000"
bad "an amount with yen" "amount '1000円' is not a whole number" "$R,B-0119,山田太郎,other,,20261101,,1000円"
bad "an empty amount" "amount '' is not a whole number" "$R,B-0119,山田太郎,other,,20261101,,"
bad "a control character" 'patient_name contains control characters' "$(printf '%s,B-0120,山田\001太郎,other,,20261101,,1000' "$R")"
bad "an unterminated quote" 'quoted field is not closed' "$R,B-0121,\"山田太郎,other,,20261101,,1000"

echo "insurer_number,symbol,number,decision_id" > "$T/header.csv"
kosmoctl import-benefits "$T/header.csv" > "$T/out" 2> "$T/err"
is "$?" 1 "a wrong header is refused"
like "$(cat "$T/err")" "line 1: the header must be '$header'" "naming the header expected"

# --- edges that pass: BOM, CRLF, full-width digits, upper-case kind, 0 and 99,999,999 yen ---------------

{
    printf '\xef\xbb\xbf%s\r\n' "$header"
    printf '%s\r\n' '０６２７９９９６,1001,101,B-0200,山田太郎,HIGH_COST,190001,19000101,19000101,99999999' \
        "06279996,1001,101,B-0201,山田太郎,maternity,$(TZ=Asia/Tokyo date +%Y%m),$(TZ=Asia/Tokyo date +%Y%m%d),20991231,0"
} > "$T/edges.csv"
kosmoctl import-benefits "$T/edges.csv" > "$T/out" 2> "$T/err"
is "$?" 0 "the edge values pass (this month, today, a payment still to come)"
like "$(tail -n 1 "$T/err")" '^read 2 rows: 2 added' "both rows are added"
is "$(sql "SELECT CONCAT_WS(' ', kind, amount) FROM benefit_decisions WHERE decision_id = 'B-0200'")" "high_cost 99999999" \
    "the kind is stored in lower case, the largest amount whole"

# --- two send-mail at once deliver each notice once ----------------------------------------------

sent_before=$(mail_count)
queued=$(sql "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'notice_benefits' AND sent_at IS NULL")
kosmoctl send-mail > "$T/s1.out" 2>&1 &
p1=$!
kosmoctl send-mail > "$T/s2.out" 2>&1 &
p2=$!
wait "$p1"; r1=$?
wait "$p2"; r2=$?
is "$r1 $r2" "0 0" "two send-mail at once both succeed"
wait_until 10 '[ "$(mail_count)" -ge $((sent_before + queued)) ]'
is "$(mail_count)" "$((sent_before + queued))" "together they deliver each of the $queued queued notices once"
is "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")" 0 "the outbox is drained"

# --- purge-benefits --------------------------------------------------------------------------------

kosmoctl purge-benefits --before 2026 > "$T/out" 2> "$T/err"
is "$?" 2 "purge-benefits wants a month YYYYMM"
kosmoctl purge-benefits > "$T/out" 2> "$T/err"
is "$?" 2 "purge-benefits wants --before"
total=$(decisions)
kosmoctl purge-benefits --before 202610 > "$T/out" 2> "$T/err"
is "$?" 0 "purge-benefits --before 202610 succeeds"
like "$(cat "$T/err")" '^removed 3 benefit decisions decided before 202610$' "it says how many it removed"
is "$(sql "SELECT COUNT(*) FROM benefit_decisions WHERE decided_on < '2026-10-01'")" 0 "no older decision is left"
is "$(decisions)" "$((total - 3))" "the newer ones are kept (B-0004 of 20261001, the month's first day, among them)"
like "$(sql "SELECT detail FROM audit_events WHERE event = 'purge_benefits'")" 'before=202610 removed=3' "the purge is audited"

# --- purge-records: a society's retention covers its decisions ---------------------------------------

write "$T/old.csv" '06279996,1001,101,B-0300,山田太郎,other,,20200115,,1' \
    '06130017,7,31,B-0301,中村健,other,,20200115,,1'
kosmoctl import-benefits "$T/old.csv" > /dev/null 2>&1
current=$(TZ=Asia/Tokyo date +%Y%m)
kosmoctl society set 06279996 --keep-months 1 > /dev/null 2>&1 || bail_out "cannot set keep-months"
kosmoctl purge-records --dry-run > "$T/out" 2> "$T/err"
like "$(cat "$T/out")" "^06279996 .*would remove 0 claims of service months before $current and 4 benefit decisions decided before $current\$" \
    "--dry-run counts the society's decisions too"
is "$(sql "SELECT COUNT(*) FROM benefit_decisions WHERE insurer_number = '06279996'")" 5 "and removes nothing"
kosmoctl purge-records > "$T/out" 2> "$T/err"
is "$?" 0 "purge-records succeeds"
like "$(cat "$T/out")" "^06279996 .*removed 0 claims of service months before $current and 4 benefit decisions decided before $current\$" \
    "its line counts the decisions removed"
like "$(cat "$T/out")" "06130017 .*keeps every month, nothing removed" "a society that keeps all is untouched"
is "$(sql "SELECT COUNT(*) FROM benefit_decisions WHERE insurer_number = '06279996'")" 1 \
    "only the society's decisions of this month are left"
is "$(sql "SELECT COUNT(*) FROM benefit_decisions WHERE decision_id = 'B-0301'")" 1 "another society's old decision is kept"
like "$(sql "SELECT detail FROM audit_events WHERE event = 'purge_records' ORDER BY id DESC LIMIT 1")" \
    "^insurer=06279996 keep_months=1 before=$current claims=0 decisions=4 operator=" "the audit counts the decisions"

kosmoctl import-benefits --help > "$T/help" 2>&1
like "$(head -n 1 "$T/help")" '^usage: kosmoctl .*import-benefits \[--society INSURER_NUMBER\] FILE.csv' "import-benefits --help shows its usage"
kosmoctl purge-benefits --help > "$T/help" 2>&1
like "$(head -n 1 "$T/help")" '^usage: kosmoctl .*purge-benefits --before YYYYMM' "purge-benefits --help shows its usage"
like "$(kosmoctl --help 2>&1)" 'import-benefits .*給付金' "kosmoctl --help lists import-benefits"

done_testing
