#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/spdx.sh - the project's own source files each name their licence in
# an SPDX header (LICENSES.md: LGPL-2.1-or-later).
#
#   sh tests/spdx.sh [check]   TAP: one case, failing with the files that
#                              have no "SPDX-License-Identifier:" in their
#                              first five lines
#   sh tests/spdx.sh add       adds the header to those files: the first
#                              line of C, the line after "#!" in scripts,
#                              the first line of the other "#" files
#
# Third-party material keeps its own terms and is not touched: the W3C
# suites (tests/w3c), test data and fuzz inputs, the bundled datasets.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
id=LGPL-2.1-or-later
mode=${1:-check}

# The project's source files, one a line, relative to the top. A build tree
# inside the source tree is left out whatever its name (the directory of a
# configure run: it holds config.status).
sources() {
    cd "$top" && find . \( -path ./tests/w3c -o -path ./tests/data -o -path ./tests/fuzz/corpus \
        -o -path ./tests/fuzz/regress -o -path ./datasets -o -path './_build*' -o -path ./.git \
        -o \( -type d ! -path . -exec test -e '{}/config.status' ';' \) \
        -o -path ./autom4te.cache -o -path ./build-aux -o -path ./m4 -o -path ./bench/results \
        -o -path ./bench/node_modules \) -prune -o -type f \
        \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' -o -name '*.js' \
        -o -name Makefile.am -o -name configure.ac -o -name '*.pc.in' -o -path ./.ci/run \) \
        -print | sed 's|^\./||' | sort
}

lacking() {
    sources | while read -r f; do
        head -5 "$top/$f" | grep -q 'SPDX-License-Identifier:' || echo "$f"
    done
}

add_header() { # FILE
    f=$top/$1
    tmp=$f.spdx.$$
    case $1 in
    *.c | *.h | *.js) { echo "/* SPDX-License-Identifier: $id */"; cat "$f"; } >"$tmp" ;;
    *)
        if head -1 "$f" | grep -q '^#!'; then
            { head -1 "$f"; echo "# SPDX-License-Identifier: $id"; tail -n +2 "$f"; } >"$tmp"
        else
            { echo "# SPDX-License-Identifier: $id"; cat "$f"; } >"$tmp"
        fi
        ;;
    esac
    chmod --reference="$f" "$tmp"
    mv "$tmp" "$f"
}

case $mode in
check)
    missing=$(lacking)
    echo "1..1"
    if [ -z "$missing" ]; then
        echo "ok 1 - spdx__every_source_file_names_its_licence"
    else
        echo "not ok 1 - spdx__every_source_file_names_its_licence"
        echo "$missing" | sed 's/^/# no SPDX header: /'
        echo "# run: sh tests/spdx.sh add"
    fi
    ;;
add)
    lacking | while read -r f; do
        add_header "$f"
        echo "spdx: $f"
    done
    ;;
*)
    echo "usage: $0 [check|add]" >&2
    exit 2
    ;;
esac
