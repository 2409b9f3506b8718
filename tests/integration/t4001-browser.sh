#!/usr/bin/env bash
# t4001-browser.sh: the whole flow and its error paths in Debian's chromium
# (tests/browser/, playwright-core), at phone and desktop size, axe on every
# screen; screenshots in build/screenshots/. One TAP line per browser test.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/browser-lib.sh"
need_browser

# The 503 test stops MariaDB: a server of its own, as in t8001.
unset KOSMO_TEST_DB_SOCKET
start_stack security.verify_max_failures=3

members=(
    '06279996,4001,1,山田 花子,19800123,employee'
    '06279996,4001,2,佐藤 次郎,19751115,employee'
    '06279996,4002,1,鈴木 三郎,19620304,voluntary'
    '06279996,4002,2,高橋 四郎,19580812,overseas'
    '06130017,4003,1,中村 健,19681203,employee'
    '06130017,4003,2,小林 直子,19890917,employee'
)
import_members "${members[@]}" || bail_out "import failed"
{
    echo "insurer_number,symbol,number,name,birth_date,category"
    printf '%s\n' "${members[@]}"
} > "$T/browser-members.csv"

run_browser_file flow.test.mjs KOSMO_VERIFY_MAX_FAILURES=3 KOSMO_MEMBERS_CSV="$T/browser-members.csv"
same_screens_at_both_sizes 'login\.png'
# t4002's sets (phone-door-…, phone-portal-…) stay.
keep_screenshots 'phone-[0-9][0-9]-*.png' 'desktop-[0-9][0-9]-*.png'

done_testing
