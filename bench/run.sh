#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/run.sh - the benchmark of issue 8: builds the driver, the generator
# and the librdf peer, installs Oxigraph from npm into bench/node_modules,
# generates the synthetic news graph at each size, times kgsh (bench/driver)
# and the peers (serdi, rapper, sordi, librdf+rasqal, Oxigraph) on the same
# files and queries in one run, and writes bench/results/latest.md and
# latest.json (bench/report.js makes the table).
#
# usage: bench/run.sh [--sizes "10000 100000 1000000"] [--10m] [--seed N]
#   BUILDDIR   a configured and built kgsh build tree (default: _build)
#   BENCH_WORK where data, stores and exports go (default: bench/work)
#   BENCH_TIMEOUT  seconds before a rasqal query is killed (default 5)
#   CC, CFLAGS, DEP_CFLAGS, DEP_LIBS  as `make bench` passes them
# Timing is CPU time unless a column says otherwise (the machine may be
# shared); nothing here is part of `make check`.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
sizes="10000 100000 1000000"
seed=1
while [ $# -gt 0 ]; do
    case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --10m) sizes="$sizes 10000000"; shift ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "usage: $0 [--sizes \"N ...\"] [--10m] [--seed N]" >&2; exit 2 ;;
    esac
done

builddir=${BUILDDIR:-$top/_build}
work=${BENCH_WORK:-$here/work}
CC=${CC:-cc}
CFLAGS=${CFLAGS:--O2 -g}
DEP_CFLAGS=${DEP_CFLAGS:-$(pkg-config --cflags serd-0 raptor2 libxml-2.0)}
DEP_LIBS=${DEP_LIBS:-$(pkg-config --libs serd-0 raptor2 libxml-2.0 libpcre2-8 nettle) -lgmp -lm}
export BENCH_TIMEOUT=${BENCH_TIMEOUT:-5}

core=$builddir/graph/.libs/libkg-core.a
if [ ! -f "$core" ]; then
    echo "run.sh: $core not found: build kgsh first (or set BUILDDIR)" >&2
    exit 1
fi

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "run.sh: $1 not found (apt-get install -y $2)" >&2; exit 1; }
}
need serdi serdi
need rapper raptor2-utils
need sordi sordi
need node nodejs
need npm npm
need pkg-config pkg-config

bin=$work/bin
mkdir -p "$bin" "$here/results"
echo "== building the driver, the generator and the librdf peer"
# shellcheck disable=SC2086 # flag lists are meant to split
$CC -std=gnu11 $CFLAGS -Wall -Wextra -o "$bin/gen" "$here/gen.c"
# shellcheck disable=SC2086
$CC -std=gnu11 $CFLAGS -Wall -Wextra -I"$top/graph" $DEP_CFLAGS -o "$bin/driver" \
    "$here/driver.c" "$core" $DEP_LIBS
# shellcheck disable=SC2086
$CC -std=gnu11 $CFLAGS -Wall -Wextra $(pkg-config --cflags redland) -o "$bin/peer_librdf" \
    "$here/peer_librdf.c" $(pkg-config --libs redland raptor2)

echo "== installing Oxigraph from npm into bench/node_modules"
(cd "$here" && npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null)

queries=$work/queries
rm -rf "$queries"
"$bin/driver" expand "$here/queries" "$queries"

raw=$work/raw.jsonl
: >"$raw"
machine() {
    printf '{"system":"machine","op":"%s","nproc":%s,"loadavg":"%s","cpu":"%s","date":"%s"}\n' \
        "$1" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
        "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
machine start >>"$raw"

for n in $sizes; do
    export BENCH_SIZE=$n
    data=$work/data-$n-s$seed
    if [ ! -s "$data.nq" ]; then
        echo "== generating $n triples"
        "$bin/gen" -n "$n" -s "$seed" -q "$data.nq" -t "$data.trig"
        lines=$(wc -l <"$data.nq")
        [ "$lines" -eq "$n" ] || { echo "run.sh: gen wrote $lines quads, not $n" >&2; exit 1; }
        serdi -i nquads -o ntriples "$data.nq" >"$data.nt" # sordi reads triples only
    fi
    out=$work/out-$n
    mkdir -p "$out"
    echo "== $n triples: serdi, rapper, sord"
    "$bin/driver" exec serdi parse /dev/null serdi -i nquads -o ntriples "$data.nq" >>"$raw"
    "$bin/driver" exec rapper parse /dev/null rapper -q -c -i nquads "$data.nq" >>"$raw"
    "$bin/driver" exec sord load-export-turtle "$out/sord.ttl" sordi -i ntriples -o turtle "$data.nt" >>"$raw"

    echo "== $n triples: kgsh"
    store=$work/store-$n
    rm -rf "$store"
    "$bin/driver" load-persistent "$store" "$data.nq" >>"$raw"
    "$bin/driver" load-memory "$data.nq" >>"$raw"
    "$bin/driver" queries "$store" "$queries" >>"$raw"
    "$bin/driver" explore "$store" >>"$raw"
    # The shell itself: start, open the store, answer, exit (libtool keeps
    # the real binary in .libs when kgsh links the shared libkg).
    kgsh_bin=$builddir/shell/.libs/kgsh
    [ -x "$kgsh_bin" ] || kgsh_bin=$builddir/shell/kgsh
    if [ -x "$kgsh_bin" ]; then
        LD_LIBRARY_PATH=$builddir/graph/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
            "$bin/driver" exec kgsh shell-start /dev/null "$kgsh_bin" --dir "$store" --readonly \
            -c 'ASK { ?s ?p ?o }' >>"$raw"
    fi
    "$bin/driver" export "$store" "$out/kgsh" >>"$raw"
    du -sk "$store" | awk -v n="$n" '{printf "{\"system\":\"kgsh\",\"size\":%s,\"op\":\"store-disk\",\"bytes\":%d}\n", n, $1 * 1024}' >>"$raw"

    echo "== $n triples: librdf (hashes, in memory) with rasqal"
    "$bin/peer_librdf" "$data.nq" "$queries" "$out/librdf" >>"$raw" 2>"$out/librdf.err" ||
        echo "run.sh: the librdf peer failed (see $out/librdf.err)" >&2
    echo "== $n triples: Oxigraph"
    node "$here/peer_oxigraph.js" "$data.nq" "$queries" "$out/oxigraph" >>"$raw" 2>"$out/oxigraph.err" ||
        echo "run.sh: the Oxigraph peer failed (see $out/oxigraph.err)" >&2
done
machine end >>"$raw"

node "$here/report.js" "$raw" "$here/results/latest.md" "$here/results/latest.json"
cat "$here/results/latest.md"
