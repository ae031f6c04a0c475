#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# ingest_layers_test.sh - the files of graph/ingest call each other in one
# direction only (issue 15: "the ingest files no longer call each other in a
# cycle"; the order is written at the top of graph/ingest/ingest_impl.h).
# From the compiled objects: file A depends on file B when A uses a
# function B defines; tsort fails on a cycle and names it. Output is TAP.
set -u
dir=graph/ingest/.libs
echo "1..1"
if ! ls "$dir"/*.o > /dev/null 2>&1; then
    echo "not ok 1 - the ingest files call each other without a cycle: no objects in $(pwd)/$dir"
    exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for o in "$dir"/*.o; do
    nm --defined-only "$o" | awk -v f="$(basename "$o" .o)" '$2 == "T" { print $3, f }'
done | sort > "$tmp/defined"
for o in "$dir"/*.o; do
    f=$(basename "$o" .o)
    nm --undefined-only "$o" | awk '{ print $2 }' | sort |
        join - "$tmp/defined" | awk -v f="$f" '$2 != f { print f, $2 }'
done | sort -u > "$tmp/edges"
if tsort "$tmp/edges" > /dev/null 2> "$tmp/loop"; then
    echo "ok 1 - the $(ls "$dir"/*.o | wc -l) ingest files call each other without a cycle"
else
    echo "not ok 1 - the ingest files call each other in a cycle (file -> file it calls):"
    sed 's/^/# /' "$tmp/loop"
fi
