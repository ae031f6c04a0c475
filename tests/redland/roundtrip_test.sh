#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/redland/roundtrip_test.sh - kgsh -> librdf storage -> kgsh through
# .export-redland and import-redland, and BDB hashes -> kgsh -> BDB hashes.
# Through the sqlite storage the copy's N-Quads export is byte-identical to
# the original's (sqlite hands statements back in the order they were
# written). Through BDB hashes the plain exports differ in order (kgsh
# numbers terms in the order it first sees them and exports in that
# numbering, and BDB hands statements back in its key order), so there the
# sorted exports (kgsh export FILE --sorted) must be byte-identical: the same
# graphs, blank-node labels, language tags, datatypes and escapes. The
# other way round: a BDB store imported into kgsh and exported to a new BDB
# store serialises to the same bytes (BDB's key order does not depend on
# the writing order).
# Also: --graph, all-or-nothing on a failing storage, the virtuoso refusal.
set -u
top_srcdir=${srcdir:-$(dirname "$0")/../..}
kgsh=./shell/kgsh
# the sanitizer build's module needs ASan's runtime in rdfproc (not built here)
if [ -n "${KG_SANITIZER_PRELOAD:-}" ]; then
    rdfproc() { LD_PRELOAD=$KG_SANITIZER_PRELOAD ASAN_OPTIONS=detect_leaks=0 command rdfproc "$@"; }
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
echo "1..10"
$kgsh -d "$tmp/a" -c ".load $top_srcdir/tests/redland/data.trig" >/dev/null &&
    $kgsh -q -d "$tmp/a" export "$tmp/a.nq" &&
    $kgsh -q -d "$tmp/a" export "$tmp/a.sorted.nq" --sorted || { echo "Bail out! cannot build the store"; exit 1; }

# round trip: STORAGE NAME EXPORT-OPTIONS IMPORT-OPTIONS COPY [--sorted]:
# the copy's N-Quads export (sorted or not) must be byte-identical to the
# original's
roundtrip() {
    out=$($kgsh -d "$tmp/a" export-redland "$1" "$2" "$3" 2>&1 &&
          $kgsh -d "$tmp/$5" import-redland "$1" "$2" "$4" 2>&1 &&
          $kgsh -d "$tmp/$5" export "$tmp/$5.nq" ${6:-} 2>&1)
    rc=$?
    a=$tmp/a${6:+.sorted}.nq
    what="kgsh -> $1 -> kgsh gives a byte-identical ${6:+sorted }N-Quads export"
    if [ $rc -ne 0 ]; then
        not_ok "kgsh -> $1 -> kgsh" "$out"
    elif cmp -s "$tmp/$5.nq" "$a"; then
        ok "$what"
    else
        not_ok "$what" "$(diff "$a" "$tmp/$5.nq")"
    fi
}
if LC_ALL=C sort "$tmp/a.nq" | cmp -s - "$tmp/a.sorted.nq"; then
    ok "export --sorted writes the lines as LC_ALL=C sort orders them"
else
    not_ok "export --sorted writes the lines as LC_ALL=C sort orders them" \
        "$(LC_ALL=C sort "$tmp/a.nq" | diff - "$tmp/a.sorted.nq")"
fi
roundtrip sqlite "$tmp/x.db" "new='yes'" "" sq
mkdir "$tmp/bdb" "$tmp/bdb2"
bdb="hash-type='bdb',dir='$tmp/bdb',contexts='yes'"
roundtrip hashes kg "$bdb,new='yes'" "$bdb" copy --sorted

# BDB -> kgsh -> BDB: the new BDB store serialises to the same bytes
bdb2="hash-type='bdb',dir='$tmp/bdb2',contexts='yes'"
out=$($kgsh -d "$tmp/copy" export-redland hashes kg "$bdb2,new='yes'" 2>&1)
rdfproc -q -s hashes -t "$bdb" kg serialize nquads >"$tmp/bdb.nq" 2>"$tmp/bdb.err"
rdfproc -q -s hashes -t "$bdb2" kg serialize nquads >"$tmp/bdb2.nq" 2>>"$tmp/bdb.err"
if [ -s "$tmp/bdb.nq" ] && cmp -s "$tmp/bdb.nq" "$tmp/bdb2.nq"; then
    ok "BDB -> kgsh -> BDB serialises to the same bytes"
else
    not_ok "BDB -> kgsh -> BDB serialises to the same bytes" "$out" "$(cat "$tmp/bdb.err")" \
        "$(diff "$tmp/bdb.nq" "$tmp/bdb2.nq")"
fi

out=$($kgsh -d "$tmp/g" import-redland sqlite "$tmp/x.db" --graph '<http://ex/in>' 2>&1 &&
      $kgsh -d "$tmp/g" --format csv -c 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g;' 2>&1)
case $out in
*'http://ex/g1,3'*'http://ex/g2,2'*'http://ex/in,3'*) ok "--graph takes the statements without a context";;
*) not_ok "--graph takes the statements without a context" "$out";;
esac

# a storage without contexts cannot take named graphs: a clear error
out=$($kgsh -d "$tmp/a" export-redland hashes nc "hash-type='bdb',dir='$tmp/bdb',new='yes'" 2>&1)
case $? in
0) not_ok "named graphs into a storage without contexts fail" "$out";;
*) case $out in *"contexts='yes'"*) ok "named graphs into a storage without contexts fail clearly";;
   *) not_ok "named graphs into a storage without contexts fail clearly" "$out";; esac;;
esac

# all or nothing: a statement kgsh refuses (a relative IRI, which librdf
# keeps) after a good one leaves the store as it was, and says why
rdfproc -q -s sqlite -t "new='yes'" "$tmp/bad.db" add http://ex/a http://ex/p http://ex/b
rdfproc -q -s sqlite "$tmp/bad.db" add rel http://ex/p http://ex/c
rdfproc -q -s sqlite "$tmp/bad.db" add http://ex/z http://ex/p http://ex/b
$kgsh -d "$tmp/h" -c 'INSERT DATA { <http://ex/keep> <http://ex/p> 1 };' >/dev/null
out=$($kgsh -d "$tmp/h" import-redland sqlite "$tmp/bad.db" 2>&1)
rc=$?
count=$($kgsh -d "$tmp/h" --format csv -c 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o };' | tail -1 | tr -d '\r')
if [ $rc -ne 0 ] && [ "$count" = 1 ] && case $out in *"<rel>"*) true;; *) false;; esac; then
    ok "a failed import changes nothing and says why"
else
    not_ok "a failed import changes nothing and says why" "rc $rc, count $count" "$out"
fi

# the summaries are notices: on stderr, silenced by -q, never mixed into a
# script's standard output
$kgsh -d "$tmp/a" export-redland sqlite "$tmp/n.db" "new='yes'" >"$tmp/n.out" 2>"$tmp/n.err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$tmp/n.out" ] &&
    grep -qx "Exported 8 statements to the librdf sqlite storage $tmp/n.db" "$tmp/n.err"; then
    ok "the export's summary is a notice on stderr, not data on stdout"
else
    not_ok "the export's summary is a notice on stderr, not data on stdout" "rc $rc" \
        "stdout: $(cat "$tmp/n.out")" "stderr: $(cat "$tmp/n.err")"
fi
$kgsh -q -d "$tmp/n" import-redland sqlite "$tmp/n.db" >"$tmp/n.out" 2>"$tmp/n.err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$tmp/n.out" ] && [ ! -s "$tmp/n.err" ]; then
    ok "-q silences the import's summary"
else
    not_ok "-q silences the import's summary" "rc $rc" "stdout: $(cat "$tmp/n.out")" \
        "stderr: $(cat "$tmp/n.err")"
fi

out=$($kgsh -d "$tmp/h" import-redland virtuoso db "dsn='x'" 2>&1)
case $? in
0) not_ok "librdf's virtuoso storage is refused" "$out";;
*) case $out in *".pull"*) ok "librdf's virtuoso storage is refused, pointing at .pull";;
   *) not_ok "librdf's virtuoso storage is refused, pointing at .pull" "$out";; esac;;
esac
