#!/usr/bin/env bash
# t9010-society.sh: kosmoctl society add, set, list and show: add with
# every option and with the defaults, the refused numbers, names, domains,
# features, policies and months (nothing written), a number added twice,
# set changing only what it is given (--mfa site back to the site's
# policy), an unknown society, the counts of members and registered
# accounts, the audit events society_added and society_changed, and the
# help of the family
. "$(dirname "$0")/lib.sh"

start_stack

N=01270016   # a third society, beside the stack's 06279996 and 06130017
societies() { sql "SELECT COUNT(*) FROM societies"; }
row() {  # the stored settings of society $1, tab-separated
    sql "SELECT name, company_domains, features, COALESCE(mfa, 'NULL'), keep_months
         FROM societies WHERE insurer_number = '$1'"
}
added_events() { sql "SELECT COUNT(*) FROM audit_events WHERE event = 'society_added'"; }
changed_events() { sql "SELECT COUNT(*) FROM audit_events WHERE event = 'society_changed'"; }
op=${SUDO_USER:-$(id -un)}
tab=$'\t'

is "$(societies)" 2 "the stack has its two demo societies"
demo_added=$(added_events)

# --- add, with every option ------------------------------------------------------------------

kosmoctl society add "$N" --name テスト健康保険組合 --company-domains 'Example.ORG, test.example.jp' \
    --features benefits,expenses --mfa required --keep-months 36 > "$T/out" 2> "$T/err"
is "$?" 0 "society add with every option succeeds"
is "$(cat "$T/out")" "added society $N (テスト健康保険組合)" "and says so"
is "$(cat "$T/err")" "" "with nothing on stderr"
is "$(row "$N")" "テスト健康保険組合${tab}example.org,test.example.jp${tab}expenses,benefits${tab}required${tab}36" \
    "every setting is stored: the domains lower-cased, the features in their order"
kosmoctl society show "$N" > "$T/show" 2> "$T/err"
is "$?" 0 "society show succeeds"
is "$(sed '$d' "$T/show")" "$N  テスト健康保険組合
  company domains: example.org,test.example.jp
  features:        expenses,benefits
  mfa:             required
  keep months:     36
  members:         0 (0 registered)" "show prints every setting and the counts"
like "$(tail -n 1 "$T/show")" '^  added:           [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' \
    "and when the society was added"
is "$(sql "SELECT detail FROM audit_events WHERE event = 'society_added' ORDER BY id DESC LIMIT 1")" \
    "insurer=$N name=テスト健康保険組合 domains=example.org,test.example.jp features=expenses,benefits mfa=required keep_months=36 operator=$op" \
    "the addition is audited as society_added with its settings"
is "$(added_events)" $((demo_added + 1)) "once"

# --- add, with the defaults; the number normalized ---------------------------------------------

kosmoctl society add ０１３４００１７ --name '  よつば健康保険組合 ' > "$T/out" 2> "$T/err"
is "$?" 0 "society add with --name alone succeeds, the number typed in full-width digits"
is "$(cat "$T/out")" "added society 01340017 (よつば健康保険組合)" "the number and the name are normalized"
is "$(row 01340017)" "よつば健康保険組合${tab}${tab}expenses,eligibility,benefits${tab}NULL${tab}0" \
    "it takes any address, offers every page, follows the site's policy and keeps every month"
kosmoctl society show 01340017 > "$T/show"
is "$(sed -n '2,5p' "$T/show")" "  company domains: (any address)
  features:        expenses,eligibility,benefits
  mfa:             site (the site's policy)
  keep months:     0 (all)" "show says so"

# --- add, refused ------------------------------------------------------------------------------

refused() {  # refused EXIT MESSAGE DESC ARGS...: kosmoctl ARGS exits EXIT saying MESSAGE, writes nothing
    local want=$1 message=$2 desc=$3 before_s before_e
    shift 3
    before_s=$(societies) before_e=$(sql "SELECT COUNT(*) FROM audit_events")
    kosmoctl "$@" > "$T/out" 2> "$T/err"
    is "$?" "$want" "$desc: exit $want"
    like "$(head -n 1 "$T/err")" "$message" "$desc: the message says why"
    is "$(societies):$(sql "SELECT COUNT(*) FROM audit_events")" "$before_s:$before_e" \
        "$desc: nothing is written"
}
refused 2 "^kosmoctl society add: insurer number '01270015' has a wrong check digit\$" \
    "a wrong check digit" society add 01270015 --name 誤り健康保険組合
refused 2 "^kosmoctl society add: insurer number '0127001' is not an insurer number \\(8 digits\\)\$" \
    "7 digits" society add 0127001 --name 誤り健康保険組合
refused 2 "is not an insurer number \\(8 digits\\)\$" "9 digits" society add 012700160 --name 誤り健康保険組合
refused 2 "is not an insurer number \\(8 digits\\)\$" "letters" society add 0127001a --name 誤り健康保険組合
refused 1 "^kosmoctl society add: 06279996 is a society already; change it with 'kosmoctl society set'\$" \
    "a number that is a society already" society add 06279996 --name 別の健康保険組合
is "$(row 06279996 | cut -f 1)" サンプル健康保険組合 "the existing society keeps its name"
refused 2 "^kosmoctl society add: name the society with --name NAME\$" "no --name" society add 39130018
refused 2 "^kosmoctl society add: --name takes the society's name, 1-100 characters on one line\$" \
    "an empty --name" society add 39130018 --name '  '
refused 2 "^kosmoctl society add: --name takes" "a --name of 101 characters" \
    society add 39130018 --name "$(printf '組%.0s' $(seq 101))"
refused 2 "^kosmoctl society add: --name takes" "a --name of two lines" \
    society add 39130018 --name $'健康保険組合\n二行目'
refused 2 "^kosmoctl society add: --company-domains: 'not a domain' is not a domain\$" \
    "a bad domain" society add 39130018 --name 新健康保険組合 --company-domains 'example.jp,not a domain'
refused 2 "^kosmoctl society add: --company-domains: '@example.jp' is not a domain\$" \
    "an address for a domain" society add 39130018 --name 新健康保険組合 --company-domains @example.jp
refused 2 "^kosmoctl society add: --features takes a list of expenses, eligibility and benefits\$" \
    "a bad feature word" society add 39130018 --name 新健康保険組合 --features expenses,medicine
refused 2 "^kosmoctl society add: --mfa takes off, optional, required or site\$" \
    "a bad --mfa" society add 39130018 --name 新健康保険組合 --mfa always
refused 2 "^kosmoctl society add: --keep-months takes a number from 0 to 1200\$" \
    "--keep-months past 1200" society add 39130018 --name 新健康保険組合 --keep-months 1201
refused 2 "^kosmoctl society add: --keep-months takes a number from 0 to 1200\$" \
    "a negative --keep-months" society add 39130018 --name 新健康保険組合 --keep-months -1
refused 2 "^kosmoctl society add: expected the society's INSURER_NUMBER\$" \
    "no insurer number" society add --name 新健康保険組合
is "$(sql "SELECT COUNT(*) FROM societies WHERE insurer_number = '39130018'")" 0 "39130018 is still no society"

# --- set changes only what it is given ---------------------------------------------------------

kosmoctl society show "$N" > "$T/before"
kosmoctl society set "$N" --keep-months 12 > "$T/out" 2> "$T/err"
is "$?" 0 "society set --keep-months succeeds"
is "$(cat "$T/out")" "changed society $N (テスト健康保険組合)" "and says so"
kosmoctl society show "$N" > "$T/after"
is "$(diff "$T/before" "$T/after" | grep '^[<>]')" "<   keep months:     36
>   keep months:     12" "only the months kept changed"
like "$(sql "SELECT detail FROM audit_events WHERE event = 'society_changed' ORDER BY id DESC LIMIT 1")" \
    "^insurer=$N name=テスト健康保険組合 domains=example.org,test.example.jp features=expenses,benefits mfa=required keep_months=12 operator=$op\$" \
    "the change is audited as society_changed with the settings it left"

kosmoctl society set "$N" --name 'テスト 健康保険組合' --company-domains '' > /dev/null 2>&1
kosmoctl society show "$N" > "$T/after2"
is "$(diff "$T/after" "$T/after2" | grep '^[<>]')" "< $N  テスト健康保険組合
<   company domains: example.org,test.example.jp
> $N  テスト 健康保険組合
>   company domains: (any address)" "set --name and --company-domains '' change the name and the domains alone"
# (mariadb -B writes the stored backslash doubled.)
like "$(sql "SELECT detail FROM audit_events WHERE event = 'society_changed' ORDER BY id DESC LIMIT 1")" \
    "^insurer=$N name=テスト\\\\\\\\x20健康保険組合 domains= features=" "the new name is in the audit event, its space escaped"

kosmoctl society set "$N" --features '' --mfa off > /dev/null 2>&1
is "$(row "$N")" "テスト 健康保険組合${tab}${tab}${tab}off${tab}12" "set --features '' offers no page, --mfa off turns the second factor off"
like "$(kosmoctl society show "$N")" '^  features:        \(none\)$' "show says no page is offered"

kosmoctl society set "$N" --mfa site > /dev/null 2>&1
is "$?" 0 "set --mfa site succeeds"
is "$(row "$N" | cut -f 4)" NULL "the society follows the site's policy again"
like "$(kosmoctl society show "$N")" '^  mfa:             site \(the site.s policy\)$' "show says so"
is "$(changed_events)" 4 "each set is one society_changed event"

refused 1 "^kosmoctl society set: 39130018 is not a society; add it with 'kosmoctl society add'\$" \
    "set of an unknown number" society set 39130018 --keep-months 12
refused 2 "^kosmoctl society set: nothing to change: give at least one option\$" \
    "set without an option" society set "$N"
refused 2 "^kosmoctl society set: --mfa takes off, optional, required or site\$" \
    "set with a bad --mfa" society set "$N" --mfa on
refused 2 "^kosmoctl society set: --features takes" \
    "set with a bad feature word" society set "$N" --features eligibility,all
refused 2 "^kosmoctl society set: insurer number '01270017' has a wrong check digit\$" \
    "set of a wrong check digit" society set 01270017 --keep-months 1
is "$(row "$N")" "テスト 健康保険組合${tab}${tab}${tab}NULL${tab}12" "the refused sets changed nothing"

# --- list: the counts of members and registered accounts -------------------------------------------

import_members '06279996,1001,101,山田太郎,19800401,employee' \
    '06279996,1001,102,佐藤花子,19751115,employee' \
    '06130017,7,31,中村健,19681203,employee' || bail_out "cannot import members"
register_member 1001 101 19800401 yamada0101 yamada0101pw yamada@example.co.jp || bail_out "cannot register yamada"
kosmoctl society list > "$T/out" 2> "$T/err"
is "$?" 0 "society list succeeds"
is "$(cat "$T/out")" "01270016  テスト 健康保険組合  members 0, registered 0
01340017  よつば健康保険組合  members 0, registered 0
06130017  みなと健康保険組合  members 1, registered 0
06279996  サンプル健康保険組合  members 2, registered 1" \
    "one line per society by number, with its members and registered accounts"
is "$(cat "$T/err")" "4 societies" "and how many societies there are"
like "$(kosmoctl society show 06279996)" '^  members:         2 \(1 registered\)$' "show counts them too"
like "$(kosmoctl society show 06130017)" '^  members:         1 \(0 registered\)$' "each society its own"

refused 1 "^kosmoctl society show: 39130018 is not a society\$" "show of an unknown number" society show 39130018
refused 2 "^kosmoctl society show: insurer number '1234' is not an insurer number" "show of a bad number" society show 1234
refused 2 "^kosmoctl society list: unexpected argument '06279996'\$" "list takes no argument" society list 06279996

# --- the family's help ---------------------------------------------------------------------------

kosmoctl --help > "$T/help" 2>&1
for c in add set list show; do
    like "$(cat "$T/help")" "^  society $c +[a-z]" "kosmoctl --help lists society $c"
done
kosmoctl society > "$T/out" 2> "$T/err"
is "$?" 2 "kosmoctl society alone is a usage error"
is "$(head -n 1 "$T/err")" "kosmoctl: 'society' takes add, set, list or show" "which names the four"
kosmoctl society remove "$N" > "$T/out" 2> "$T/err"
is "$?:$(head -n 1 "$T/err")" "2:kosmoctl: 'society' takes add, set, list or show" "and so does an unknown one"
kosmoctl society add --help > "$T/help" 2>&1
is "$?" 0 "society add --help succeeds"
like "$(head -n 1 "$T/help")" '^usage: kosmoctl \[--config FILE\] society add INSURER_NUMBER --name NAME \[--company-domains D1,D2\]$' \
    "it shows its usage"
for o in --name --company-domains --features --mfa --keep-months; do
    like "$(cat "$T/help")" "^  $o " "and explains $o"
done
like "$(kosmoctl society set --help)" '^usage: kosmoctl \[--config FILE\] society set INSURER_NUMBER \[--name NAME\]' \
    "society set --help shows its usage"

done_testing
