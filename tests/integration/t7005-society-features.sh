#!/usr/bin/env bash
# t7005-society-features.sh: what each society sets for its own members
# only: the portal pages it offers (a page that is off is not in the menu
# and its URL answers as if it did not exist), its own terms of use (step 2,
# /terms, the required action at the login, the consents), the imports'
# rows of unknown or other societies (bad rows, nothing written), and two
# societies' imports at once issuing temporary IDs unique across the site
. "$(dirname "$0")/lib.sh"

start_stack

SAMPLE=06279996 MINATO=06130017
import_members "$SAMPLE,1001,101,山田太郎,19800401,employee" "$SAMPLE,1001,102,佐藤花子,19751115,employee" \
    "$MINATO,7,31,中村健,19681203,employee" "$MINATO,7,32,小林直子,19890917,employee" ||
    bail_out "cannot import members"
register_member 1001 101 19800401 yamada0101 Yamada0101pw yamada@example.co.jp "$SAMPLE" || bail_out "cannot register yamada0101"
sample_token=$(cookie kosmo_session)
register_member 7 31 19681203 nakamura01 Nakamura01pw nakamura@example.net "$MINATO" || bail_out "cannot register nakamura01"
minato_token=$(cookie kosmo_session)

# --- the pages a society offers ------------------------------------------------------------------

menu_links() { grep -oE '<a class="menu-item" href="[^"]*">[^<]*</a>' <<< "$BODY" | sed -E 's/.*">([^<]*)<.*/\1/' | tr '\n' ' '; }
# The portal's own answer to a path below it that it does not route.
use_session "$minato_token"
get /eligibility/no-such-page
unknown="$STATUS $BODY"
is "$STATUS" 404 "a portal path no program routes answers 404"

# absent PATH DESC: PATH answers exactly as the unrouted path does.
absent() {
    get "$1"
    is "$STATUS $BODY" "$unknown" "$2: GET $1 answers as a URL that does not exist (404, the same page)"
}

use_session "$minato_token"
get /menu
is "$(menu_links)" "医療費情報 資格情報 給付金のお知らせ 登録情報の変更 " "$MINATO's menu offers every page by default"
kosmoctl society set "$MINATO" --features expenses > "$T/out" 2>&1
is "$?" 0 "kosmoctl society set $MINATO --features expenses"
get /menu
is "$(menu_links)" "医療費情報 登録情報の変更 " "the same session's menu now offers 医療費情報 and 登録情報の変更 only"
absent /eligibility "$MINATO without eligibility"
get /expenses
is "$STATUS" 200 "医療費情報 still opens"
use_session "$sample_token"
get /menu
is "$(menu_links)" "医療費情報 資格情報 給付金のお知らせ 登録情報の変更 " "$SAMPLE's members still see 資格情報"
get /eligibility
is "$STATUS" 200 "and open it"

kosmoctl society set "$MINATO" --features '' > "$T/out" 2>&1
is "$?" 0 "kosmoctl society set $MINATO --features ''"
use_session "$minato_token"
get /menu
is "$(menu_links)" "登録情報の変更 " "with no feature the menu offers 登録情報の変更 only"
for path in /expenses /expenses/csv '/expenses?year=2026' /eligibility /benefits; do
    absent "$path" "$MINATO without features"
done
get /settings
is "$STATUS" 200 "登録情報の変更 still opens"
use_session "$sample_token"
get /expenses
is "$STATUS" 200 "$SAMPLE's 医療費情報 still opens"

kosmoctl society set "$MINATO" --features expenses,eligibility,benefits > "$T/out" 2>&1
is "$?" 0 "kosmoctl society set $MINATO --features expenses,eligibility,benefits"
use_session "$minato_token"
get /menu
is "$(menu_links)" "医療費情報 資格情報 給付金のお知らせ 登録情報の変更 " "turned on again, the menu offers every page"
for path in /expenses /eligibility; do
    get "$path"
    is "$STATUS" 200 "and GET $path opens again"
done

# --- a society's own terms of use ----------------------------------------------------------------

consents() {  # consents INSURER:SYMBOL:NUMBER: "version,source" of each consent
    kosmoctl consents --member "$1" | tail -n +2 | cut -d, -f2,4 | tr '\n' ' '
}
log_in() {  # log_in USER_ID PASSWORD
    new_session
    login_permanent "$1" "$2"
}
printf '第1条(みなと)\nみなと独自の規約本文です。\n' > "$T/minato.txt"
kosmoctl publish-terms --society "$MINATO" M-2026 "$T/minato.txt" > "$T/out" 2>&1
is "$?" 0 "kosmoctl publish-terms --society $MINATO M-2026"

new_session
login_member 7 32 "$MINATO"
get /verify
like "$BODY" '版: M-2026' "step 2 of a member of $MINATO names its version"
get /terms
like "$BODY" 'みなと独自の規約本文です' "/terms shows that member its society's text"
like "$BODY" '版: M-2026' "and version"
verify_member 19890917 "$MINATO"
is "$LOCATION" /register "the member passes step 2"
is "$(consents "$MINATO:7:32")" "M-2026,verify " "the consent records $MINATO's version"

new_session
login_member 1001 102 "$SAMPLE"
get /verify
like "$BODY" '版: 2022-03' "step 2 of a member of $SAMPLE names the site's version"
get /terms
unlike "$BODY" 'みなと独自|M-2026' "/terms shows $SAMPLE's member nothing of $MINATO's terms"
verify_member 19751115 "$SAMPLE"
is "$(consents "$SAMPLE:1001:102")" "2022-03,verify " "the consent records the site's version"
new_session
get /terms
unlike "$BODY" 'みなと独自|M-2026' "nor does /terms without a session"

use_session "$minato_token"
get /terms
like "$BODY" 'みなと独自の規約本文です' "a logged-in member of $MINATO reads its terms at /terms"
log_in nakamura01 Nakamura01pw
is "$LOCATION" /terms/new "the next login of a member of $MINATO asks for consent to them"
follow
like "$BODY" 'みなと独自の規約本文です' "the page shows $MINATO's text"
like "$BODY" '版: M-2026' "and version"
post /terms/new agree=1
is "$LOCATION" /menu "consent leads to the menu"
is "$(consents "$MINATO:7:31")" "2022-03,verify M-2026,login " "the consents record both versions"
log_in yamada0101 Yamada0101pw
is "$LOCATION" /menu "a member of $SAMPLE is asked nothing"

printf '第1条\nサイトの新しい規約です。\n' > "$T/site.txt"
kosmoctl publish-terms S-2026 "$T/site.txt" > /dev/null 2>&1 || bail_out "cannot publish the site's terms"
log_in yamada0101 Yamada0101pw
is "$LOCATION" /terms/new "new site terms: a member of $SAMPLE is asked at the login"
follow
like "$BODY" 'サイトの新しい規約です' "to consent to the site's text"
unlike "$BODY" 'みなと独自|M-2026' "nothing of $MINATO's"
log_in nakamura01 Nakamura01pw
is "$LOCATION" /menu "a member of $MINATO is not: its society's own terms stay in force"
get /terms
like "$BODY" 'みなと独自の規約本文です' "and /terms still shows them"

# --- imports: rows of a society that is not the site's, or not --society's -----------------------

written() {
    sql "SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM temp_credentials),
                (SELECT COUNT(*) FROM expense_claims), (SELECT COUNT(*) FROM eligibility),
                (SELECT COUNT(*) FROM mail_outbox)"
}
members_csv() { echo "insurer_number,symbol,number,name,birth_date,category"; printf '%s\n' "$@"; }
claims_csv() {
    echo "insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay"
    printf '%s\n' "$@"
}
elig_csv() { echo "insurer_number,symbol,number,branch,name,relationship,birth_date,acquired_on,lost_on"; printf '%s\n' "$@"; }
# refused WHY DESC COMMAND...: COMMAND fails saying WHY, and nothing is written.
refused() {
    local why=$1 desc=$2 before rc
    shift 2
    before=$(written)
    "$@" > "$T/out" 2>&1
    rc=$?
    is "$rc" 1 "$desc is refused"
    like "$(cat "$T/out")" "$why" "saying why"
    is "$(written)" "$before" "and nothing is written"
}

# 01234566 has a valid check digit, and no society.
members_csv '06279996,1001,103,高橋美咲,19920708,employee' '01234566,1,1,他組合,19700101,employee' > "$T/m1.csv"
refused "line 3: .*'01234566' is not a society" "import-members with a row of an unknown insurer" \
    kosmoctl import-members "$T/m1.csv" --out "$T/m1.out"
claims_csv "$SAMPLE,1001,101,U-1,山田太郎,202604,あおい病院,outpatient,1,1000,300" \
    "01234566,1001,101,U-2,山田太郎,202604,あおい病院,outpatient,1,1000,300" > "$T/c1.csv"
refused "'01234566' is not a society" "import-expenses with a row of an unknown insurer" kosmoctl import-expenses "$T/c1.csv"
elig_csv "$SAMPLE,1001,101,00,山田太郎,self,19800401,20020401," "01234566,1001,101,00,山田太郎,self,19800401,20020401," > "$T/e1.csv"
refused "'01234566' is not a society" "import-eligibility with a row of an unknown insurer" kosmoctl import-eligibility "$T/e1.csv"

members_csv "$SAMPLE,1001,103,高橋美咲,19920708,employee" "$MINATO,7,33,木村一郎,19700101,employee" > "$T/m2.csv"
refused "line 3: .*'$MINATO' is not the society of --society \\($SAMPLE\\)" \
    "import-members --society $SAMPLE with a row of $MINATO" \
    kosmoctl import-members "$T/m2.csv" --society "$SAMPLE" --out "$T/m2.out"
claims_csv "$SAMPLE,1001,101,U-1,山田太郎,202604,あおい病院,outpatient,1,1000,300" \
    "$MINATO,7,31,U-2,中村健,202604,くじら医院,outpatient,1,1000,300" > "$T/c2.csv"
refused "'$MINATO' is not the society of --society" "import-expenses --society $SAMPLE with a row of $MINATO" \
    kosmoctl import-expenses --society "$SAMPLE" "$T/c2.csv"
elig_csv "$SAMPLE,1001,101,00,山田太郎,self,19800401,20020401," "$MINATO,7,31,00,中村健,self,19681203,19900401," > "$T/e2.csv"
refused "'$MINATO' is not the society of --society" "import-eligibility --society $SAMPLE with a row of $MINATO" \
    kosmoctl import-eligibility --society "$SAMPLE" "$T/e2.csv"

claims_csv "$MINATO,7,31,U-2,中村健,202604,くじら医院,outpatient,1,1000,300" > "$T/c3.csv"
kosmoctl import-expenses --society "$MINATO" "$T/c3.csv" > "$T/out" 2>&1
is "$?" 0 "import-expenses --society $MINATO takes a file of $MINATO's rows"

# --- two societies' member lists at once ---------------------------------------------------------

for insurer in "$SAMPLE" "$MINATO"; do
    {
        echo "insurer_number,symbol,number,name,birth_date,category"
        for ((i = 1; i <= 300; i++)); do echo "$insurer,9$((i % 7)),$i,会員$i,19700$((i % 9 + 1))15,employee"; done
    } > "$T/wave-$insurer.csv"
done
kosmoctl import-members "$T/wave-$SAMPLE.csv" --society "$SAMPLE" --out "$T/cred-$SAMPLE.csv" > "$T/wave-$SAMPLE.log" 2>&1 &
first=$!
kosmoctl import-members "$T/wave-$MINATO.csv" --society "$MINATO" --out "$T/cred-$MINATO.csv" > "$T/wave-$MINATO.log" 2>&1 &
second=$!
wait "$first"
rc1=$?
wait "$second"
rc2=$?
is "$rc1 $rc2" "0 0" "two imports of 300 members, one per society, run at once"
[ "$rc1 $rc2" = "0 0" ] || sed 's/^/# /' "$T/wave-$SAMPLE.log" "$T/wave-$MINATO.log"
issued=$(tail -q -n +2 "$T/cred-$SAMPLE.csv" "$T/cred-$MINATO.csv" | cut -d, -f5 | tr 'a-z' 'A-Z' | LC_ALL=C sort)
is "$(wc -l <<< "$issued" | tr -d ' ')" 600 "their credentials files hold 600 temporary IDs"
is "$(uniq <<< "$issued" | wc -l | tr -d ' ')" 600 "all distinct (in any case)"
is "$(sql "SELECT COUNT(*), COUNT(DISTINCT UPPER(temp_user_id)) FROM temp_credentials")" "$((600 + 4))	$((600 + 4))" \
    "and the database's temporary IDs, these with the earlier members', are distinct"
is "$(sql "SELECT UPPER(t.temp_user_id) FROM temp_credentials t JOIN members m ON m.id = t.member_id
           WHERE m.symbol LIKE '9%'" | LC_ALL=C sort)" "$issued" "the files hold the IDs the database has"

done_testing
