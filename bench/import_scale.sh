#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/import_scale.sh - times `kgsh import` of generated screening lists
# of growing length (10,000 to 80,000 rows, each name with an alias), to
# show the import stays linear: every row used to scan every entity, link
# and registered name (40,000 rows took more than 200 s). Prints rows and
# seconds per size; not part of make check (no timing in tests).
#
#   sh bench/import_scale.sh [KGSH]      (default: ./shell/kgsh of a build)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
kgsh=${1:-$PWD/shell/kgsh}
tmp=$(mktemp -d /tmp/kgsh-import-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for rows in 10000 20000 40000 80000; do
    awk -v n="$rows" 'BEGIN {
        srand(7)
        split("alpha beta gamma delta omega sino tech power grid micro data cloud", w, " ")
        print "schema,name,aliases,topics,program,authority,reason,report-date,start-date,end-date,country,notes,source_url"
        for (i = 0; i < n; i++)
            printf "Company,%s %s %d Company,%s %d,debarment,x,y,,,,,,,\n",
                w[int(rand() * 12) + 1], w[int(rand() * 12) + 1], i, w[int(rand() * 12) + 1], i
    }' >"$tmp/bench.csv"
    cp "$top/datasets/lists/us-ndaa-889.map" "$tmp/bench.map" # NAME.map beside the list
    start=$(date +%s%N)
    "$kgsh" --memory import "$tmp/bench.csv" --as bench >/dev/null
    end=$(date +%s%N)
    echo "$rows rows: $(((end - start) / 1000000)) ms"
done
