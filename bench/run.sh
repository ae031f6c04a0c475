#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/run.sh - the benchmark of issues 8 and 22: builds the driver and the
# generator, generates the synthetic news graph at each size, times kgsh
# (bench/driver) and its peers on the same data and the same query texts in
# one run, and writes bench/results/latest.md and latest.json (the tables,
# by bench/report.js).
#
# usage: bench/run.sh [--sizes "1M 10M"] [--peers "virtuoso jena"] [--10m] [--seed N] [--without-kgsh]
#   sizes    triple counts, with an optional k or M suffix (default "1M 10M";
#            SIZES in the environment, as `make bench SIZES="1M 10M 100M"`)
#   peers    any of: virtuoso jena (the native engines, the default),
#            oxigraph librdf serdi rapper sord (the light peers of issue 8);
#            PEERS in the environment
#   --without-kgsh  only the peers: a long run split into processes, each
#            with its own BENCH_WORK, whose raw.jsonl files report.js merges
#   BUILDDIR   a configured and built kgsh build tree (default: _build)
#   BENCH_WORK where data, stores and exports go (default: bench/work)
#   BENCH_TIMEOUT  seconds before a rasqal query is killed (default 5)
#   JENA_XMX   the Java heap of Jena's loader and queries (default 4g)
#   JENA_LOADER  tdb2.tdbloader's --loader (default phased, Jena's default)
#   BENCH_QUERY_TIMEOUT  seconds before a Jena query run is cancelled (120)
#   BENCH_VIRTUOSO_BUFFERS, BENCH_VIRTUOSO_DIRTY  Virtuoso's NumberOfBuffers
#              and MaxDirtyBuffers (default 340000 and 250000: about 4 GB)
#   RSS_BUDGET_MB  the load memory budget the report checks (default 2048)
#   CC, CFLAGS, DEP_CFLAGS, DEP_LIBS  as `make bench` passes them
# The compared figures are wall-clock times of the best of several warm runs
# (a server's CPU time is not the client's); nothing here is part of
# `make check`. Exits 3 when the engines disagree on a query's row count.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
sizes=${SIZES:-1M 10M}
peers=${PEERS:-virtuoso jena}
seed=1
kgsh=yes
while [ $# -gt 0 ]; do
    case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --10m) sizes="$sizes 10M"; shift ;;
    --seed) seed=$2; shift 2 ;;
    --without-kgsh) kgsh=no; shift ;;
    *) echo "usage: $0 [--sizes \"1M 10M\"] [--peers \"virtuoso jena\"] [--10m] [--seed N] [--without-kgsh]" >&2; exit 2 ;;
    esac
done

# 1M -> 1000000, 10k -> 10000; plain numbers stay.
count() {
    case "$1" in
    *[kK]) echo $((${1%[kK]} * 1000)) ;;
    *M) echo $((${1%M} * 1000000)) ;;
    *[!0-9]* | '') echo "run.sh: not a size: $1" >&2; exit 2 ;;
    *) echo "$1" ;;
    esac
}
counts=""
for s in $sizes; do counts="$counts $(count "$s")"; done
# shellcheck disable=SC2086 # one count a word
counts=$(printf '%s\n' $counts | sort -n | uniq | tr '\n' ' ')

has() {
    case " $peers " in *" $1 "*) return 0 ;; *) return 1 ;; esac
}

builddir=${BUILDDIR:-$top/_build}
work=${BENCH_WORK:-$here/work}
CC=${CC:-cc}
CFLAGS=${CFLAGS:--O2 -g}
# Run directly rather than by `make bench`: the dependency flags are the
# build tree's own, asked of its Makefile, so they never lag configure's.
build_var() {
    printf 'kg-bench-print:\n\t@echo $(%s)\n' "$1" |
        make -s --no-print-directory -C "$builddir" -f Makefile -f - kg-bench-print
}
DEP_CFLAGS=${DEP_CFLAGS:-$(build_var DEP_CFLAGS)}
DEP_LIBS=${DEP_LIBS:-$(build_var DEP_LIBS)}
export BENCH_TIMEOUT="${BENCH_TIMEOUT:-5}"
jena_xmx=${JENA_XMX:-4g}
jena_loader=${JENA_LOADER:-phased}

core=$builddir/graph/.libs/libkg-core.a
if [ ! -f "$core" ]; then
    echo "run.sh: $core not found: build kgsh first (or set BUILDDIR)" >&2
    exit 1
fi

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "run.sh: $1 not found (apt-get install -y $2)" >&2; exit 1; }
}
need pkg-config pkg-config
need python3 python3
need node nodejs # report.js
if has virtuoso; then need virtuoso-t virtuoso-opensource-7; need isql-vt virtuoso-opensource-7; need curl curl; fi
if has jena; then
    need java default-jre-headless
    [ -f /usr/share/java/jena-tdb2.jar ] || { echo "run.sh: Jena not found (apt-get install -y libapache-jena-java)" >&2; exit 1; }
fi
if has oxigraph; then need npm npm; fi
if has serdi || has sord; then need serdi serdi; fi
if has rapper; then need rapper raptor2-utils; fi
if has sord; then need sordi sordi; fi

bin=$work/bin
mkdir -p "$bin" "$here/results"
echo "== building the driver and the generator"
# shellcheck disable=SC2086 # flag lists are meant to split
$CC -std=gnu11 $CFLAGS -Wall -Wextra -o "$bin/gen" "$here/gen.c"
# shellcheck disable=SC2086
$CC -std=gnu11 $CFLAGS -Wall -Wextra -I"$top/graph" $DEP_CFLAGS -o "$bin/driver" \
    "$here/driver.c" "$core" $DEP_LIBS
if has librdf; then
    # shellcheck disable=SC2086,SC2046
    $CC -std=gnu11 $CFLAGS -Wall -Wextra $(pkg-config --cflags redland) -o "$bin/peer_librdf" \
        "$here/peer_librdf.c" $(pkg-config --libs redland raptor2)
fi
if has oxigraph; then
    echo "== installing Oxigraph from npm into bench/node_modules"
    (cd "$here" && npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null)
fi

# Jena's class path: Debian ships the jars without one. Debian's jena-core
# also moved the bundled Xerces classes to the package "xerces" but left
# their message files under org/apache/jena/ext/xerces, so the XSD
# datatypes fail to initialise ("internal error"); a copy of the files
# where the classes look for them fixes that.
jena_classpath() {
    res=$work/jena-resources
    if [ ! -d "$res/xerces" ]; then
        rm -rf "$res" && mkdir -p "$res"
        (cd "$res" && unzip -q /usr/share/java/jena-core.jar 'org/apache/jena/ext/xerces/*.properties' &&
            mv org/apache/jena/ext/xerces xerces && rm -rf org)
    fi
    cp=$res
    for j in /usr/share/java/jena-*.jar; do
        case $j in *-[0-9]*.jar) ;; *) cp=$cp:$j ;; esac
    done
    for j in slf4j-api slf4j-jdk14 guava commons-cli commons-codec commons-compress commons-csv \
        commons-io commons-lang3 dexx.collection gson httpclient httpclient-cache httpcore \
        jackson-annotations jackson-core jackson-databind jakarta.json-api jsonld-java thrift; do
        cp=$cp:/usr/share/java/$j.jar
    done
    echo "$cp"
}
if has jena; then
    need unzip unzip
    jcp=$(jena_classpath)
fi

queries=$work/queries
rm -rf "$queries"
"$bin/driver" expand "$here/queries" "$queries"

raw=$work/raw.jsonl
: >"$raw"
machine() {
    printf '{"system":"machine","op":"%s","nproc":%s,"loadavg":"%s","cpu":"%s","mem_kb":%s,"date":"%s"}\n' \
        "$1" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
        "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)" \
        "$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
machine start >>"$raw"
disk() { # SYSTEM PATH...: the bytes the files take on disk
    system=$1
    shift
    # %.0f, not %d: Debian's mawk clamps %d to 2^31 - 1 (a 12 GB store was
    # reported as 2 GiB)
    du -skc "$@" | tail -1 | awk -v s="$system" -v n="$BENCH_SIZE" \
        '{printf "{\"system\":\"%s\",\"size\":%s,\"op\":\"store-disk\",\"bytes\":%.0f}\n", s, n, $1 * 1024}'
}

for n in $counts; do
    export BENCH_SIZE="$n"
    data=$work/data-$n-s$seed
    if [ ! -s "$data.nq" ]; then
        echo "== generating $n triples"
        "$bin/gen" -n "$n" -s "$seed" -q "$data.nq"
        lines=$(wc -l <"$data.nq")
        [ "$lines" -eq "$n" ] || { echo "run.sh: gen wrote $lines quads, not $n" >&2; exit 1; }
    fi
    out=$work/out-$n
    rm -rf "$out"
    mkdir -p "$out"
    if has serdi; then "$bin/driver" exec serdi parse /dev/null serdi -i nquads -o ntriples "$data.nq" >>"$raw"; fi
    if has rapper; then "$bin/driver" exec rapper parse /dev/null rapper -q -c -i nquads "$data.nq" >>"$raw"; fi
    if has sord; then
        [ -s "$data.nt" ] || serdi -i nquads -o ntriples "$data.nq" >"$data.nt" # sordi reads triples only
        "$bin/driver" exec sord load-export-turtle "$out/sord.ttl" sordi -i ntriples -o turtle "$data.nt" >>"$raw"
    fi

    store=$out/kgsh-store
    if [ "$kgsh" = yes ]; then
        echo "== $n triples: kgsh"
        "$bin/driver" load-persistent "$store" "$data.nq" >>"$raw"
        disk kgsh "$store" >>"$raw"
        if has oxigraph || has librdf; then "$bin/driver" load-memory "$data.nq" >>"$raw"; fi
        "$bin/driver" queries "$store" "$queries" >>"$raw"
        "$bin/driver" explore "$store" >>"$raw"
        # Open + first query: the shell itself starts, opens the store, answers,
        # exits (libtool keeps the real binary in .libs when kgsh links the
        # shared libkg).
        kgsh_bin=$builddir/shell/.libs/kgsh
        [ -x "$kgsh_bin" ] || kgsh_bin=$builddir/shell/kgsh
        LD_LIBRARY_PATH=$builddir/graph/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
            "$bin/driver" exec kgsh shell-start /dev/null "$kgsh_bin" --dir "$store" --readonly \
            -c 'ASK { ?s ?p ?o }' >>"$raw"
        "$bin/driver" export "$store" "$out/kgsh" >>"$raw"
        rm -f "$out/kgsh.ttl" "$out/kgsh.nq"
    fi

    if has virtuoso; then
        echo "== $n triples: Virtuoso (private server, bulk loader)"
        python3 "$here/peer_virtuoso.py" "$data.nq" "$queries" "$out/virtuoso" >>"$raw" 2>"$out/virtuoso.err" ||
            echo "run.sh: the Virtuoso peer failed (see $out/virtuoso.err)" >&2
        rm -f "$out/virtuoso/virtuoso.nq"
    fi
    if has jena; then
        echo "== $n triples: Jena TDB2"
        # The default graph's triples go into a named graph (gen -d): TDB2's
        # union default graph is the union of the named graphs only.
        [ -s "$data.jena.nq" ] || "$bin/gen" -n "$n" -s "$seed" -q "$data.jena.nq" -d urn:kgsh:bench:default
        jdb=$out/jena-db
        # Jena logs its progress on stderr: to jena.log.
        "$bin/driver" exec jena load-persistent /dev/null java -Xmx"$jena_xmx" -cp "$jcp" \
            tdb2.tdbloader --loader="$jena_loader" --loc "$jdb" "$data.jena.nq" >>"$raw" 2>"$out/jena.log" ||
            echo "run.sh: Jena's loader failed (see $out/jena.log)" >&2
        disk jena "$jdb" >>"$raw"
        java -Xmx"$jena_xmx" -cp "$jcp" "$here/PeerJena.java" "$jdb" "$queries" >>"$raw" 2>>"$out/jena.log" ||
            echo "run.sh: the Jena query driver failed (see $out/jena.log)" >&2
        "$bin/driver" exec jena export-nquads "$out/jena.nq" java -Xmx"$jena_xmx" -cp "$jcp" \
            tdb2.tdbdump --loc "$jdb" >>"$raw" 2>>"$out/jena.log" || echo "run.sh: tdb2.tdbdump failed" >&2
        rm -f "$out/jena.nq"
        "$bin/driver" exec jena open /dev/null java -Xmx"$jena_xmx" -cp "$jcp" \
            tdb2.tdbquery --loc "$jdb" 'ASK { ?s ?p ?o }' >>"$raw" 2>>"$out/jena.log" ||
            echo "run.sh: tdb2.tdbquery failed" >&2
    fi

    if has librdf; then
        echo "== $n triples: librdf (hashes, in memory) with rasqal"
        "$bin/peer_librdf" "$data.nq" "$queries" "$out/librdf" >>"$raw" 2>"$out/librdf.err" ||
            echo "run.sh: the librdf peer failed (see $out/librdf.err)" >&2
    fi
    if has oxigraph; then
        echo "== $n triples: Oxigraph"
        node "$here/peer_oxigraph.js" "$data.nq" "$queries" "$out/oxigraph" >>"$raw" 2>"$out/oxigraph.err" ||
            echo "run.sh: the Oxigraph peer failed (see $out/oxigraph.err)" >&2
    fi
    # The stores are large at 10M and more; keep only the figures.
    rm -rf "$store" "$out/jena-db" "$out/virtuoso/virtuoso-db"
done
machine end >>"$raw"

stamp=$(date -u +%Y-%m-%d)
status=0
node "$here/report.js" "$raw" "$here/results/latest.md" "$here/results/latest.json" || status=$?
# A dated copy never replaces an earlier run's (the README may quote it):
# a second run of the same day and sizes gets -2, -3, ...
dated=$here/results/$stamp-$(echo "$sizes" | tr ' ' '-')
copy=$dated.md
n=2
while [ -e "$copy" ]; do
    copy=$dated-$n.md
    n=$((n + 1))
done
cp "$here/results/latest.md" "$copy"
cat "$here/results/latest.md"
[ "$status" -eq 0 ] || echo "run.sh: report.js exited $status (3: the engines disagree on row counts; see the table)" >&2
exit "$status"
