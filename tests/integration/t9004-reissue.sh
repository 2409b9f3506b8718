#!/usr/bin/env bash
# t9004-reissue.sh: kosmoctl reissue: new temporary credentials, the old ones
# and their sessions dead, refused for a registered member and, with
# --society, for a member of another society
. "$(dirname "$0")/lib.sh"

start_stack
import_members '06279996,4001,1,伊藤一,19800101,employee' '06279996,4001,2,伊藤二,19810202,overseas' \
    || bail_out "import failed"
read -r OLD_ID OLD_PW <<< "$(credentials 4001 1)"
m1=$(sql "SELECT id FROM members WHERE number = '1'")

like "$(kosmoctl reissue --help)" '^usage: kosmoctl .*reissue' "--help explains reissue"
kosmoctl reissue > /dev/null 2>&1
is "$?" 2 "reissue without a member is a usage error"
kosmoctl reissue --member 06279996,4001,1 --temp-user-id "$OLD_ID" > /dev/null 2>&1
is "$?" 2 "two ways at once is a usage error"
kosmoctl reissue --member 06279996,4001,9 > /dev/null 2> "$T/err"
is "$?" 1 "an unknown member fails"
like "$(cat "$T/err")" "no member '06279996,4001,9'" "and says so"

# The member has a session from the old credentials, two failures and a lock.
login_member 4001 1
is "$LOCATION" /verify "the old credentials log in before the reissue"
sql "UPDATE temp_credentials SET login_failures = 2, locked_until = NOW(6) + INTERVAL 30 MINUTE WHERE member_id = $m1"

kosmoctl reissue --member '０６２７９９９６,4001,1' > "$T/new.csv" 2> "$T/err"
is "$?" 0 "reissue by member key (full-width digits) succeeds"
is "$(head -n 1 "$T/new.csv")" "insurer_number,symbol,number,name,temp_user_id,temp_password" \
    "it prints the credentials CSV header"
is "$(wc -l < "$T/new.csv" | tr -d ' ')" 2 "and one member"
IFS=, read -r ins sym num name NEW_ID NEW_PW <<< "$(tail -n 1 "$T/new.csv")"
is "$ins,$sym,$num,$name" "06279996,4001,1,伊藤一" "the member's key and name"
like "$NEW_ID" '^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{4}-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{4}$' "a new temporary ID of the usual form"
like "$NEW_PW" '^[abcdefghijkmnpqrstuvwxyz23456789]{12}$' "a new 12-character temporary password"
isnt "$NEW_ID" "$OLD_ID" "the ID is new"
like "$(cat "$T/err")" "reissued the temporary credentials of member 06279996,4001,1 \(伊藤一\): $NEW_ID replaces $OLD_ID" \
    "it says what it did"
is "$(sql "SELECT login_failures, locked_until IS NULL, retired_at IS NULL FROM temp_credentials WHERE member_id = $m1")" \
    "$(printf '0\t1\t1')" "the failure count and lock are cleared"
is "$(sql "SELECT login_id, detail LIKE 'previous=$OLD_ID sessions_ended=1 operator=%' FROM audit_events WHERE event = 'reissue'")" \
    "$(printf '%s\t1' "$NEW_ID")" "the reissue is audited with the new and the old ID"

get /verify
like "$LOCATION" '^/login' "the session opened with the old credentials has ended"
new_session
get /login
post /login user_id="$OLD_ID" password="$OLD_PW"
is "$STATUS" 200 "the old credentials no longer log in"
like "$BODY" 'ユーザIDまたはパスワードが正しくありません' "with the generic message"
post /login user_id="$NEW_ID" password="$NEW_PW"
is "$LOCATION" /verify "the new credentials log in"

# --out, and by temporary ID in any case.
(umask 022 && kosmoctl reissue --temp-user-id "$(printf '%s' "$NEW_ID" | tr 'A-Z' 'a-z')" --out "$T/out.csv" \
    > "$T/stdout" 2> "$T/err")
is "$?" 0 "reissue by temporary ID (any case) with --out succeeds"
is "$(stat -c %a "$T/out.csv")" 600 "the file has mode 0600"
is "$(cat "$T/stdout")" "" "nothing goes to stdout"
like "$(cat "$T/err")" "credentials written to '$T/out.csv'" "it names the file"
IFS=, read -r _ _ _ _ ID3 PW3 <<< "$(tail -n 1 "$T/out.csv")"
is "$(sql "SELECT temp_user_id FROM temp_credentials WHERE member_id = $m1")" "$ID3" "the file holds the credentials in force"
kosmoctl reissue --member 06279996,4001,1 --out "$T/out.csv" > /dev/null 2> "$T/err"
is "$?" 1 "an existing --out file is refused"
like "$(cat "$T/err")" "exists already" "and says so"
is "$(sql "SELECT temp_user_id FROM temp_credentials WHERE member_id = $m1")" "$ID3" "and nothing changed"
new_session
get /login
post /login user_id="$NEW_ID" password="$NEW_PW"
is "$STATUS" 200 "the second reissue ended the first one's credentials"
post /login user_id="$ID3" password="$PW3"
is "$LOCATION" /verify "and its own log in"

# A member who registered keeps the retired credentials.
verify_member 19800101
enter_registration ito00001 'Ito1passw0rd' ito@example.co.jp
post /register/execute
is "$LOCATION" /register/done "the member registers"
retired=$(sql "SELECT temp_user_id, retired_at FROM temp_credentials WHERE member_id = $m1")
kosmoctl reissue --member 06279996,4001,1 --out "$T/late.csv" > "$T/stdout" 2> "$T/err"
is "$?" 1 "reissue is refused for a registered member"
like "$(cat "$T/err")" "member 06279996,4001,1 \(伊藤一\) has registered already" "and says why"
is "$(sql "SELECT temp_user_id, retired_at FROM temp_credentials WHERE member_id = $m1")" "$retired" \
    "the retired credentials are untouched"
ok "no credentials file is left behind" test ! -e "$T/late.csv"
kosmoctl reissue --temp-user-id "$ID3" > /dev/null 2>&1
is "$?" 1 "and by the retired temporary ID too"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'reissue'")" 2 "refusals are not audited as reissues"

# --- --society: a member of another society is refused -------------------------------------------

import_members '06130017,4101,1,港一,19900101,employee' || bail_out "import failed"
read -r MINATO_ID _ <<< "$(credentials 4101 1)"
kosmoctl reissue --member 06130017,4101,1 --society 06279996 > "$T/stdout" 2> "$T/err"
is "$?" 1 "--member of another society than --society's is refused"
like "$(cat "$T/err")" "member 06130017,4101,1 is not of society 06279996; nothing reissued" "saying so"
is "$(cat "$T/stdout")" "" "and writes no credentials"
kosmoctl reissue --temp-user-id "$MINATO_ID" --society 06279996 --out "$T/minato.csv" > /dev/null 2> "$T/err"
is "$?" 1 "so is --temp-user-id of another society's member"
like "$(cat "$T/err")" "member 06130017,4101,1 \(港一\) is not of society 06279996; nothing reissued" "saying so"
ok "no credentials file is written" test ! -e "$T/minato.csv"
is "$(sql "SELECT temp_user_id FROM temp_credentials t JOIN members m ON m.id = t.member_id WHERE m.insurer_number = '06130017'")" \
    "$MINATO_ID" "the member's credentials are unchanged"
kosmoctl reissue --member 06130017,4101,1 --society 0613001 > /dev/null 2> "$T/err"
is "$?" 2 "a malformed --society is a usage error"
like "$(cat "$T/err")" "--society '0613001' is not an insurer number" "saying so"
kosmoctl reissue --member 06130017,4101,1 --society 12345674 > /dev/null 2> "$T/err"
is "$?" 1 "an insurer number that is not a society is refused"
like "$(cat "$T/err")" "--society 12345674 is not a society" "saying so"
kosmoctl reissue --member 06130017,4101,1 --society 06130017 > "$T/minato.csv" 2> "$T/err"
is "$?" 0 "--society of the member's own society reissues"
IFS=, read -r ins _ _ _ MINATO_NEW _ <<< "$(tail -n 1 "$T/minato.csv")"
is "$ins" 06130017 "the member's credentials"
isnt "$MINATO_NEW" "$MINATO_ID" "with a new ID"
is "$(sql "SELECT COUNT(*) FROM audit_events WHERE event = 'reissue'")" 3 "only the reissue done is audited"
like "$(kosmoctl reissue --help)" '--society INSURER_NUMBER +refuse a member of another society' \
    "reissue --help documents --society"

done_testing
