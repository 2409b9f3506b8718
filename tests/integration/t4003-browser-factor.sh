#!/usr/bin/env bash
# t4003-browser-factor.sh: 二段階認証 in 登録情報の変更 (the section,
# 認証アプリの設定 with its QR code, the リカバリーコード, the login with the
# app's code, 認証アプリの解除) in Debian's chromium at phone and desktop
# size, axe on every screen; screenshots in build/screenshots/ as
# VIEWPORT-factor-NN-NAME.png.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/browser-lib.sh"
need_browser

start_stack

# One registered member per viewport.
members=(
    '06279996,4103,1,伊藤 五郎,19480105,employee'
    '06279996,4103,2,渡辺 六子,19520707,employee'
)
import_members "${members[@]}" || bail_out "import failed"
{
    echo "insurer_number,symbol,number,name,birth_date,category"
    printf '%s\n' "${members[@]}"
} > "$T/browser-members.csv"

accounts=(
    'phone,factor,4103,1,factor0390,Keyaki2026e,factor0390@example.co.jp'
    'desktop,factor,4103,2,factor1280,Hinoki2026f,factor1280@example.co.jp'
)
register_browser_accounts "${accounts[@]}"

run_browser_file factor.test.mjs KOSMO_SHOT_SET=factor KOSMO_MEMBERS_CSV="$T/browser-members.csv" \
    KOSMO_ACCOUNTS_CSV="$T/browser-accounts.csv"
same_screens_at_both_sizes 'factor-[0-9]+-app-setup\.png'
keep_screenshots 'phone-factor-*.png' 'desktop-factor-*.png'

done_testing
