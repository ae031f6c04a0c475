#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/shell/formats_test.sh - kgsh's output formats read by independent
# tools: JSON by python3's json module, CSV by its csv module, XML by its
# ElementTree, Turtle and N-Triples by rapper (raptor2-utils); each must
# hold the same rows as table mode. Also .output/.once files. TAP output.
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
KGSH=${KGSH:-$PWD/shell/kgsh}
export KGSH_DATADIR="$srcdir" LC_ALL=C.UTF-8 HOME=/nonexistent
tmp=$(mktemp -d /tmp/kgsh-formats.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
store="$tmp/store"
"$KGSH" -d "$store" --load-bundled -c '.quit' >/dev/null 2>&1 || { echo "Bail out! no store"; exit 1; }

# Literal-only rows, so table cells and W3C values are the same text.
Q='SELECT ?name ?industry WHERE { ?c a kg:Company ; rdfs:label ?name ; kg:industry ?industry } ORDER BY ?name ?industry'
C='CONSTRUCT { ?c kg:industry ?i } WHERE { ?c a kg:Company ; kg:industry ?i }'
S='SELECT DISTINCT ?c ?i WHERE { ?c a kg:Company ; kg:industry ?i }'
for mode in table csv json xml; do
    "$KGSH" -d "$store" --format $mode -c "$Q" >"$tmp/q.$mode" 2>&1
done
for mode in turtle ntriples; do
    "$KGSH" -d "$store" --format $mode -c "$C" >"$tmp/c.$mode" 2>&1
done
"$KGSH" -d "$store" --format csv -c "$S" >"$tmp/c.csv" 2>&1
printf '.mode csv\n.once %s/once.csv\n%s;\n.once %s/failed.csv\nSELECT * WHERE { ?s ?p };\n.output %s/all.json\n.mode json\n%s;\nASK {};\n.output\n' \
    "$tmp" "$Q" "$tmp" "$tmp" "$Q" | "$KGSH" -d "$store" >"$tmp/files.log" 2>&1
# settings typed between .once and its statement do not use the .once up
printf '.once %s/later.csv\n.mode csv\n.headers on\n.timer off\n%s;\nASK {};\n' "$tmp" "$Q" |
    "$KGSH" -d "$store" >"$tmp/later.log" 2>&1

exec env PYTHONPATH="$srcdir/tests/shell" python3 - "$tmp" <<'PY'
import csv, io, json, os, re, stat, subprocess, sys
import xml.etree.ElementTree as ET
from tap import Tap
tap = Tap(sys.argv[1])
check, read = tap.check, tap.read
tmp = tap.tmp

table = read("q.table")
rows = [[c.strip() for c in line.strip().strip("|").split("|")]
        for line in table.splitlines() if line.startswith("| ")]
header, table_rows = rows[0], rows[1:]
check("table__has_header_and_rows", header == ["name", "industry"] and len(table_rows) > 5, table)

text = read("q.csv")
try:
    parsed = list(csv.reader(io.StringIO(text)))
    ok = parsed[0] == header and parsed[1:] == table_rows
except Exception as e:
    ok, text = False, "%s\n%s" % (e, text)
check("csv__parses_and_matches_table_rows", ok, text)
check("csv__lines_end_in_crlf", text.count("\r\n") == len(table_rows) + 1, repr(text[:200]))

text = read("q.json")
try:
    doc = json.loads(text)
    got = [[b[v]["value"] for v in doc["head"]["vars"]] for b in doc["results"]["bindings"]]
    ok = doc["head"]["vars"] == header and got == table_rows
except Exception as e:
    ok, text = False, "%s\n%s" % (e, text)
check("json__parses_and_matches_table_rows", ok, text)

text = read("q.xml")
try:
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(text.encode("utf-8"))
    got = [[b.find("s:literal", ns).text for b in r.findall("s:binding", ns)]
           for r in root.find("s:results", ns).findall("s:result", ns)]
    ok = got == table_rows
except Exception as e:
    ok, text = False, "%s\n%s" % (e, text)
check("xml__parses_and_matches_table_rows", ok, text)

expected = {(r[0], r[1]) for r in list(csv.reader(io.StringIO(read("c.csv"))))[1:]}
triple = re.compile(r'^<([^>]*)> <https://w3id.org/kgsh/ontology#industry> "((?:[^"\\]|\\.)*)" \.$')
def rapper(name, syntax):
    p = subprocess.run(["rapper", "-q", "-i", syntax, "-o", "ntriples", os.path.join(tmp, name),
                        "http://example.org/base"], capture_output=True, text=True)
    return p.returncode, [l for l in p.stdout.splitlines() if l.strip()], p.stderr
for name, syntax in (("c.turtle", "turtle"), ("c.ntriples", "ntriples")):
    rc, triples, err = rapper(name, syntax)
    got = {m.groups() for m in map(triple.match, triples) if m}
    check("%s__rapper_reads_the_rows_of_the_select" % syntax,
          rc == 0 and len(expected) > 5 and got == expected and len(triples) == len(expected),
          "rc %d, %d triples, expected %d\n%s\n%s" % (rc, len(triples), len(expected), err, read(name)[:2000]))
rc1, t1, _ = rapper("c.turtle", "turtle")
rc2, t2, _ = rapper("c.ntriples", "ntriples")
check("turtle__same_triples_as_ntriples", sorted(set(t1)) == sorted(set(t2)))

log = read("files.log")
path = os.path.join(tmp, "once.csv")
ok = os.path.exists(path) and stat.S_IMODE(os.stat(path).st_mode) == 0o600
check("once__writes_the_file_with_mode_0600", ok, log)
if ok:
    check("once__file_holds_the_result", list(csv.reader(io.StringIO(read("once.csv")))) == [header] + table_rows, read("once.csv"))
check("once__waits_past_settings_for_the_next_result",
      os.path.exists(os.path.join(tmp, "later.csv")) and
      list(csv.reader(io.StringIO(read("later.csv")))) == [header] + table_rows and
      "iFLYTEK" not in read("later.log") and "true" in read("later.log"), read("later.log"))
check("once__failed_statement_leaves_no_file", not os.path.exists(os.path.join(tmp, "failed.csv")), log)
leftovers = [f for f in os.listdir(tmp) if ".csv." in f or ".json." in f]
check("output__leaves_no_temporary_files", not leftovers, leftovers)
try:
    with open(os.path.join(tmp, "all.json")) as f:
        docs = f.read()
    first, end = json.JSONDecoder().raw_decode(docs)
    second = json.loads(docs[end:])
    ok = len(first["results"]["bindings"]) == len(table_rows) and second["boolean"] is True
    ok = ok and stat.S_IMODE(os.stat(os.path.join(tmp, "all.json")).st_mode) == 0o600
except Exception as e:
    ok, docs = False, "%s\n%s" % (e, log)
check("output__collects_every_result_until_output_ends", ok, docs)
tap.finish()
PY
