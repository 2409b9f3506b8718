#!/usr/bin/env bash
# t4004-browser-benefits.sh: 給付金のお知らせ and its 支給決定通知書 in
# Debian's chromium at phone and desktop size, axe on every screen, nothing
# scrolling sideways at 390 px, the notice's print media one A4 page wide
# (and its PDF one A4 page); screenshots in build/screenshots/ as
# VIEWPORT-benefits-NN-NAME.png.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/browser-lib.sh"
need_browser

start_stack

# One registered member per viewport, each household with decisions of two
# years; the surnames differ, so a page showing the other's is seen.
members=(
    '06279996,4104,1,中島 七海,19850303,employee'
    '06279996,4104,2,松本 八郎,19700808,employee'
)
import_members "${members[@]}" || bail_out "import failed"
{
    echo "insurer_number,symbol,number,name,birth_date,category"
    printf '%s\n' "${members[@]}"
} > "$T/browser-members.csv"

accounts=(
    'phone,benefits,4104,1,benefit0390,Nanohana2026g,benefit0390@example.co.jp'
    'desktop,benefits,4104,2,benefit1280,Ajisai2026h,benefit1280@example.co.jp'
)
register_browser_accounts "${accounts[@]}"

{
    echo "insurer_number,symbol,number,decision_id,patient_name,kind,service_month,decided_on,paid_on,amount"
    for h in '1,中島,七海' '2,松本,八郎'; do
        IFS=, read -r n family given <<< "$h"
        echo "06279996,4104,$n,B$n-2026-0003,$family $given,high_cost,202603,20260520,,86430"
        echo "06279996,4104,$n,B$n-2026-0002,$family 優子,additional,202603,20260520,20260610,20000"
        echo "06279996,4104,$n,B$n-2026-0001,$family $given,sickness,,20260213,20260227,412500"
        echo "06279996,4104,$n,B$n-2025-0001,$family 優子,childbirth,,20250901,20250925,500000"
    done
} > "$T/benefits.csv"
kosmoctl import-benefits "$T/benefits.csv" > /dev/null 2> "$T/err" || { sed 's/^/# /' "$T/err"; bail_out "cannot import the decisions"; }

run_browser_file benefits.test.mjs KOSMO_SHOT_SET=benefits KOSMO_MEMBERS_CSV="$T/browser-members.csv" \
    KOSMO_ACCOUNTS_CSV="$T/browser-accounts.csv"
same_screens_at_both_sizes 'benefits-[0-9]+-benefit-notice\.png'
keep_screenshots 'phone-benefits-*.png' 'desktop-benefits-*.png'

done_testing
