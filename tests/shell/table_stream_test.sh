#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/shell/table_stream_test.sh - table and line modes print as the query
# runs (issue 17 point 5): the first block of rows, with column widths
# measured on it, comes out before the query has produced its last row, and
# the shell holds one block, not the whole result. The query here is a
# product of six 100-value VALUES (10^12 rows), which kgsh's engine streams:
# the test reads the first rows and closes the pipe, which ends kgsh.
# Holding every row (the old table mode) never printed one; under a 400 MB
# address-space limit it failed with "out of memory". The limit is applied
# where the build allows it (a sanitizer build reserves terabytes of
# shadow memory and cannot start under it). TAP output.
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
KGSH=${KGSH:-$PWD/shell/kgsh}
export LC_ALL=C.UTF-8 HOME=/nonexistent
unset KGSH_STORE PAGER
tap_name=tstream
. "$srcdir/tests/shell/tap.sh"

limit=400000 # KiB
if (ulimit -v $limit && "$KGSH" -d "$tmp/probe" -c 'ASK {}') >/dev/null 2>&1; then
    echo "# address space limited to $limit KiB"
else
    echo "# this build cannot start under ulimit -v $limit: no limit"
    limit=unlimited
fi

v=$(seq 0 99 | tr '\n' ' ')
q="SELECT * { VALUES ?a { $v } VALUES ?b { $v } VALUES ?c { $v } VALUES ?d { $v }
    VALUES ?e { $v } VALUES ?f { $v } }"
for mode in table line; do
    # 2500 lines: past the first block (1000 rows), into the second
    (ulimit -v $limit && exec "$KGSH" -d "$tmp/store" --format $mode -c "$q") 2>"$tmp/$mode.err" |
        head -n 2500 >"$tmp/$mode.out"
    case $mode in
    table) rows=$(grep -c '^| [0-9]' "$tmp/$mode.out") ;;
    line) rows=$(grep -c '^a = ' "$tmp/$mode.out") ;;
    esac
    if [ "$rows" -ge 100 ]; then
        ok "${mode}__first_rows_before_the_last"
    else
        not_ok "${mode}__first_rows_before_the_last"
        echo "# $rows rows shown; standard error:"
        head -5 "$tmp/$mode.err" | sed 's/^/# /'
    fi
done

# The widths come from the first block; a later block with a wider cell
# closes the table and starts it again under a header at the new widths.
head -n 4 "$tmp/table.out" >"$tmp/head"
# (the first 1000 rows reach f = 99, e = 9)
printf '%s\n' '+---+---+---+---+---+----+' '| a | b | c | d | e | f  |' \
    '+---+---+---+---+---+----+' '| 0 | 0 | 0 | 0 | 0 | 0  |' >"$tmp/want"
if diff -u "$tmp/want" "$tmp/head" >"$tmp/diff"; then
    ok table__widths_from_the_first_block
else
    not_ok table__widths_from_the_first_block
    sed 's/^/# /' "$tmp/diff"
fi
ones=$(yes 7 | head -n 1000 | tr '\n' ' ')
"$KGSH" -d "$tmp/store" --format table -c "SELECT ?x { VALUES ?x { $ones 'wider' } }" \
    >"$tmp/wider.out" 2>&1
tail -n 8 "$tmp/wider.out" >"$tmp/tail"
printf '%s\n' '| 7 |' '+---+' '+-------+' '| x     |' '+-------+' '| wider |' '+-------+' \
    '(1001 rows)' >"$tmp/want"
if diff -u "$tmp/want" "$tmp/tail" >"$tmp/diff"; then
    ok table__wider_later_block_starts_a_new_header
else
    not_ok table__wider_later_block_starts_a_new_header
    sed 's/^/# /' "$tmp/diff"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
