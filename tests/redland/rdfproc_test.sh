#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/redland/rdfproc_test.sh - a second binding over the kgsh storage
# module: rdfproc (redland-utils) lists contexts, counts, adds and removes
# in contexts, finds, follows arcs and runs rasqal's sparql and kgsh's
# kgsparql on a kgsh store; the whole transcript must equal the golden
# rdfproc.out, and kgsh must read the writes afterwards. A missing rdfproc
# or module fails the test.
set -u
top_srcdir=${srcdir:-$(dirname "$0")/../..}
here=$top_srcdir/tests/redland
kgsh=./shell/kgsh
echo "1..2"
command -v rdfproc >/dev/null || { echo "not ok 1 - rdfproc is missing (apt-get install redland-utils)"; echo "not ok 2 - rdfproc is missing"; exit 1; }
# the sanitizer build's module needs ASan's runtime in rdfproc (not built here)
if [ -n "${KG_SANITIZER_PRELOAD:-}" ]; then
    rdfproc() { LD_PRELOAD=$KG_SANITIZER_PRELOAD ASAN_OPTIONS=detect_leaks=0 command rdfproc "$@"; }
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
store=$tmp/store
$kgsh -d "$store" -c ".load $here/data.trig" >/dev/null || exit 1
r() { echo "\$ rdfproc $*"; rdfproc -s kgsh -t "dir='$store'" kg "$@" 2>&1; echo "[exit $?]"; }
{
    r size
    r contexts
    r find http://ex/a - -
    r find - http://ex/knows - http://ex/g1
    r targets http://ex/a http://ex/knows
    r add http://ex/n http://ex/p http://ex/m http://ex/g5
    r add http://ex/n http://ex/label hallo http://ex/g5
    r add-typed http://ex/n http://ex/count 7 "" http://www.w3.org/2001/XMLSchema#integer
    r contains http://ex/n http://ex/p http://ex/m
    r contexts
    r query sparql http://ex/ 'SELECT ?p ?o WHERE { <http://ex/n> ?p ?o } ORDER BY ?o'
    r query kgsparql http://ex/ 'SELECT ?s ?o WHERE { ?s <http://ex/knows>+ ?o } ORDER BY ?s ?o'
    r query kgsparql http://ex/ 'ASK { <http://ex/a> (<http://ex/knows>/<http://ex/knows>) <http://ex/c> }'
    r query kgsparql http://ex/ 'SELECT ?x WHERE { ?x'
    r remove http://ex/n http://ex/p http://ex/m http://ex/g5
    r remove-context http://ex/g1
    r size
} > "$tmp/out"
if diff -u "$here/rdfproc.out" "$tmp/out"; then
    echo "ok 1 - rdfproc transcript equals rdfproc.out"
else
    echo "not ok 1 - rdfproc transcript differs from rdfproc.out"
fi
seen=$($kgsh -d "$store" --format tsv -c 'SELECT ?g ?o WHERE { GRAPH ?g { <http://ex/n> ?p ?o } };' 2>&1)
case $seen in
*'"hallo"'*) case $seen in *'<http://ex/m>'*) echo "not ok 2 - kgsh still sees a removed triple: $seen";;
                *) echo "ok 2 - kgsh sees rdfproc's writes";; esac;;
*) echo "not ok 2 - kgsh does not see rdfproc's writes: $seen" | tr '\n' ' '; echo;;
esac
