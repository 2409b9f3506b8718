#!/usr/bin/env bash
# t9001-import.sh: kosmoctl import-members: credentials issued once, re-import
# updates without duplicates, a bad row writes nothing
. "$(dirname "$0")/lib.sh"

start_stack

header=insurer_number,symbol,number,name,birth_date,category
count() { sql "SELECT COUNT(*) FROM $1"; }

# --- a first import (BOM, CRLF, a quoted name with a comma) ---------------------------

{
    printf '\xef\xbb\xbf'
    printf '%s\r\n' "$header" \
        '06279996,1001,101,山田太郎,19800401,employee' \
        '06279996,1001,102,"佐藤, 花子",19751115,overseas' \
        '０６２７９９９６,2002,15,鈴木一郎,19550220,voluntary'
} > "$T/members.csv"

kosmoctl import-members "$T/members.csv" --out "$T/cred1.csv" > "$T/out" 2> "$T/err"
is "$?" 0 "the import succeeds"
like "$(cat "$T/err")" '^imported 3 members \(3 new, 0 updated\), issued 3 credentials$' "it prints the summary"
is "$(cat "$T/out")" "" "nothing on stdout with --out"
is "$(count members)" 3 "three members are stored"
is "$(count temp_credentials)" 3 "each got temporary credentials"
is "$(sql "SELECT name FROM members WHERE number = '102'")" "佐藤, 花子" "a quoted field keeps its comma"
is "$(sql "SELECT DATE_FORMAT(birth_date, '%Y%m%d') FROM members WHERE number = '15'")" 19550220 \
    "the birth date is stored"
is "$(sql "SELECT COUNT(*) FROM members WHERE insurer_number = '06279996'")" 3 \
    "a full-width insurer number is stored in ASCII"

# --- the credentials file ---------------------------------------------------------------

ok "the credentials file exists" test -f "$T/cred1.csv"
is "$(stat -c %a "$T/cred1.csv")" 600 "it is readable by its owner only"
is "$(ls "$T" | grep -c 'cred1.csv.tmp')" 0 "no temporary file is left next to it"
is "$(head -n 1 "$T/cred1.csv")" "insurer_number,symbol,number,name,temp_user_id,temp_password" \
    "it starts with the header"
is "$(tail -n +2 "$T/cred1.csv" | wc -l | tr -d ' ')" 3 "it has one line per issued credential"
like "$(cat "$T/cred1.csv")" '^06279996,1001,102,"佐藤, 花子",' "a name with a comma is quoted"
ids=$(tail -n +2 "$T/cred1.csv" | awk -F, '{ print $(NF - 1) }')
passwords=$(tail -n +2 "$T/cred1.csv" | awk -F, '{ print $NF }')
is "$(printf '%s\n' "$ids" | grep -cE '^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{4}-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{4}$')" 3 \
    "temporary IDs have the form XXXX-XXXX from the unambiguous alphabet"
is "$(printf '%s\n' "$passwords" | grep -cE '^[abcdefghijkmnpqrstuvwxyz23456789]{12}$')" 3 \
    "temporary passwords have 12 characters from their alphabet"
is "$(printf '%s\n' "$ids" | sort -u | wc -l | tr -d ' ')" 3 "the IDs differ"
is "$(sql "SELECT temp_user_id FROM temp_credentials ORDER BY temp_user_id")" "$(printf '%s\n' "$ids" | sort)" \
    "the file holds the stored IDs"
is "$(sql "SELECT COUNT(*) FROM temp_credentials WHERE password_hash LIKE '\$scrypt\$ln=10,r=1,p=1\$%'")" 3 \
    "only scrypt hashes are stored (at the temp_password_scrypt cost)"
first_pw=$(printf '%s\n' "$passwords" | head -n 1)
is "$(sql "SELECT COUNT(*) FROM temp_credentials WHERE password_hash LIKE '%$first_pw%'")" 0 \
    "no plain password is in the database"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'import' AND detail LIKE '%members=3 new=3 credentials=3%'")" 1 \
    "the import is an audit event"

# --- re-import: updates, no duplicates, no new credentials --------------------------------

before_ids=$(sql "SELECT member_id, temp_user_id, password_hash FROM temp_credentials ORDER BY member_id")
printf '%s\n' "$header" \
    '06279996,1001,101,山田 太郎,19800402,leave' \
    '06279996,1001,102,"佐藤, 花子",19751115,overseas' \
    '06279996,2002,15,鈴木一郎,19550220,voluntary' > "$T/members2.csv"
kosmoctl import-members "$T/members2.csv" --out "$T/cred2.csv" > /dev/null 2> "$T/err"
is "$?" 0 "a re-import succeeds"
like "$(cat "$T/err")" '^imported 3 members \(0 new, 3 updated\), issued 0 credentials$' \
    "it reports updates and no new credentials"
is "$(count members)" 3 "no member is duplicated"
is "$(sql "SELECT name, DATE_FORMAT(birth_date, '%Y%m%d'), category FROM members WHERE number = '101'")" \
    "$(printf '山田 太郎\t19800402\tleave')" "the changed member is updated"
is "$(sql "SELECT member_id, temp_user_id, password_hash FROM temp_credentials ORDER BY member_id")" "$before_ids" \
    "existing credentials are kept as they were"
is "$(cat "$T/cred2.csv")" "insurer_number,symbol,number,name,temp_user_id,temp_password" \
    "the credentials file holds only the header"

# A registered member (retired credentials) gets none either; a new member does.
sql "UPDATE temp_credentials SET retired_at = NOW(6) WHERE member_id = (SELECT id FROM members WHERE number = '15')"
printf '%s\n' "$header" \
    '06279996,2002,15,鈴木一郎,19550220,voluntary' \
    '06279996,2002,16,鈴木二郎,19580301,employee' > "$T/members3.csv"
kosmoctl import-members "$T/members3.csv" > "$T/out" 2> "$T/err"
is "$?" 0 "an import without --out succeeds"
like "$(cat "$T/err")" '^imported 2 members \(1 new, 1 updated\), issued 1 credentials$' \
    "only the new member is issued credentials"
is "$(tail -n +2 "$T/out" | cut -d, -f1-4)" "06279996,2002,16,鈴木二郎" \
    "without --out the credentials go to stdout"
is "$(count temp_credentials)" 4 "four credentials in all"

# --- a bad row: reported with its line number, nothing written ------------------------------

members_before=$(count members)
temp_before=$(count temp_credentials)
printf '%s\n' "$header" \
    '06279996,3003,1,新井一,19700101,employee' \
    '06279996,3003,2,新井二,19801332,employee' \
    '06279996,3003,3,新井三,19700101,employee' \
    '06279996,3003,4,新井四,19700101,astronaut' > "$T/bad.csv"
kosmoctl import-members "$T/bad.csv" --out "$T/cred-bad.csv" > "$T/out" 2> "$T/err"
is "$?" 1 "an import with bad rows fails"
like "$(cat "$T/err")" "line 3: birth_date '19801332' is not a calendar date" "the bad date is reported with its line"
like "$(cat "$T/err")" "line 5: category 'astronaut'" "every bad row is reported"
like "$(cat "$T/err")" "nothing was imported" "it says nothing was imported"
is "$(count members)" "$members_before" "no member of the file was written"
is "$(count temp_credentials)" "$temp_before" "no credentials were issued"
ok "no credentials file was written" test ! -e "$T/cred-bad.csv"
is "$(ls "$T" | grep -c 'cred-bad')" 0 "nor a temporary one"

printf '%s\n' 'insurer_number,symbol,number,name,birth_date' '06279996,3003,1,新井一,19700101' > "$T/bad-header.csv"
kosmoctl import-members "$T/bad-header.csv" > /dev/null 2> "$T/err"
is "$?" 1 "a wrong header fails"
like "$(cat "$T/err")" "line 1: the header must be" "and says what the header must be"

printf '%s\n' "$header" '06279996,3003,1,"unclosed,19700101,employee' > "$T/bad-quote.csv"
kosmoctl import-members "$T/bad-quote.csv" > /dev/null 2> "$T/err"
is "$?" 1 "a broken quote fails"
like "$(cat "$T/err")" "line 2: quoted field is not closed" "with its line"

printf '%s\n' "$header" '01234566,3003,1,他組合,19700101,employee' > "$T/other.csv"
kosmoctl import-members "$T/other.csv" > /dev/null 2> "$T/err"
is "$?" 1 "another society's insurer number fails"
is "$(count members)" "$members_before" "and writes nothing"

# --- the --out file is never overwritten ---------------------------------------------------------

echo keep > "$T/exists.csv"
printf '%s\n' "$header" '06279996,3003,9,新井九,19700101,employee' > "$T/one.csv"
kosmoctl import-members "$T/one.csv" --out "$T/exists.csv" > /dev/null 2> "$T/err"
is "$?" 1 "an existing --out file is refused"
is "$(cat "$T/exists.csv")" keep "and left as it was"
is "$(count members)" "$members_before" "before anything was imported"

# --- usage -----------------------------------------------------------------------------------

kosmoctl import-members > /dev/null 2>&1
is "$?" 2 "a missing file is a usage error"
kosmoctl import-members --bogus "$T/one.csv" > /dev/null 2>&1
is "$?" 2 "an unknown option is a usage error"
like "$(kosmoctl import-members --help)" '^usage: kosmoctl .*import-members FILE.csv' "--help explains the subcommand"
kosmoctl import-members "$T/no-such-file.csv" > /dev/null 2> "$T/err"
is "$?" 1 "a missing input file fails"
like "$(cat "$T/err")" "cannot open '.*no-such-file.csv'" "and names it"

done_testing
