#!/usr/bin/env bash
# t7001-portal-pages.sh: kosmo-portal.fcgi's pages against imported data:
# メインメニュー, 医療費情報 (years, totals, empty state), the CSV download's
# bytes (the six items of the 医療費控除: t7007) and headers, 資格情報; the
# gate before them
. "$(dirname "$0")/lib.sh"

start_stack

import_members '06279996,1001,101,山田太郎,19800401,employee' \
    '06279996,2002,15,鈴木一郎,19550220,voluntary' || bail_out "cannot import members"

cat > "$T/claims.csv" <<'EOF'
insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay
06279996,1001,101,R-0001,山田太郎,202604,"さくら病院, 内科",outpatient,2,12340,3702
06279996,1001,101,R-0002,山田花子,202603,みどり歯科,dental,1,5600,1680
06279996,1001,101,R-0003,山田一郎,202601,ひかり薬局,pharmacy,1,2100,630
06279996,1001,101,R-0004,山田太郎,202511,あおば病院,inpatient,5,1450000,90000
EOF
kosmoctl import-expenses "$T/claims.csv" > /dev/null 2> "$T/err" || { sed 's/^/# /' "$T/err"; bail_out "cannot import claims"; }
cat > "$T/elig.csv" <<'EOF'
insurer_number,symbol,number,branch,name,relationship,birth_date,acquired_on,lost_on
06279996,1001,101,00,山田太郎,self,19800401,20020401,
06279996,1001,101,01,山田花子,spouse,19820505,20100601,
06279996,1001,101,02,山田一郎,child,20120115,20120115,20250331
EOF
kosmoctl import-eligibility "$T/elig.csv" > /dev/null 2> "$T/err" || { sed 's/^/# /' "$T/err"; bail_out "cannot import eligibility"; }

# --- the gate ----------------------------------------------------------------------------------

for path in /menu /expenses /expenses/csv /eligibility; do
    get "$path"
    is "$STATUS $LOCATION" "303 /login" "GET $path without a session leads to the login page"
done
login_member 1001 101
for path in /menu /expenses /expenses/csv /eligibility; do
    get "$path"
    is "$STATUS $LOCATION" "303 /verify" "GET $path in the middle of the registration leads back to its step"
done

register_member 1001 101 19800401 yamada0101 yamada0101pw yamada@example.co.jp || bail_out "cannot register"

# --- メインメニュー ------------------------------------------------------------------------------

get /menu
is "$STATUS" 200 "the main menu opens right after registration"
like "$BODY" '<h1>メインメニュー</h1>' "titled メインメニュー"
like "$BODY" '山田太郎 様' "with the member's name"
like "$BODY" '<a class="menu-item" href="/expenses">医療費情報</a>' "a link 医療費情報"
like "$BODY" '<a class="menu-item" href="/eligibility">資格情報</a>' "a link 資格情報"
like "$BODY" '<a class="menu-item" href="/settings">登録情報の変更</a>' "a link 登録情報の変更"
unlike "$BODY" '準備中' "nothing says 準備中 any more"
expires=$(sql "SELECT DATE_FORMAT(password_changed_at + INTERVAL 360 DAY, '%Y年%c月%e日') FROM accounts")
like "$BODY" "パスワードの有効期限: $expires" "the date the password expires ($expires)"
like "$BODY" '<button type="submit" class="secondary">ログアウト</button>' "and a ログアウト button"
like "$(cat "$STACK/log/portal.log")" 'kosmo-portal: req=[0-9a-f]+ method=GET path=/menu status=200' \
    "the portal binary answers /menu"

# --- 医療費情報 --------------------------------------------------------------------------------

get /expenses
is "$STATUS" 200 "医療費情報 opens"
like "$BODY" '<h1>医療費情報</h1>' "titled 医療費情報"
like "$BODY" '2026年に受診された分' "it shows the newest year with data: 2026"
is "$(grep -o '<h3 class="card-title">[^<]*</h3>' <<< "$BODY" | tr '\n' '|')" \
    '<h3 class="card-title">2026年4月 山田太郎</h3>|<h3 class="card-title">2026年3月 山田花子</h3>|<h3 class="card-title">2026年1月 山田一郎</h3>|' \
    "the household's claims of 2026, newest month first (the dependents' too)"
like "$BODY" '<dt>医療機関等</dt><dd>さくら病院, 内科</dd>' "with the provider"
like "$BODY" '<dt>区分</dt><dd>外来</dd>' "the kind in Japanese (外来)"
like "$BODY" '<dt>区分</dt><dd>歯科</dd>' "歯科"
like "$BODY" '<dt>区分</dt><dd>調剤</dd>' "調剤"
like "$BODY" '<dt>日数</dt><dd>2日</dd>' "the days"
like "$BODY" '<dt>医療費総額</dt><dd>12,340円</dd>' "yen with thousands separators (12,340円)"
like "$BODY" '<dt>窓口負担額</dt><dd>3,702円</dd>' "the self pay too"
like "$BODY" '2026年の合計\(3件\)' "the year's totals"
like "$BODY" '<div><dt>医療費総額</dt><dd>20,040円</dd></div><div><dt>窓口負担額</dt><dd>6,012円</dd></div>' \
    "医療費総額 20,040円 and 窓口負担額 6,012円"
like "$BODY" '<span aria-current="page">2026年</span>' "2026 is the current year"
like "$BODY" '<a href="/expenses\?year=2025">2025年</a>' "with a link to 2025, the other year with data"
unlike "$BODY" 'year=2024' "and none to a year without data"
like "$BODY" 'href="/expenses/csv\?year=2026"[^>]*>CSVダウンロード</a>' "a CSVダウンロード link for that year"
like "$BODY" '<a href="/menu">メインメニュー</a>' "a link back to メインメニュー"

get '/expenses?year=2025'
like "$BODY" '<h3 class="card-title">2025年11月 山田太郎</h3>' "?year=2025 shows 2025"
like "$BODY" '<dd>1,450,000円</dd>' "a million yen has two separators"
like "$BODY" '<a href="/expenses\?year=2026">2026年</a>' "and links to 2026"
unlike "$BODY" '2026年4月' "without 2026's claims"

get '/expenses?year=2019'
is "$STATUS" 200 "a year without data answers"
like "$BODY" 'class="empty"[^>]*>2019年の医療費情報はまだありません' "with the empty state"
like "$BODY" '<a href="/expenses\?year=2026">2026年</a>.*<a href="/expenses\?year=2025">2025年</a>' \
    "and the links to the years with data, newest first"
unlike "$BODY" 'CSVダウンロード' "and no download"
get '/expenses?year=abc'
like "$BODY" '2026年に受診された分' "a malformed year shows the newest year"

# --- CSVダウンロード -----------------------------------------------------------------------------

curl -s -b "$JAR" -D "$T/csv.hdr" -o "$T/dl.csv" "$BASE/expenses/csv?year=2026"
hdr=$(tr -d '\r' < "$T/csv.hdr")
like "$(head -n 1 <<< "$hdr")" '^HTTP/1.1 200' "the download answers 200"
like "$hdr" '^Content-Type: text/csv; charset=utf-8$' "as text/csv in UTF-8"
like "$hdr" '^Content-Disposition: attachment; filename="iryouhi-2026.csv"$' "as an attachment named for the year"
like "$hdr" "^Content-Security-Policy: default-src 'none'" "with the CSP"
like "$hdr" '^Cache-Control: no-store$' "no-store"
like "$hdr" '^X-Content-Type-Options: nosniff$' "and nosniff"
{ printf '\xef\xbb\xbf'; printf '%s\r\n' '診療年月,受診者,医療機関等,区分,日数,医療費総額,窓口負担額,被保険者氏名,保険者名' \
    '2026/04,山田太郎,"さくら病院, 内科",外来,2,12340,3702,山田太郎,サンプル健康保険組合' \
    '2026/03,山田花子,みどり歯科,歯科,1,5600,1680,山田太郎,サンプル健康保険組合' \
    '2026/01,山田一郎,ひかり薬局,調剤,1,2100,630,山田太郎,サンプル健康保険組合'; } > "$T/want.csv"
ok "the CSV's bytes: a BOM, the Japanese header, one CRLF line per claim of the year" cmp -s "$T/dl.csv" "$T/want.csv"
cmp -s "$T/dl.csv" "$T/want.csv" || diag "$(od -c "$T/dl.csv" | head -n 20)"
get '/expenses/csv?year=2019'
is "$BODY" $'\xef\xbb\xbf診療年月,受診者,医療機関等,区分,日数,医療費総額,窓口負担額,被保険者氏名,保険者名\r' \
    "a year without data: the header only"

# --- 資格情報 ----------------------------------------------------------------------------------

get /eligibility
is "$STATUS" 200 "資格情報 opens"
like "$BODY" '<h1>資格情報</h1>' "titled 資格情報"
like "$BODY" '<dt>保険者番号</dt><dd>06279996</dd>' "保険者番号"
like "$BODY" '<dt>保険者名</dt><dd>サンプル健康保険組合</dd>' "the insurer's name"
like "$BODY" '<dt>記号</dt><dd>1001</dd>' "記号"
like "$BODY" '<dt>番号</dt><dd>101</dd>' "番号"
is "$(grep -o '<h3 class="card-title">[^<]*</h3>' <<< "$BODY" | tr '\n' '|')" \
    '<h3 class="card-title">山田太郎(本人)</h3>|<h3 class="card-title">山田花子(配偶者)</h3>|<h3 class="card-title">山田一郎(子)</h3>|' \
    "each person of the household, the insured person first"
like "$BODY" '<dt>生年月日</dt><dd>1982年5月5日</dd>' "生年月日"
like "$BODY" '<dt>資格取得日</dt><dd>2010年6月1日</dd>' "資格取得日"
like "$BODY" '<dt>資格喪失日</dt><dd>2025年3月31日</dd>' "資格喪失日 when lost"
like "$BODY" '<dt>資格喪失日</dt><dd>―\(加入中\)</dd>' "and ―(加入中) while insured"
like "$BODY" '<a href="/menu">メインメニュー</a>' "a link back to メインメニュー"

# --- a member without data ------------------------------------------------------------------------

register_member 2002 15 19550220 suzuki0015 suzuki0015pw suzuki@example.jp || bail_out "cannot register suzuki"
get /expenses
like "$BODY" "$(TZ=Asia/Tokyo date +%Y)年の医療費情報はまだありません" "a member without claims sees the empty state of this year"
unlike "$BODY" '山田' "and nothing of another household"
get /eligibility
like "$BODY" '資格情報はまだありません' "and an empty 資格情報"

# --- after logout ------------------------------------------------------------------------------

post /logout
get /expenses
is "$STATUS $LOCATION" "303 /login" "after logout 医療費情報 leads to the login page"

done_testing
