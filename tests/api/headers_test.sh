#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# headers_test.sh - every public header (graph/kg/*.h) compiles alone, first
# thing in a file, as strict C99 and as C++11, so that each one includes what
# it uses and nothing in it is GNU C or C-only; every options struct's _INIT
# macro initialises it without a warning in both languages; libkg exports
# exactly the functions the public headers declare with KG_EXTERN
# (everything else in the library is internal: graph/kg/CONVENTIONS.md); and
# libkg does not read the environment (no getenv). Output is TAP.
#
# Run by make check with CC, CXX and the source and build directories in the
# environment; by hand: srcdir=.. CC=gcc CXX=g++ sh ../tests/api/headers_test.sh
set -u
srcdir=${srcdir:-.}
CC=${CC:-cc}
CXX=${CXX:-c++}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

headers=$(cd "$srcdir/graph/kg" && ls *.h)
n=0
for h in $headers; do n=$((n + 2)); done
echo "1..$((n + 4))"

i=0
for h in $headers; do
    printf '#include "kg/%s"\nint kg_header_test_unused;\n' "$h" > "$tmp/t.c"
    cp "$tmp/t.c" "$tmp/t.cc"
    i=$((i + 1))
    if $CC -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only -I"$srcdir/graph" "$tmp/t.c" \
            > "$tmp/out" 2>&1; then
        echo "ok $i - kg/$h alone as C99"
    else
        echo "not ok $i - kg/$h alone as C99 ($CC -std=c99 -pedantic -Wall -Wextra -Werror):"
        sed 's/^/# /' "$tmp/out"
    fi
    i=$((i + 1))
    if $CXX -std=c++11 -pedantic -Wall -Wextra -Werror -fsyntax-only -I"$srcdir/graph" "$tmp/t.cc" \
            > "$tmp/out" 2>&1; then
        echo "ok $i - kg/$h alone as C++11"
    else
        echo "not ok $i - kg/$h alone as C++11 ($CXX -std=c++11 -pedantic -Wall -Wextra -Werror):"
        sed 's/^/# /' "$tmp/out"
    fi
done

# Every KG_..._OPTIONS_INIT, used as the headers say to.
inits=$(sed -n 's/^#define KG_\([A-Z]*\)_OPTIONS_INIT .*/\1/p' "$srcdir"/graph/kg/*.h)
{
    echo '#include "kg/kg.h"'
    echo 'int kg_inits_test(void);'
    echo 'int kg_inits_test(void) {'
    echo '    unsigned sum = 0;'
    for t in $inits; do
        lower=$(echo "$t" | tr 'A-Z' 'a-z')
        echo "    { kg_${lower}_options o = KG_${t}_OPTIONS_INIT; sum += o.version; }"
    done
    echo '    return (int)sum; }'
} > "$tmp/inits.c"
cp "$tmp/inits.c" "$tmp/inits.cc"
for lang in c99 c++11; do
    i=$((i + 1))
    if [ $lang = c99 ]; then compile="$CC -std=c99"; file=inits.c; else compile="$CXX -std=c++11"; file=inits.cc; fi
    if $compile -pedantic -Wall -Wextra -Werror -fsyntax-only -I"$srcdir/graph" "$tmp/$file" \
            > "$tmp/out" 2>&1; then
        echo "ok $i - the $(echo $inits | wc -w) options _INIT macros initialise their struct ($lang, -Wextra)"
    else
        echo "not ok $i - an options _INIT macro does not initialise its struct ($lang):"
        sed 's/^/# /' "$tmp/out"
    fi
done

# The library's exported functions against the headers' KG_EXTERN ones.
i=$((i + 1))
lib=$(ls graph/.libs/libkg.so.[0-9]* 2>/dev/null | head -n 1)
if [ -z "$lib" ]; then
    echo "not ok $i - libkg exports what kg/*.h declares: no graph/.libs/libkg.so.* in $(pwd)"
    exit 0
fi
nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sort > "$tmp/exported"
cat "$srcdir"/graph/kg/*.h | tr '\n' ' ' | tr ';' '\n' | grep 'KG_EXTERN' |
    grep -v "define KG_EXTERN" | sed 's/.*KG_EXTERN //; s/(.*//; s/.*[ *]\([a-z_0-9]*\) *$/\1/' | sort > "$tmp/declared"
if cmp -s "$tmp/exported" "$tmp/declared"; then
    echo "ok $i - libkg exports exactly the $(wc -l < "$tmp/declared") functions kg/*.h declares"
else
    echo "not ok $i - libkg's exports differ from kg/*.h (< exported only, > declared only):"
    diff "$tmp/exported" "$tmp/declared" | grep '^[<>]' | sed 's/^/# /'
fi

i=$((i + 1))
if nm -D --undefined-only "$lib" | grep -qw 'getenv\|secure_getenv'; then
    echo "not ok $i - libkg calls getenv (the application passes what it knows)"
else
    echo "ok $i - libkg calls no getenv"
fi
