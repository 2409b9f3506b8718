#!/usr/bin/env bash
# t7007-tax-notice.sh: 医療費情報 for the 医療費控除 against imported data:
# the CSV download's bytes with the National Tax Agency's six items on every
# row (BOM, header, quoting), the printable 医療費のお知らせ (印刷用ページ:
# the six items, every claim, the totals, the issue date, the sentence on
# the amounts), another household's and another society's claims never
# reachable, and both absent when the society does not offer 医療費情報
. "$(dirname "$0")/lib.sh"

start_stack

SAMPLE=06279996 MINATO=06130017
# A society's name with a comma: the CSV must quote it.
kosmoctl society set "$MINATO" --name 'みなと健康保険組合, 本部' > "$T/out" 2>&1 ||
    { sed 's/^/# /' "$T/out"; bail_out "cannot rename $MINATO"; }
import_members "$SAMPLE,1001,101,山田太郎,19800401,employee" "$SAMPLE,1001,102,佐藤花子,19751115,employee" \
    "$MINATO,1001,101,中村健,19681203,employee" || bail_out "cannot import members"
cat > "$T/claims.csv" <<EOF
insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay
$SAMPLE,1001,101,T-0001,山田太郎,202604,"さくら病院, 内科",outpatient,2,12340,3702
$SAMPLE,1001,101,T-0002,山田花子,202603,みどり歯科,dental,1,5600,1680
$SAMPLE,1001,101,T-0003,山田一郎,202601,ひかり薬局,pharmacy,0,2100,630
$SAMPLE,1001,101,T-0004,山田太郎,202511,あおば病院,inpatient,5,1450000,90000
$SAMPLE,1001,102,T-0005,佐藤花子,202604,さとう医院,outpatient,1,1000,300
$MINATO,1001,101,T-0001,中村健,202602,"くじら医院, 外科",outpatient,1,7770,2331
EOF
kosmoctl import-expenses "$T/claims.csv" > /dev/null 2> "$T/err" || { sed 's/^/# /' "$T/err"; bail_out "cannot import claims"; }

register_member 1001 101 19800401 yamada0101 Yamada0101pw yamada@example.co.jp "$SAMPLE" || bail_out "cannot register yamada0101"
yamada=$(cookie kosmo_session)
register_member 1001 102 19751115 sato000102 Sato0102pwx sato@example.co.jp "$SAMPLE" || bail_out "cannot register sato000102"
sato=$(cookie kosmo_session)
register_member 1001 101 19681203 nakamura01 Nakamura01pw nakamura@example.net "$MINATO" || bail_out "cannot register nakamura01"
nakamura=$(cookie kosmo_session)

header='診療年月,受診者,医療機関等,区分,日数,医療費総額,窓口負担額,被保険者氏名,保険者名'
# The date in Japan, as the page writes it.
japan_today() { date -u -d '+9 hours' '+%Y年%-m月%-d日'; }

# --- the gate ------------------------------------------------------------------------------------

new_session
get /expenses/print
is "$STATUS $LOCATION" "303 /login" "GET /expenses/print without a session leads to the login page"

# --- the CSV: six items on every row ----------------------------------------------------------------

use_session "$yamada"
curl -s -b "$JAR" -o "$T/dl.csv" "$BASE/expenses/csv?year=2026"
{ printf '\xef\xbb\xbf'; printf '%s\r\n' "$header" \
    '2026/04,山田太郎,"さくら病院, 内科",外来,2,12340,3702,山田太郎,サンプル健康保険組合' \
    '2026/03,山田花子,みどり歯科,歯科,1,5600,1680,山田太郎,サンプル健康保険組合' \
    '2026/01,山田一郎,ひかり薬局,調剤,0,2100,630,山田太郎,サンプル健康保険組合'; } > "$T/want.csv"
ok "the CSV's bytes: a BOM, the header with 被保険者氏名 and 保険者名 last, each claim with the insured person and the society" \
    cmp -s "$T/dl.csv" "$T/want.csv"
cmp -s "$T/dl.csv" "$T/want.csv" || diag "$(od -c "$T/dl.csv" | head -n 20)"

# six_items FILE: "ok" when every data row of the CSV FILE has nine fields
# and each of the six items (被保険者氏名, 診療年月, 受診者, 医療機関等,
# 窓口負担額, 保険者名) filled; else what is missing.
six_items() {
    python3 - "$1" <<'PY'
import csv, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f))
head, data = rows[0], rows[1:]
need = ['被保険者氏名', '診療年月', '受診者', '医療機関等', '窓口負担額', '保険者名']
bad = [f'row {i}' for i, r in enumerate(data, 2)
       if len(r) != len(head) or any(not r[head.index(n)] for n in need)]
print('ok' if data and not bad else 'no rows' if not data else ' '.join(bad))
PY
}
is "$(six_items "$T/dl.csv")" ok "a spreadsheet reads the six items in every row"

get '/expenses/csv?year=2019'
is "$BODY" $'\xef\xbb\xbf'"$header"$'\r' "a year without data: the header only"

use_session "$nakamura"
curl -s -b "$JAR" -o "$T/minato.csv" "$BASE/expenses/csv?year=2026"
{ printf '\xef\xbb\xbf'; printf '%s\r\n' "$header" \
    '2026/02,中村健,"くじら医院, 外科",外来,1,7770,2331,中村健,"みなと健康保険組合, 本部"'; } > "$T/want.csv"
ok "$MINATO's member (also 1001-101): only his claim, the society's name with a comma quoted" \
    cmp -s "$T/minato.csv" "$T/want.csv"
cmp -s "$T/minato.csv" "$T/want.csv" || diag "$(od -c "$T/minato.csv" | head -n 20)"

# --- 医療費情報 links 印刷用ページ ---------------------------------------------------------------------

use_session "$yamada"
get /expenses
like "$BODY" '<a class="button secondary" href="/expenses/print\?year=2026">印刷用ページ</a>' \
    "医療費情報 links 印刷用ページ for the year it shows"
get '/expenses?year=2025'
like "$BODY" 'href="/expenses/print\?year=2025">印刷用ページ</a>' "and for 2025 on 2025's page"

# --- 医療費のお知らせ ---------------------------------------------------------------------------------

before=$(japan_today)
get /expenses/print
after=$(japan_today)
is "$STATUS" 200 "印刷用ページ opens"
like "$BODY" '<title>医療費のお知らせ - ' "titled 医療費のお知らせ"
like "$BODY" '<h1>医療費のお知らせ</h1>' "with that heading"
like "$BODY" '2026年1月から12月までに受診された分' "at first the newest year with data: 2026"
like "$BODY" '<dt>被保険者氏名</dt><dd>山田太郎 様</dd>' "被保険者氏名: the insured person"
like "$BODY" '<dt>保険者名</dt><dd>サンプル健康保険組合</dd>' "保険者名: the society"
issued=$(grep -o '<dt>発行日</dt><dd>[^<]*</dd>' <<< "$BODY" | sed 's/.*<dd>\(.*\)<\/dd>/\1/')
ok "発行日 is today in Japan ($issued)" test "$issued" = "$before" -o "$issued" = "$after"
rows=$(grep -o '<tr><td data-label="診療年月">[^<]*</td><td data-label="受診者">[^<]*</td><td data-label="医療機関等">[^<]*</td><td data-label="区分">[^<]*</td><td class="num" data-label="日数">[^<]*</td><td class="num" data-label="医療費総額">[^<]*</td><td class="num" data-label="窓口負担額">[^<]*</td></tr>' <<< "$BODY" |
    sed -E 's/<[^>]*>/|/g; s/\|+/|/g')
is "$rows" '|2026年4月|山田太郎|さくら病院, 内科|外来|2日|12,340円|3,702円|
|2026年3月|山田花子|みどり歯科|歯科|1日|5,600円|1,680円|
|2026年1月|山田一郎|ひかり薬局|調剤|0日|2,100円|630円|' \
    "every claim of 2026, newest month first: 診療年月, 受診者, 医療機関等 … 窓口負担額"
like "$BODY" '<caption>2026年の明細\(3件\)</caption>' "the table says what it holds"
like "$BODY" '<th scope="row" colspan="5">2026年の合計\(3件\)</th><td class="num" data-label="医療費総額">20,040円</td><td class="num" data-label="窓口負担額">6,012円</td>' \
    "the year's totals: 20,040円 and 6,012円"
like "$BODY" '<p class="note">このお知らせの金額は、健康保険組合が受け付けた診療報酬明細書\(レセプト\)から計算したもので、医療機関等の窓口で実際にお支払いになった額と異なる場合があります。</p>' \
    "one sentence: the amounts are those the society knows, and may differ from what was paid"
like "$BODY" '<a href="/expenses/print\?year=2025">2025年</a>' "a link to 2025's"
like "$BODY" '<a href="/menu">メインメニュー</a>' "and back to メインメニュー"
like "$BODY" '<link rel="stylesheet" href="/static/kosmo.css">' "the one stylesheet lays it out for paper"
unlike "$BODY" '<script|onload=|javascript:' "no script: the browser's print command prints it"
like "$HEADERS" "Content-Security-Policy: default-src 'none'" "with the CSP"

get '/expenses/print?year=2025'
like "$BODY" '<td data-label="医療機関等">あおば病院</td>' "?year=2025 shows 2025's claim"
like "$BODY" '<td class="num" data-label="医療費総額">1,450,000円</td><td class="num" data-label="窓口負担額">90,000円</td></tr>' \
    "a million yen with two separators"
like "$BODY" '2025年の合計\(1件\)' "2025's totals"
unlike "$BODY" 'さくら病院|2026年4月' "without 2026's claims"

get '/expenses/print?year=2019'
is "$STATUS" 200 "a year without data answers"
like "$BODY" 'class="empty"[^>]*>2019年の医療費情報はまだありません' "with the empty state of 医療費情報"
like "$BODY" '<dt>被保険者氏名</dt><dd>山田太郎 様</dd>' "still naming the insured person"
unlike "$BODY" '<table' "and no table"
for year in abc 20266 1899 "2026%20OR%201%3D1"; do
    get "/expenses/print?year=$year"
    like "$BODY" '2026年1月から12月までに受診された分' "?year=$year: the newest year, as 医療費情報 does"
done

# --- only the session's own household ------------------------------------------------------------

yamada_id=$(sql "SELECT id FROM members WHERE insurer_number = '$SAMPLE' AND number = '101'")
yamada_account=$(sql "SELECT id FROM accounts WHERE user_id = 'yamada0101'")
tries=("/expenses/print?year=2026&number=101" "/expenses/print?year=2025&member_id=$yamada_id"
    "/expenses/print?insurer_number=$SAMPLE&symbol=1001&number=101&year=2026"
    "/expenses/print?account_id=$yamada_account" "/expenses/print/$yamada_id"
    "/expenses/print?year=2026'%20OR%20'1'%3D'1" "/expenses/csv?year=2026&number=101")
use_session "$sato"
get /expenses/print
like "$BODY" '<td data-label="医療機関等">さとう医院</td>' "佐藤 (1001-102) sees her own claim"
like "$BODY" '<dt>被保険者氏名</dt><dd>佐藤花子 様</dd>' "under her name"
shows_none_of '山田|さくら|みどり|ひかり|あおば|12,340|1,450,000' "${tries[@]}"

use_session "$nakamura"
get '/expenses/print?year=2026'
like "$BODY" '<td data-label="医療機関等">くじら医院, 外科</td>' "$MINATO's 1001-101 sees his own claim"
like "$BODY" '<dt>被保険者氏名</dt><dd>中村健 様</dd>' "under his name"
like "$BODY" '<dt>保険者名</dt><dd>みなと健康保険組合, 本部</dd>' "and his own society's"
shows_none_of '山田|さくら|みどり|ひかり|あおば|さとう|12,340|サンプル健康保険組合' \
    /expenses/print '/expenses/print?year=2025' "${tries[@]}"

# --- a society without 医療費情報 ------------------------------------------------------------------

get /eligibility/no-such-page
unknown="$STATUS $BODY"
kosmoctl society set "$MINATO" --features eligibility > "$T/out" 2>&1
is "$?" 0 "kosmoctl society set $MINATO --features eligibility"
for path in /expenses/print '/expenses/print?year=2026' '/expenses/csv?year=2026'; do
    get "$path"
    is "$STATUS $BODY" "$unknown" "without 医療費情報, GET $path answers as a URL that does not exist (404)"
done
use_session "$yamada"
get /expenses/print
is "$STATUS" 200 "$SAMPLE's members still print theirs"

done_testing
