#!/usr/bin/env bash
# t7002-household-isolation.sh: a member sees only their own household: no
# id, year or parameter in a URL (or a second session's cookie) reaches
# another household's 医療費, 資格 or 給付金 records
. "$(dirname "$0")/lib.sh"

start_stack

import_members '06279996,1001,101,山田太郎,19800401,employee' \
    '06279996,1001,102,佐藤花子,19751115,employee' || bail_out "cannot import members"
cat > "$T/claims.csv" <<'EOF2'
insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay
06279996,1001,101,R-0001,山田太郎,202604,やまだ専用病院,outpatient,2,12340,3702
06279996,1001,101,R-0002,山田花子,202503,やまだ歯科,dental,1,5600,1680
06279996,1001,102,R-0003,佐藤花子,202604,さとう医院,outpatient,1,1000,300
EOF2
kosmoctl import-expenses "$T/claims.csv" > /dev/null 2>&1 || bail_out "cannot import claims"
cat > "$T/elig.csv" <<'EOF2'
insurer_number,symbol,number,branch,name,relationship,birth_date,acquired_on,lost_on
06279996,1001,101,00,山田太郎,self,19800401,20020401,
06279996,1001,101,01,山田花子,spouse,19820505,20100601,
06279996,1001,102,00,佐藤花子,self,19751115,19980401,
EOF2
kosmoctl import-eligibility "$T/elig.csv" > /dev/null 2>&1 || bail_out "cannot import eligibility"
cat > "$T/benefits.csv" <<'EOF2'
insurer_number,symbol,number,decision_id,patient_name,kind,service_month,decided_on,paid_on,amount
06279996,1001,101,D-0001,山田太郎,high_cost,202603,20260415,20260430,55555
06279996,1001,102,D-0002,佐藤花子,medical_cost,202603,20260415,,4321
EOF2
kosmoctl import-benefits "$T/benefits.csv" > /dev/null 2>&1 || bail_out "cannot import benefits"

register_member 1001 101 19800401 yamada0101 yamada0101pw yamada@example.co.jp || bail_out "cannot register yamada"
yamada_cookie=$(cookie kosmo_session)
register_member 1001 102 19751115 sato000102 sato0102pwx sato@example.co.jp || bail_out "cannot register sato"

yamada_id=$(sql "SELECT id FROM members WHERE number = '101'")
yamada_account=$(sql "SELECT id FROM accounts WHERE user_id = 'yamada0101'")
leaks='やまだ|山田|12,340|12340|5,600|55,555|55555'

get /expenses
like "$BODY" 'さとう医院' "佐藤 sees her own claim"
unlike "$BODY" "$leaks" "and none of 山田's household"

get /benefits
like "$BODY" '4,321円' "佐藤 sees her own benefit decision"
unlike "$BODY" "$leaks" "and none of 山田's household"

mapfile -t tries < <(household_probes "$yamada_id" "$yamada_account" 06279996 1001 101 2026 D-0001)
shows_none_of "$leaks" "${tries[@]}"

curl -s -b "$JAR" -H "Cookie: kosmo_member=$yamada_id" -o "$T/x.csv" "$BASE/expenses/csv?year=2026"
unlike "$(cat "$T/x.csv")" "$leaks" "an extra cookie naming 山田 changes nothing"
curl -s -b "$JAR" -X POST -d "number=101&year=2026" -o "$T/post.html" "$BASE/expenses"
unlike "$(cat "$T/post.html")" "$leaks" "nor a POST with 山田's number"

get /eligibility
like "$BODY" '佐藤花子\(本人\)' "佐藤's 資格情報 shows her"
unlike "$BODY" '山田' "and nobody of 山田's household"

# The other member's own session, from the same browser, sees only theirs.
use_session "$yamada_cookie"
get /expenses
like "$BODY" 'やまだ専用病院' "山田's session shows 山田's claims"
unlike "$BODY" 'さとう' "and none of 佐藤's"
get /benefits/notice?id=D-0002
is "$STATUS" 404 "nor 佐藤's 支給決定通知書"
get /benefits/notice?id=D-0001
like "$BODY" '55,555円' "while 山田's own opens"

done_testing
