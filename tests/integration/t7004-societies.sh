#!/usr/bin/env bash
# t7004-societies.sh: two societies on one site are kept apart. Their
# members share a 記号・番号 (1001-101) and a claim ID; the pages before the
# login name the site only, every page from step 2 on names the member's own
# society and never the other; step 2 with the other's 保険者番号 is a
# mismatch; each society's domain rule; user IDs unique across the site; no
# URL or cookie reaches the other's records; every mail is signed by the
# member's own society
. "$(dirname "$0")/lib.sh"

start_stack

SAMPLE=06279996 MINATO=06130017
import_members "$SAMPLE,1001,101,山田太郎,19800401,employee" "$MINATO,1001,101,中村健,19681203,employee" \
    "$SAMPLE,2002,15,鈴木一郎,19550220,voluntary" "$MINATO,2002,15,小林直子,19550220,voluntary" ||
    bail_out "cannot import members"
claims_header=insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,days,total_cost,self_pay
cat > "$T/claims.csv" <<EOF
$claims_header
$SAMPLE,1001,101,C-0001,山田太郎,202604,あおい病院,outpatient,2,12340,3702
$SAMPLE,1001,101,C-0002,山田花子,202503,あおい歯科,dental,1,5600,1680
$MINATO,1001,101,C-0001,中村健,202409,くじら医院,outpatient,1,7770,2331
EOF
elig_header=insurer_number,symbol,number,branch,name,relationship,birth_date,acquired_on,lost_on
cat > "$T/elig.csv" <<EOF
$elig_header
$SAMPLE,1001,101,00,山田太郎,self,19800401,20020401,
$SAMPLE,1001,101,01,山田花子,spouse,19820505,20100601,
$MINATO,1001,101,00,中村健,self,19681203,19900401,
$MINATO,1001,101,01,中村さくら,spouse,19700707,19950601,
EOF
for kind in expenses eligibility; do
    file=$T/claims.csv
    [ "$kind" = expenses ] || file=$T/elig.csv
    kosmoctl "import-$kind" "$file" > /dev/null 2> "$T/err" || { sed 's/^/# /' "$T/err"; bail_out "cannot import $kind"; }
done
# What each household's pages may show, and what they never may.
sample_data='あおい病院|山田' minato_data='くじら医院|中村'
sample_leaks='あおい|山田|12,340|12340|5,600' minato_leaks='くじら|中村|7,770|7770'

domain_of() { sql "SELECT company_domains FROM societies WHERE insurer_number = '$1'"; }
member_sql() {  # member_sql INSURER COLUMN: of member 1001-101
    sql "SELECT $2 FROM members WHERE insurer_number = '$1' AND symbol = '1001' AND number = '101'"
}

# --- before the login: the site only --------------------------------------------------------

for path in /login /password/forgot /userid/forgot "/password/reset?token=$(printf 'A%.0s' {1..43})" /terms /no-such-page; do
    get "$path"
    names_no_society "GET $path without a session"
done

# --- step 2 and step 3, each society's member -------------------------------------------------

# register_walk INSURER OTHER BIRTH USER_ID PASSWORD [TAKEN_ID]: member 1001-101
# of INSURER from the login to the menu, each page checked; TAKEN_ID, a user
# ID of the other society's member in another case, is refused.
register_walk() {
    local insurer=$1 other=$2 birth=$3 id=$4 pw=$5 taken=${6:-} own_domain other_domain
    own_domain=$(domain_of "$insurer") other_domain=$(domain_of "$other")
    new_session
    login_member 1001 101 "$insurer"
    is "$LOCATION" /verify "$insurer: the temporary ID leads to step 2"
    get /verify
    names_society "$insurer" "$insurer: step 2"
    get /terms
    names_society "$insurer" "$insurer: /terms at step 2"

    get /verify
    post /verify insurer_number="$other" birth_date="$birth" agree=1
    like "$BODY" '登録内容と一致しません' "$insurer: step 2 with the other society's 保険者番号 ($other) is a mismatch"
    names_society "$insurer" "$insurer: the mismatch page"
    is "$(member_sql "$insurer" verify_failures)" 1 "$insurer: counted like any mismatch"
    is "$(sql "SELECT detail FROM audit_events WHERE event = 'verify_failed' AND member_id = $(member_sql "$insurer" id)")" \
        'insurer number' "$insurer: and audited as a wrong insurer number"
    verify_member "$birth" "$insurer"
    is "$LOCATION" /register "$insurer: its own 保険者番号 passes"

    get /register
    names_society "$insurer" "$insurer: step 3"
    like "$BODY" "従業員の方は会社のメールアドレス\\(○○@$own_domain\\)" "$insurer: the hint names its domain ($own_domain)"
    unlike "$BODY" "$other_domain" "$insurer: and not the other society's"
    post /register user_id="$id" password="$pw" password_confirm="$pw" email="$id@$other_domain"
    like "$BODY" 'id="email-error">従業員の方は会社のメールアドレス' \
        "$insurer: an employee's address at the other society's domain is refused"
    names_society "$insurer" "$insurer: step 3 with errors"
    if [ -n "$taken" ]; then
        post /register user_id="$taken" password="$pw" password_confirm="$pw" email="$id@$own_domain"
        like "$BODY" 'id="user_id-error">このユーザIDはすでに使われています' \
            "$insurer: the other society's member's user ID ($taken, any case) is taken"
    fi
    post /register user_id="$id" password="$pw" password_confirm="$pw" email="$id@$own_domain"
    is "$LOCATION" /register/confirm "$insurer: an address at its own domain is accepted"
    follow
    names_society "$insurer" "$insurer: the confirm screen"
    post /register/execute
    is "$LOCATION" /register/done "$insurer: 実行 registers"
    follow
    names_society "$insurer" "$insurer: the completion screen"
    get /menu
    names_society "$insurer" "$insurer: the main menu"
}

register_walk "$SAMPLE" "$MINATO" 19800401 yamada0101 Yamada0101pw
sample_token=$(cookie kosmo_session)
register_walk "$MINATO" "$SAMPLE" 19681203 nakamura01 Nakamura01pw YAMADA0101
minato_token=$(cookie kosmo_session)
is "$(sql "SELECT COUNT(*) FROM accounts WHERE user_id = 'yamada0101'")" 1 "the taken user ID has one account"

# --- the portal: each member's own household only --------------------------------------------

# portal_walk INSURER OTHER OWN_DATA LEAKS OTHER_YEAR: the portal pages of
# the session's member (of INSURER), then every probe that names the other
# society's member 1001-101 or its year.
portal_walk() {
    local insurer=$1 other=$2 own=$3 leaks=$4 year=$5 page probes
    for page in /menu /expenses "/expenses?year=$year" /eligibility /settings; do
        get "$page"
        is "$STATUS" 200 "$insurer: GET $page answers"
        names_society "$insurer" "$insurer: GET $page"
        unlike "$BODY" "$leaks" "$insurer: GET $page shows nothing of the other society's 1001-101"
    done
    unlike "$BODY" "$(domain_of "$other")" "$insurer: the settings name no domain of the other society"
    get /expenses
    like "$BODY" "$own" "$insurer: 医療費情報 shows its own household's claims"
    get /eligibility
    like "$BODY" "$own" "$insurer: 資格情報 its own household"
    like "$BODY" "<dt>保険者番号</dt><dd>$insurer</dd>" "$insurer: and its own 保険者番号"
    get "/expenses/csv?year=$year"
    unlike "$BODY" "$leaks|$(other_societies "$insurer")" "$insurer: the CSV of the other's year holds nothing of it"
    mapfile -t probes < <(household_probes "$(member_sql "$other" id)" \
        "$(sql "SELECT a.id FROM accounts a JOIN members m ON m.id = a.member_id WHERE m.insurer_number = '$other'")" \
        "$other" 1001 101 "$year")
    shows_none_of "$leaks" "${probes[@]}"
}

use_session "$sample_token"
portal_walk "$SAMPLE" "$MINATO" "$sample_data" "$minato_leaks" 2024
use_session "$minato_token"
portal_walk "$MINATO" "$SAMPLE" "$minato_data" "$sample_leaks" 2026
get /expenses
like "$BODY" '2024年に受診された分' "the member of $MINATO sees its own newest year"

# Both sessions' cookies at once, in either order: one member's pages, whole.
for order in "$sample_token $minato_token" "$minato_token $sample_token"; do
    read -r first second <<< "$order"
    new_session
    get /expenses -H "Cookie: kosmo_session=$first; kosmo_session=$second"
    shown=$(grep -oE 'サンプル健康保険組合|みなと健康保険組合' <<< "$BODY" | sort -u | tr '\n' ' ')
    case $shown in
        'サンプル健康保険組合 ') unlike "$BODY" "$minato_leaks" "two sessions' cookies: $SAMPLE's page, with nothing of $MINATO's" ;;
        'みなと健康保険組合 ') unlike "$BODY" "$sample_leaks" "two sessions' cookies: $MINATO's page, with nothing of $SAMPLE's" ;;
        '') is "$STATUS" 303 "two sessions' cookies: no page at all" ;;
        *) fail "two sessions' cookies: a page of one society ($shown)" ;;
    esac
done

# A logged-in member's cookie does not make the door's pages name a society.
use_session "$minato_token"
for path in /login /password/forgot /userid/forgot; do
    get "$path"
    names_no_society "GET $path with a session of $MINATO"
done

# --- mails: each from the member's own society --------------------------------------------------

mail_to() {  # mail_to ADDRESS SUBJECT: the newest mail to ADDRESS whose subject has SUBJECT
    local f
    for f in $(mails | sort -r); do
        [ "$(mail_header "$f" To)" = "$1" ] && [[ $(mail_header "$f" Subject) == *"$2"* ]] && { echo "$f"; return 0; }
    done
    return 1
}
signature() { mail_body "$1" | tr -d '\r' | grep -v '^[[:space:]]*$' | tail -n 1; }
# Waits for the mail, then checks its signature and that it never names the
# other society.
signed_mail() {  # signed_mail INSURER ADDRESS SUBJECT [BODY-ERE]
    local f name
    wait_until 10 mail_to "$2" "$3" > /dev/null || { fail "$1: a mail '$3' to $2 arrives"; return 1; }
    f=$(mail_to "$2" "$3")
    name=$(sql "SELECT name FROM societies WHERE insurer_number = '$1'")
    is "$(signature "$f")" "$name" "$1: '$3' to $2 is signed $name"
    unlike "$(cat "$f"; mail_header "$f" Subject; mail_body "$f")" "$(other_societies "$1")" \
        "$1: and names no other society"
    [ -z "${4:-}" ] || like "$(mail_body "$f")" "$4" "$1: '$3' to $2 is the member's ($4)"
}

signed_mail "$SAMPLE" yamada0101@example.co.jp 手続き完了のお知らせ
signed_mail "$MINATO" nakamura01@example.net 手続き完了のお知らせ

# Two voluntary members, one of each society, share an address and a birth date.
register_member 2002 15 19550220 suzuki0015 Suzuki0015pw family@example.org "$SAMPLE" || bail_out "cannot register suzuki0015"
register_member 2002 15 19550220 kobayashi15 Kobayashi15pw family@example.org "$MINATO" || bail_out "cannot register kobayashi15"
wait_until 10 '[ "$(mail_count)" -ge 4 ]'
for f in $(mails); do
    [ "$(mail_header "$f" To)" = family@example.org ] || continue
    case $(mail_body "$f") in
        *suzuki0015*) own=サンプル健康保険組合 other=みなと健康保険組合 ;;
        *) own=みなと健康保険組合 other=サンプル健康保険組合 ;;
    esac
    is "$(signature "$f")" "$own" "the completion mail to the shared address for the member of $own is signed so"
    unlike "$(mail_body "$f")" "$other" "and names not $other"
done

# 登録情報の変更: the address, each within its own society's domains; the password.
settings_walk() {  # settings_walk INSURER OTHER USER_ID PASSWORD
    local insurer=$1 other=$2 id=$3 pw=$4 own_domain link
    own_domain=$(domain_of "$insurer")
    get /settings
    post /settings/email new_email="new.$id@$(domain_of "$other")" email_current_password="$pw"
    like "$BODY" 'id="new_email-error">従業員の方は会社のメールアドレス' \
        "$insurer: 登録情報の変更 refuses an address at the other society's domain"
    names_society "$insurer" "$insurer: 登録情報の変更 with errors"
    post /settings/email new_email="new.$id@$own_domain" email_current_password="$pw"
    is "$LOCATION" /settings?done=email_sent "$insurer: and takes one at its own"
    signed_mail "$insurer" "new.$id@$own_domain" メールアドレス確認のお願い || return
    link=$(mail_body "$(mail_to "new.$id@$own_domain" メールアドレス確認のお願い)" | grep -oE 'token=[A-Za-z0-9_-]+')
    post /settings/email/confirm "$link"
    like "$BODY" 'メールアドレスを変更しました' "$insurer: the link changes the address"
    signed_mail "$insurer" "$id@$own_domain" メールアドレス変更のお知らせ
    get /settings
    post /settings/password current_password="$pw" new_password="${pw}x" new_password_confirm="${pw}x"
    is "$LOCATION" /settings?done=password "$insurer: the password changes"
    signed_mail "$insurer" "new.$id@$own_domain" パスワード変更のお知らせ
}
use_session "$sample_token"
settings_walk "$SAMPLE" "$MINATO" yamada0101 Yamada0101pw
use_session "$minato_token"
settings_walk "$MINATO" "$SAMPLE" nakamura01 Nakamura01pw

# The door: a reset link (its pages name the site only) and the user-ID reminder.
for who in "$SAMPLE yamada0101 Yamada0101pwx new.yamada0101@example.co.jp 山田太郎" \
    "$MINATO nakamura01 Nakamura01pwx new.nakamura01@example.net 中村健"; do
    read -r insurer id pw address name <<< "$who"
    new_session
    get /password/forgot
    post /password/forgot user_id="$id" email="$address"
    names_no_society "$insurer: the page after パスワードを忘れた方"
    signed_mail "$insurer" "$address" パスワード再設定のご案内 "$name 様"
    token=$(mail_body "$(mail_to "$address" パスワード再設定のご案内)" | grep -oE 'token=[A-Za-z0-9_-]+' | head -n 1)
    get "/password/reset?$token"
    like "$BODY" 'name="new_password"' "$insurer: the reset link opens its form"
    names_no_society "$insurer: the reset link's page"
    before=$(mail_count)
    post /password/reset "$token" new_password="${pw}y" new_password_confirm="${pw}y"
    like "$BODY" 'パスワードを変更しました' "$insurer: the link sets a new password"
    names_no_society "$insurer: the page after the reset"
    # Its notice, パスワード変更のお知らせ, is checked with every other mail below.
    wait_until 10 "[ \"\$(mail_count)\" -gt $before ]"
done
before=$(mail_count)
new_session
get /userid/forgot
post /userid/forgot email=family@example.org birth_date=19550220
names_no_society "the page after ユーザIDを忘れた方"
wait_until 10 "[ \"\$(mail_count)\" -ge $((before + 2)) ]"
for f in $(mails | tail -n +$((before + 1))); do
    is "$(mail_header "$f" To)" family@example.org "a user-ID reminder goes to the shared address"
    case $(mail_body "$f") in
        *'ユーザID: suzuki0015'*) own=サンプル健康保険組合 other=みなと健康保険組合 ;;
        *'ユーザID: kobayashi15'*) own=みなと健康保険組合 other=サンプル健康保険組合 ;;
        *) own='(a user ID of the two)' other=x ;;
    esac
    is "$(signature "$f")" "$own" "the reminder naming a member of $own is signed so"
    unlike "$(mail_body "$f")" "$other" "and names not $other"
done

# The required actions at the login: the expired password, new terms.
printf '第1条\nサイトの新しい規約です。\n' > "$T/terms.txt"
kosmoctl publish-terms 2026-01 "$T/terms.txt" > /dev/null 2>&1 || bail_out "cannot publish terms"
for who in "$SAMPLE yamada0101 Yamada0101pwxy" "$MINATO nakamura01 Nakamura01pwxy"; do
    read -r insurer id pw <<< "$who"
    kosmoctl expire-password "$id" > /dev/null 2>&1 || bail_out "cannot expire $id"
    new_session
    login_permanent "$id" "$pw"
    is "$LOCATION" /password/expired "$insurer: the login asks for a new password"
    follow
    names_society "$insurer" "$insurer: the expired password's page"
    post /password/expired new_password="${pw}z" new_password_confirm="${pw}z"
    is "$LOCATION" /terms/new "$insurer: then for the new terms"
    follow
    names_society "$insurer" "$insurer: the new terms' page"
    post /terms/new agree=1
    is "$LOCATION" /menu "$insurer: then the menu"
done

# The imports' notices and the expiry reminder.
cat > "$T/claims2.csv" <<EOF
$claims_header
$SAMPLE,1001,101,C-0003,山田太郎,202605,あおい病院,outpatient,1,1000,300
$MINATO,1001,101,C-0003,中村健,202605,くじら医院,outpatient,1,2000,600
EOF
cat > "$T/elig2.csv" <<EOF
$elig_header
$SAMPLE,1001,101,02,山田一郎,child,20120115,20120115,
$MINATO,1001,101,02,中村一郎,child,20100310,20100310,
EOF
kosmoctl import-expenses "$T/claims2.csv" > /dev/null 2>&1 || bail_out "cannot import claims"
kosmoctl import-eligibility "$T/elig2.csv" > /dev/null 2>&1 || bail_out "cannot import eligibility"
sql "UPDATE accounts SET password_changed_at = NOW(6) - INTERVAL 350 DAY"
kosmoctl notify-expiring > /dev/null 2>&1 || bail_out "notify-expiring failed"
kosmoctl send-mail > /dev/null 2>&1
for subject in 医療費情報更新のお知らせ 資格情報更新のお知らせ パスワード有効期限のお知らせ; do
    signed_mail "$SAMPLE" new.yamada0101@example.co.jp "$subject"
    signed_mail "$MINATO" new.nakamura01@example.net "$subject"
done

# Every mail of the run, and each outbox row, for its recipient's society.
wrong= count=0
for f in $(mails); do
    case $(mail_header "$f" To) in
        *@example.co.jp) own=サンプル健康保険組合 ;;
        *@example.net) own=みなと健康保険組合 ;;
        *) continue ;;  # the shared address, checked above
    esac
    count=$((count + 1))
    [ "$(signature "$f")" = "$own" ] || wrong+="$(mail_header "$f" Subject) to $(mail_header "$f" To); "
done
is "$wrong" "" "each of the $count mails to an address of one society is signed by it"
is "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE recipient LIKE '%@example.co.jp' AND insurer_number <> '$SAMPLE'
           OR recipient LIKE '%@example.net' AND insurer_number <> '$MINATO' OR insurer_number IS NULL")" 0 \
    "each queued mail names its member's society"

done_testing
