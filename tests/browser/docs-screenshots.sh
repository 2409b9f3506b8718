#!/usr/bin/env bash
# docs-screenshots.sh: copies the phone screenshots of the main screens from
# build/screenshots/ (written by tests/integration/t4001-browser.sh) to
# docs/screenshots/, the pictures in the README; with pngquant (Debian
# package, `tools/install-deps docs`) they are made about three times smaller.
#
#   bash tests/integration/t4001-browser.sh && tests/browser/docs-screenshots.sh
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
from=$top/build/screenshots
to=$top/docs/screenshots

# build/screenshots/phone-NN-NAME.png -> docs/screenshots/N-NAME.png
screens=(login verify register register-errors confirm done)

mkdir -p "$to"
i=0
for name in "${screens[@]}"; do
    i=$((i + 1))
    src=$(ls "$from"/phone-[0-9][0-9]-"$name".png 2> /dev/null | head -n 1)
    [ -n "$src" ] || { echo "docs-screenshots: no phone screenshot of '$name' in $from (run t4001-browser.sh)" >&2; exit 1; }
    dst=$to/$i-$name.png
    if command -v pngquant > /dev/null; then
        pngquant --force --skip-if-larger --quality 70-95 --strip --output "$dst" "$src" || cp "$src" "$dst"
    else
        cp "$src" "$dst"
    fi
    echo "$dst ($(wc -c < "$dst") bytes)"
done
