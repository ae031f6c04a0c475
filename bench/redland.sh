#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/redland.sh - `make bench-redland`: the Redland side of kgsh at 1M
# triples (bench/redland_bench.c): two-bound lookups through the public
# pattern cursor, iterating every statement through the kgsh librdf
# storage module against libkg's own cursor and librdf's hashes storage,
# and bench/queries/join.rq run by rasqal over the module and over hashes.
# Reuses bench/work/data-N-s1.nq from `make bench` when present.
# Environment (from make): BUILDDIR, CC, CFLAGS, DEP_CFLAGS, DEP_LIBS.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
builddir=${BUILDDIR:-$top/_build}
n=${BENCH_SIZE:-1000000}
work=${BENCH_WORK:-$here/work}
bin=$work/bin
data=$work/data-$n-s1.nq
store=$work/redland-store-$n
mkdir -p "$bin"
# shellcheck disable=SC2086 # flag lists are meant to split
${CC:-cc} -std=gnu11 ${CFLAGS:-} -Wall -Wextra -o "$bin/gen" "$here/gen.c"
# shellcheck disable=SC2086
${CC:-cc} -std=gnu11 ${CFLAGS:-} -Wall -Wextra -I"$top/graph" ${DEP_CFLAGS:-} \
    $(pkg-config --cflags redland) -o "$bin/redland_bench" "$here/redland_bench.c" \
    "$builddir/graph/.libs/libkg-core.a" ${DEP_LIBS:-} $(pkg-config --libs redland raptor2)
[ -s "$data" ] || "$bin/gen" -n "$n" -s 1 -q "$data"
[ -d "$store" ] || "$builddir/shell/kgsh" -d "$store" -c ".load $data"
REDLAND_MODULE_PATH=$builddir/redland/.libs:$(pkg-config --variable=libdir redland)/redland \
    "$bin/redland_bench" "$store" "$data" "$here/queries/join.rq"
