#!/usr/bin/env bash
# t9102-import-eligibility.sh: kosmoctl import-eligibility: the happy path,
# re-import, an update of a person, every bad-row kind, and its notices
. "$(dirname "$0")/lib.sh"

start_stack

header=insurer_number,symbol,number,branch,name,relationship,birth_date,acquired_on,lost_on
import_members '06279996,1001,101,山田太郎,19800401,employee' \
    '06279996,1001,102,佐藤花子,19751115,employee' || bail_out "cannot import members"
register_member 1001 101 19800401 yamada0101 yamada0101pw yamada@example.co.jp || bail_out "cannot register"
people() { sql "SELECT COUNT(*) FROM eligibility"; }
notices() { sql "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'notice_eligibility'"; }
fingerprint() { sql "SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', symbol, number, branch, name, relationship, birth_date, acquired_on, COALESCE(lost_on, '-')))), 0) FROM eligibility"; }
write() { local f=$1; shift; { echo "$header"; printf '%s\n' "$@"; } > "$f"; }

write "$T/elig.csv" '06279996,1001,101,00,山田太郎,self,19800401,20020401,' \
    '06279996,1001,101,01,山田花子,spouse,19820505,20100601,' \
    '06279996,1001,101,02,山田一郎,child,20120115,20120115,20250331' \
    '06279996,1001,102,00,佐藤花子,self,19751115,19980401,'
kosmoctl import-eligibility "$T/elig.csv" > "$T/out" 2> "$T/err"
is "$?" 0 "the import succeeds"
like "$(tail -n 1 "$T/err")" '^read 4 rows: 4 added, 0 changed, 0 unchanged; 1 notices queued$' "with its summary"
is "$(people)" 4 "four people are stored"
is "$(sql "SELECT CONCAT_WS(' ', relationship, birth_date, acquired_on, COALESCE(lost_on, 'NULL')) FROM eligibility WHERE branch = '02'")" \
    "child 2012-01-15 2012-01-15 2025-03-31" "each field is stored"
is "$(sql "SELECT lost_on IS NULL FROM eligibility WHERE branch = '01'")" 1 "an empty lost_on is NULL (insured)"
is "$(notices)" 1 "one 資格情報 notice for the registered member (佐藤 has not registered)"

kosmoctl send-mail > /dev/null 2>&1
wait_until 10 '[ "$(mail_count)" -ge 2 ]'
notice=$(mails | tail -n 1)
like "$(mail_header "$notice" Subject)" '資格情報更新のお知らせ' "subject 資格情報更新のお知らせ"
unlike "$(mail_body "$notice")" '山田花子|山田一郎|配偶者|1982|2025|20100601' "the mail names no dependent and no date"

before=$(fingerprint)
kosmoctl import-eligibility "$T/elig.csv" > "$T/out" 2> "$T/err"
like "$(tail -n 1 "$T/err")" '^read 4 rows: 0 added, 0 changed, 4 unchanged; 0 notices queued$' "a re-import changes nothing"
is "$(fingerprint)" "$before" "and alters nothing"
is "$(notices)" 1 "and queues no notice"

write "$T/upd.csv" '06279996,1001,101,01,山田花子,spouse,19820505,20100601,20261031'
kosmoctl import-eligibility "$T/upd.csv" > "$T/out" 2> "$T/err"
like "$(tail -n 1 "$T/err")" '^read 1 rows: 0 added, 1 changed, 0 unchanged; 1 notices queued$' "the same person again updates her"
is "$(sql "SELECT lost_on FROM eligibility WHERE branch = '01'")" 2026-10-31 "with the new lost_on"
is "$(people)" 4 "without a second row"
is "$(notices)" 2 "and one more notice"

sql "UPDATE accounts SET notices = 0"
write "$T/upd2.csv" '06279996,1001,101,03,山田二郎,child,20200101,20200101,'
kosmoctl import-eligibility "$T/upd2.csv" > "$T/out" 2> "$T/err"
like "$(tail -n 1 "$T/err")" '1 added, 0 changed, 0 unchanged; 0 notices queued$' "notices off: a change queues none"
sql "UPDATE accounts SET notices = 1"

bad() {
    local desc=$1 want=$2 row=$3 b
    b=$(fingerprint)
    write "$T/bad.csv" '06279996,1001,101,04,山田三郎,child,20210101,20210101,' "$row"
    kosmoctl import-eligibility "$T/bad.csv" > "$T/out" 2> "$T/err"
    is "$?" 1 "$desc: refused"
    like "$(cat "$T/err")" "line 3: $want" "$desc: the line and the field are named"
    is "$(fingerprint)" "$b" "$desc: nothing written"
}
bad "too many fields" 'expected 9 fields' '06279996,1001,101,05,x,child,20210101,20210101,,extra'
bad "a wrong check digit" "insurer_number '06279990' has a wrong check digit" '06279990,1001,101,05,x,child,20210101,20210101,'
bad "an unknown member" 'member 06279996,1001,999 does not exist' '06279996,1001,999,00,x,self,20210101,20210101,'
bad "a one-digit branch" "branch '5' is not two digits" '06279996,1001,101,5,x,child,20210101,20210101,'
bad "an empty name" 'name is empty' '06279996,1001,101,05,,child,20210101,20210101,'
bad "an unknown relationship" "relationship 'cousin' is not one of" '06279996,1001,101,05,x,cousin,20210101,20210101,'
bad "self on a dependent's branch" "relationship 'self' does not fit branch '05'" '06279996,1001,101,05,x,self,20210101,20210101,'
bad "a dependent on branch 00" "relationship 'child' does not fit branch '00'" '06279996,1001,101,00,x,child,20210101,20210101,'
bad "a birth date in the future" "birth_date '20991231' is in the future" '06279996,1001,101,05,x,child,20991231,20991231,'
bad "February 30" "birth_date '20210230' is not a calendar date" '06279996,1001,101,05,x,child,20210230,20210301,'
bad "a 7-digit acquired_on" "acquired_on '2021010' is not 8 digits" '06279996,1001,101,05,x,child,20210101,2021010,'
bad "acquired before birth" "acquired_on '20201231' is before birth_date" '06279996,1001,101,05,x,child,20210101,20201231,'
bad "lost before acquired" "lost_on '20201231' is before acquired_on" '06279996,1001,101,05,x,child,20200101,20210101,20201231'
is "$(notices)" 2 "no bad file queued a notice"

done_testing
