#!/usr/bin/env bash
# t4002-browser-portal.sh: the portal (メインメニュー, 医療費情報, 資格情報,
# 登録情報の変更) and the door (forgotten password and ID, the reset link,
# the expired password, new terms) in Debian's chromium at phone and desktop
# size, axe on every screen; screenshots in build/screenshots/ as
# VIEWPORT-portal-NN-NAME.png and VIEWPORT-door-NN-NAME.png.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/browser-lib.sh"
need_browser

start_stack

# One registered member per viewport and file; the portal's have data.
members=(
    '06279996,4101,1,山田 花子,19800123,employee'
    '06279996,4101,2,佐藤 次郎,19751115,employee'
    '06279996,4102,1,鈴木 三郎,19620304,employee'
    '06279996,4102,2,高橋 四郎,19580812,employee'
)
import_members "${members[@]}" || bail_out "import failed"
{
    echo "insurer_number,symbol,number,name,birth_date,category"
    printf '%s\n' "${members[@]}"
} > "$T/browser-members.csv"

accounts=(
    'phone,portal,4101,1,portal0390,Sakura2026a,portal0390@example.co.jp'
    'desktop,portal,4101,2,portal1280,Momiji2026b,portal1280@example.co.jp'
    'phone,door,4102,1,door0390,Kaede2026c,door0390@example.co.jp'
    'desktop,door,4102,2,door1280,Tsubaki2026d,door1280@example.co.jp'
)
register_browser_accounts "${accounts[@]}"

# Two years of claims and a household of three for each portal member; the
# two households' surnames differ, so a page showing the other's is seen.
households=('1,山田,花子,19800123' '2,佐藤,次郎,19751115')
{
    echo "insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay"
    for h in "${households[@]}"; do
        IFS=, read -r n family given _ <<< "$h"
        echo "06279996,4101,$n,B$n-0001,$family $given,202604,\"さくら病院, 内科\",outpatient,2,12340,3702"
        echo "06279996,4101,$n,B$n-0002,$family 優子,202603,みどり歯科,dental,1,5600,1680"
        echo "06279996,4101,$n,B$n-0003,$family 一郎,202601,ひかり薬局,pharmacy,1,2100,630"
        echo "06279996,4101,$n,B$n-0004,$family $given,202511,あおば病院,inpatient,5,1450000,90000"
    done
} > "$T/claims.csv"
kosmoctl import-expenses "$T/claims.csv" > /dev/null 2> "$T/err" || { sed 's/^/# /' "$T/err"; bail_out "cannot import claims"; }
{
    echo "insurer_number,symbol,number,branch,name,relationship,birth_date,acquired_on,lost_on"
    for h in "${households[@]}"; do
        IFS=, read -r n family given birth <<< "$h"
        echo "06279996,4101,$n,00,$family $given,self,$birth,20020401,"
        echo "06279996,4101,$n,01,$family 優子,spouse,19820505,20100601,"
        echo "06279996,4101,$n,02,$family 一郎,child,20120115,20120115,20250331"
    done
} > "$T/elig.csv"
kosmoctl import-eligibility "$T/elig.csv" > /dev/null 2> "$T/err" || { sed 's/^/# /' "$T/err"; bail_out "cannot import eligibility"; }

# The portal first: the door's file publishes new terms, which every later
# login must then accept.
for set in portal door; do
    run_browser_file "$set.test.mjs" KOSMO_SHOT_SET="$set" KOSMO_MEMBERS_CSV="$T/browser-members.csv" \
        KOSMO_ACCOUNTS_CSV="$T/browser-accounts.csv"
done
same_screens_at_both_sizes 'portal-[0-9]+-menu\.png'
like "$(cd "$SHOTS" && ls phone-door-*.png 2> /dev/null)" 'reset-password\.png' "the door's screens were taken too"
keep_screenshots 'phone-portal-*.png' 'desktop-portal-*.png' 'phone-door-*.png' 'desktop-door-*.png'

done_testing
