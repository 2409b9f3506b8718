#!/usr/bin/env bash
# docs-screenshots.sh: copies the phone screenshots of the main screens from
# build/screenshots/ (written by tests/integration/t4001-browser.sh,
# t4002-browser-portal.sh, t4003-browser-factor.sh and
# t4004-browser-benefits.sh) to docs/screenshots/,
# the pictures in the README;
# with pngquant (Debian package, `tools/install-deps docs`) they are made
# about three times smaller.
#
#   bash tests/integration/t4001-browser.sh && bash tests/integration/t4002-browser-portal.sh &&
#       bash tests/integration/t4003-browser-factor.sh && bash tests/integration/t4004-browser-benefits.sh &&
#       tests/browser/docs-screenshots.sh
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
from=$top/build/screenshots
to=$top/docs/screenshots

# build/screenshots/phone-[SET-]NN-NAME.png -> docs/screenshots/N-NAME.png; SET:NAME
# names a screen of t4002's sets (portal, door), t4003's (factor) or
# t4004's (benefits), NAME
# alone one of t4001's.
screens=(login verify register register-errors confirm done
    portal:menu portal:expenses portal:eligibility portal:settings door:reset-password
    factor:app-setup factor:recovery-codes factor:settings-app factor:login-code
    portal:expenses-print benefits:benefits benefits:benefit-notice)

mkdir -p "$to"
i=0
for screen in "${screens[@]}"; do
    i=$((i + 1))
    name=${screen#*:}
    prefix=
    script=t4001-browser.sh
    if [ "$name" != "$screen" ]; then
        prefix=${screen%%:*}-
        script=t4002-browser-portal.sh
        [ "$prefix" != factor- ] || script=t4003-browser-factor.sh
        [ "$prefix" != benefits- ] || script=t4004-browser-benefits.sh
    fi
    src=$(ls "$from"/phone-"$prefix"[0-9][0-9]-"$name".png 2> /dev/null | head -n 1)
    [ -n "$src" ] || { echo "docs-screenshots: no phone screenshot of '$prefix$name' in $from (run $script)" >&2; exit 1; }
    dst=$to/$i-$name.png
    if command -v pngquant > /dev/null; then
        pngquant --force --skip-if-larger --quality 70-95 --strip --output "$dst" "$src" || cp "$src" "$dst"
    else
        cp "$src" "$dst"
    fi
    echo "$dst ($(wc -c < "$dst") bytes)"
done
