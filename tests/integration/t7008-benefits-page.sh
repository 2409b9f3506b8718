#!/usr/bin/env bash
# t7008-benefits-page.sh: 給付金のお知らせ against the household's decisions:
# the menu's link, a year's decisions newest first in the columns and
# formats of SPEC (支払予定 while unpaid), the other years, the empty state,
# each decision's printable 支給決定通知書; another household's or
# society's decisions never shown whatever the URL names (IDs, years), a
# bad year or ID the not-found page; the feature off answers 404 with no
# menu link; a session at the code step, or none, opens nothing
. "$(dirname "$0")/lib.sh"

start_stack

SAMPLE=06279996 MINATO=06130017
# 中村's household has 山田's symbol and number in another society.
import_members "$SAMPLE,1001,101,山田太郎,19800401,employee" "$SAMPLE,1001,102,佐藤花子,19751115,employee" \
    "$SAMPLE,1001,103,高橋美咲,19920708,employee" "$MINATO,1001,101,中村健,19681203,employee" ||
    bail_out "cannot import members"

# K-2026-0003 is a decision ID of both societies.
cat > "$T/benefits.csv" <<EOF2
insurer_number,symbol,number,decision_id,patient_name,kind,service_month,decided_on,paid_on,amount
$SAMPLE,1001,101,K-2026-0002,山田太郎,high_cost,202602,20260415,20260430,12340
$SAMPLE,1001,101,K-2026-0001,山田花子,additional,202602,20260415,,2000
$SAMPLE,1001,101,K-2026-0003,山田太郎,sickness,,20260601,,1234567
$SAMPLE,1001,101,K-2025-0009,山田花子,childbirth,,20251120,20251205,500000
$SAMPLE,1001,101,K-2023-0001,山田一郎,medical_cost,202211,20230110,20230210,0
$SAMPLE,1001,102,S-2026-0001,佐藤花子,high_cost,202603,20260415,20260501,77777
$MINATO,1001,101,M-2024-0001,中村健,funeral,,20240505,20240520,50000
$MINATO,1001,101,K-2026-0003,中村健,maternity,,20260303,,88888
EOF2
kosmoctl import-benefits "$T/benefits.csv" > "$T/import.out" 2>&1 ||
    { sed 's/^/# /' "$T/import.out"; bail_out "cannot import the decisions"; }

register_member 1001 101 19800401 yamada0101 Yamada0101pw yamada@example.co.jp "$SAMPLE" || bail_out "cannot register yamada"
yamada=$(cookie kosmo_session)
register_member 1001 102 19751115 sato000102 Sato00102pw sato@example.co.jp "$SAMPLE" || bail_out "cannot register sato"
sato=$(cookie kosmo_session)
register_member 1001 103 19920708 takahashi1 Takahashi1pw takahashi@example.co.jp "$SAMPLE" || bail_out "cannot register takahashi"
takahashi=$(cookie kosmo_session)
register_member 1001 101 19681203 nakamura01 Nakamura01pw nakamura@example.net "$MINATO" || bail_out "cannot register nakamura"
nakamura=$(cookie kosmo_session)

# The texts of one column (its <dd>s) or of the card titles, in page order.
column() { grep -oE "<div><dt>$1</dt><dd>[^<]*</dd></div>" <<< "$BODY" | sed -E 's/.*<dd>([^<]*)<.*/\1/' | tr '\n' ' '; }
cards() { grep -oE '<h3 class="card-title"[^>]*>[^<]*</h3>' <<< "$BODY" | sed -E 's/.*">([^<]*)<.*/\1/' | tr '\n' '/'; }
# The portal's own answer to a path it does not route.
get /menu/no-such-page
unknown="$STATUS $BODY"
is "$STATUS" 404 "a portal path no program routes answers 404"
not_found() {  # not_found PATH DESC: PATH answers as the unrouted path does
    get "$1"
    is "$STATUS $BODY" "$unknown" "$2: GET $1 is the not-found page"
}

# --- the page ------------------------------------------------------------------------------------

use_session "$yamada"
get /menu
like "$BODY" '<a class="menu-item" href="/benefits">給付金のお知らせ</a>' "the menu links 給付金のお知らせ"

get /benefits
is "$STATUS" 200 "GET /benefits answers"
like "$BODY" '<h1>給付金のお知らせ</h1>' "titled 給付金のお知らせ"
names_society "$SAMPLE" "the page"
like "$BODY" '2026年に支給を決定した給付金です' "it shows the newest year with decisions: 2026"
is "$(cards)" "2026年6月1日 傷病手当金/2026年4月15日 付加金/2026年4月15日 高額療養費/" \
    "newest first, one date's decisions by ID"
is "$(column 決定日)" "2026年6月1日 2026年4月15日 2026年4月15日 " "決定日"
is "$(column 給付の種類)" "傷病手当金 付加金 高額療養費 " "給付の種類"
is "$(column 受診者)" "山田太郎 山田花子 山田太郎 " "受診者, the dependents too"
is "$(column 対象診療月)" "― 2026年2月 2026年2月 " "対象診療月 (― when not tied to a month)"
is "$(column 支給額)" "1,234,567円 2,000円 12,340円 " "支給額 in yen with thousands separators"
is "$(column 支払日)" "支払予定 支払予定 2026年4月30日 " "支払日, 支払予定 while unpaid"
like "$BODY" '<h2>2026年の支給決定\(3件\)</h2>' "the year's count"
is "$(grep -oE '<a href="/benefits/notice\?id=[^"]*"[^>]*>支給決定通知書</a>' <<< "$BODY" |
    sed -E 's/.*id=([^"]*)".*/\1/' | tr '\n' ' ')" "K-2026-0003 K-2026-0001 K-2026-0002 " \
    "each decision links its 支給決定通知書"
like "$BODY" '<span aria-current="page">2026年</span>' "2026 is the current year"
like "$BODY" '<a href="/benefits\?year=2025">2025年</a>' "a link to 2025"
like "$BODY" '<a href="/benefits\?year=2023">2023年</a>' "and to 2023, the other years with decisions"
unlike "$BODY" 'year=2024|year=2022' "none to a year without (2024 is another society's)"
like "$BODY" '<a href="/menu">メインメニュー</a>' "a link back to メインメニュー"
leaks='佐藤|中村|77,777|88,888|50,000|S-2026|M-2024|出産手当金|埋葬料'
unlike "$BODY" "$leaks" "nothing of another household or society"

get '/benefits?year=2025'
is "$(cards)" "2025年11月20日 出産育児一時金/" "?year=2025 shows 2025's decision"
is "$(column 支払日)" "2025年12月5日 " "paid on 2025年12月5日"
is "$(column 支給額)" "500,000円 " "500,000円"
like "$BODY" '<a href="/benefits\?year=2026">2026年</a>' "and links to 2026"
get '/benefits?year=2023'
is "$(column 支給額) $(column 対象診療月)" "0円  2022年11月 " "0円 is shown as it is; a service month of another year"

for y in 2024 2027 1999 abc 02026 '2026%20' '%202026' '2026%27%20OR%20%271%27%3D%271' '2026.0' '-2026'; do
    not_found "/benefits?year=$y" "a year without decisions, or not a year"
done

# --- the notice ----------------------------------------------------------------------------------

get '/benefits/notice?id=K-2026-0002'
is "$STATUS" 200 "the 支給決定通知書 of K-2026-0002 answers"
like "$BODY" '<h1>給付金支給決定通知書</h1>' "titled 給付金支給決定通知書"
sample_name=$(sql "SELECT name FROM societies WHERE insurer_number = '$SAMPLE'")
like "$BODY" "<p class=\"benefit-notice-from\">$sample_name</p>" "it names the society"
like "$BODY" '<p class="benefit-notice-to">山田太郎 様</p>' "and the insured person"
fields='保険者番号 保険者名 被保険者氏名 記号 番号 決定番号 決定日 給付の種類 受診者 対象診療月 支給額 支払日'
got=
for f in $fields; do got+="$f=$(column "$f")"; done
is "$got" "保険者番号=$SAMPLE 保険者名=$sample_name 被保険者氏名=山田太郎 記号=1001 番号=101 決定番号=K-2026-0002 決定日=2026年4月15日 給付の種類=高額療養費 受診者=山田太郎 対象診療月=2026年2月 支給額=12,340円 支払日=2026年4月30日 " \
    "the society, the insured person, 記号, 番号 and the decision's fields"
unlike "$BODY" '<script' "no script: the browser's print command prints it"
like "$BODY" '<a href="/benefits\?year=2026">給付金のお知らせ</a>' "a link back to the year's list"
like "$BODY" '<a href="/menu">メインメニュー</a>' "and to メインメニュー"
unlike "$BODY" "$leaks" "nothing of another household or society"
get '/benefits/notice?id=K-2026-0001'
is "$(column 支払日)$(column 受診者)" "支払予定 山田花子 " "an unpaid decision's notice: 支払予定"
get '/benefits/notice?id=K-2026-0003'
is "$(column 給付の種類)$(column 支給額)" "傷病手当金 1,234,567円 " \
    "an ID both societies use shows the member's own society's decision"

# --- never another household's or society's ------------------------------------------------------

yamada_id=$(sql "SELECT id FROM members WHERE insurer_number = '$SAMPLE' AND number = '101'")
for id in S-2026-0001 M-2024-0001 k-2026-0002 'K-2026-0002%20' '' "$(printf 'K%.0s' {1..33})" \
    'K-2026-0002%27%20OR%20%271%27%3D%271' '%E7%B5%A6%E4%BB%98' 'S-2026-0001&number=102' \
    "S-2026-0001&insurer_number=$SAMPLE&symbol=1001&number=102" "M-2024-0001&insurer_number=$MINATO"; do
    not_found "/benefits/notice?id=$id" "another household's or society's ID, or a bad one"
done
not_found /benefits/notice "no ID"
not_found '/benefits/notice?decision_id=K-2026-0002' "an ID under another name"
get '/benefits/notice?id=K-2026-0002&id=S-2026-0001'
is "$(column 決定番号)" "K-2026-0002 " "a second id= is not read"
shows_none_of "$leaks" "/benefits?year=2026&number=102" "/benefits?insurer_number=$MINATO&number=101" \
    "/benefits?member_id=$yamada_id&year=2024" "/benefits/notice?id=K-2026-0003&insurer_number=$MINATO" \
    "/benefits/S-2026-0001" "/benefits/notice/S-2026-0001"

use_session "$sato"
get /benefits
is "$(cards)" "2026年4月15日 高額療養費/" "佐藤's session shows her one decision"
is "$(column 支給額)" "77,777円 " "with her amount"
unlike "$BODY" '山田|1,234,567|12,340' "nothing of 山田's household"
not_found '/benefits/notice?id=K-2026-0002' "山田's decision from 佐藤's session"
not_found '/benefits?year=2025' "a year only 山田's household has"

use_session "$nakamura"
get /benefits
is "$(cards)" "2026年3月3日 出産手当金/" "中村 (same symbol and number in $MINATO) sees $MINATO's decision of 2026"
names_society "$MINATO" "中村's page"
unlike "$BODY" '山田|佐藤|1,234,567|12,340|傷病手当金' "nothing of $SAMPLE's households"
like "$BODY" '<a href="/benefits\?year=2024">2024年</a>' "his years: 2024"
unlike "$BODY" 'year=2025|year=2023' "none of 山田's"
get '/benefits/notice?id=K-2026-0003'
minato_name=$(sql "SELECT name FROM societies WHERE insurer_number = '$MINATO'")
is "$(column 保険者名)$(column 被保険者氏名)$(column 給付の種類)$(column 支給額)" \
    "$minato_name 中村健 出産手当金 88,888円 " "K-2026-0003 is $MINATO's for him"
unlike "$BODY" "山田|$sample_name|1,234,567" "naming nobody and nothing of $SAMPLE"
not_found '/benefits/notice?id=K-2026-0002' "$SAMPLE's decision from $MINATO's member"
not_found '/benefits?year=2025' "$SAMPLE's year from $MINATO's member"

# --- the empty state -----------------------------------------------------------------------------

use_session "$takahashi"
get /benefits
is "$STATUS" 200 "a household without decisions gets the page"
like "$BODY" '<p class="empty" role="status">給付金のお知らせはまだありません。' "saying there are none yet"
unlike "$BODY" 'class="years"|class="card"|支給決定通知書' "no years, no cards"
like "$BODY" '<a href="/menu">メインメニュー</a>' "a link back to メインメニュー"
not_found '/benefits?year=2026' "a year of other households"

# --- the feature off -----------------------------------------------------------------------------

kosmoctl society set "$MINATO" --features expenses,eligibility > "$T/out" 2>&1
is "$?" 0 "kosmoctl society set $MINATO --features expenses,eligibility"
use_session "$nakamura"
get /menu
unlike "$BODY" '給付金のお知らせ|/benefits' "$MINATO's menu no longer links 給付金のお知らせ"
for path in /benefits '/benefits?year=2026' '/benefits/notice?id=K-2026-0003'; do
    not_found "$path" "$MINATO without benefits"
done
use_session "$yamada"
get /benefits
is "$STATUS" 200 "$SAMPLE's members still open 給付金のお知らせ"

# --- no second factor, no login ------------------------------------------------------------------

new_session
get /login
post /login user_id=yamada0101 password=Yamada0101pw
is "$LOCATION" /login/code "the password leads to the code step"
for path in /benefits '/benefits?year=2026' '/benefits/notice?id=K-2026-0002'; do
    get "$path"
    is "$STATUS $LOCATION" "303 /login/code" "GET $path at the code step leads back to it"
    unlike "$BODY" '山田|12,340|高額療養費' "and shows nothing"
done
new_session
get '/benefits/notice?id=K-2026-0002'
is "$STATUS $LOCATION" "303 /login" "without a session GET /benefits/notice leads to the login"

done_testing
