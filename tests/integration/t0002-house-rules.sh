#!/usr/bin/env bash
# t0002-house-rules.sh: the rules of the house that the source itself can
# show (docs/ARCHITECTURE.md): SQL only in src/lib/q/, its files short, the
# server loop below the mains only, functions short enough for one screen
. "$(dirname "$0")/lib.sh"

cd "$TOP" || bail_out "cannot enter $TOP"
sources() { find "$@" \( -name '*.cc' -o -name '*.h' \) | sort; }

# A statement of the data is a string literal that starts reading, writing
# or deleting rows. db.cc sends only the connection's own (its settings,
# transactions).
statements() { grep -nE '"(SELECT|INSERT INTO|UPDATE|DELETE FROM|REPLACE INTO) [^"]' "$@"; }
is "$(statements $(sources src | grep -v '^src/lib/q/'))" "" "no SQL statement outside src/lib/q/"
ok "and src/lib/q/ holds them" test "$(statements src/lib/q/*.cc | wc -l)" -gt 50

long_q=$(wc -l src/lib/q/* | awk '$2 != "total" && $1 > 400 { print $2 " " $1 }')
is "$long_q" "" "no file of src/lib/q/ over 400 lines"

helpers=$(grep -l '"q/helpers.h"' $(sources src tests bench) | grep -v '^src/lib/q/')
is "$helpers" "" "q/helpers.h is included only by src/lib/q/"

server=$(grep -l '#include "server.h"' $(sources src) | grep -vE '^src/[a-z]+/main\.cc$|^src/lib/server\.cc$')
is "$server" "" "server.h is included only by the mains (and server.cc)"

long=$(awk -v max=80 -f tools/long-functions.awk $(sources src))
is "$long" "" "no function in src/ over 80 lines"

# The check itself finds a long function and passes a short one.
{
    echo 'namespace kosmo {'
    echo 'int long_one(int x,'
    echo '             int y) {'
    for _ in $(seq 79); do echo '    x += y;  // "}" and { in a comment'; done
    echo '    return x;'
    echo '}'
    echo 'int short_one() { return 1; }'
    echo '}  // namespace kosmo'
} > "$T/sample.cc"
is "$(awk -v max=80 -f tools/long-functions.awk "$T/sample.cc")" "$T/sample.cc:2 83" \
    "long-functions.awk names an 83-line function at its signature"
is "$(awk -v max=83 -f tools/long-functions.awk "$T/sample.cc")" "" "and passes it at a limit of 83"

done_testing
