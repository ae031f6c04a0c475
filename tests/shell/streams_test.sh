#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/shell/streams_test.sh - what goes where: results and exports alone on
# standard output, notices ("Loaded ...", "1 quad added") and errors on
# standard error, -q silencing the notices. For every mode and every command
# that takes --format, "kgsh --format MODE ... >f" must leave in f exactly
# what python3's csv/json/xml readers accept. TAP output.
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
KGSH=${KGSH:-$PWD/shell/kgsh}
export KGSH_DATADIR="$srcdir" LC_ALL=C.UTF-8 HOME=/nonexistent
unset KGSH_STORE PAGER
tmp=$(mktemp -d /tmp/kgsh-streams.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
store="$tmp/store"

# A fresh store filled by --load-bundled in the same run as a query: the
# "Loaded the bundled data" notice must not reach the CSV.
"$KGSH" -d "$store" --load-bundled --format csv \
    -c 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' >"$tmp/bundled.csv" 2>"$tmp/bundled.err"

Q='SELECT ?name WHERE { ?c a kg:Company ; rdfs:label ?name } ORDER BY ?name'
for mode in csv tsv json xml; do
    "$KGSH" -d "$store" --format $mode -c "$Q" >"$tmp/select.$mode" 2>"$tmp/select.$mode.err"
    "$KGSH" -d "$store" --format $mode -c "INSERT DATA { <urn:s:$mode> <urn:p> <urn:o> }" \
        >"$tmp/update.$mode" 2>"$tmp/update.$mode.err"
    "$KGSH" -d "$store" --format $mode -c ".load $srcdir/tests/shell/data/small.ttl <urn:g:$mode>" \
        >"$tmp/load.$mode" 2>"$tmp/load.$mode.err"
    "$KGSH" -d "$store" --format $mode -c ".export $tmp/export.$mode.ttl" \
        >"$tmp/export.$mode" 2>"$tmp/export.$mode.err"
    # every command that takes --format, as a subcommand
    for cmd in graphs stats "search tek" "describe iflytek" "exposure" "path iflytek kgr:xunfei-healthcare" \
        "neighbors iflytek 1"; do
        name=$(echo "$cmd" | cut -d' ' -f1)
        # shellcheck disable=SC2086
        "$KGSH" -d "$store" --format $mode $cmd >"$tmp/$name.$mode" 2>"$tmp/$name.$mode.err"
        echo $? >"$tmp/$name.$mode.status"
    done
done
"$KGSH" -d "$store" export - >"$tmp/export-stdout.ttl" 2>"$tmp/export-stdout.err"
"$KGSH" -d "$store" -c '.infer off' -c '.export - --syntax nquads' >"$tmp/export-stdout.nq" \
    2>"$tmp/export-stdout.nq.err"
"$KGSH" -d "$store" --format csv graphs >"$tmp/after.csv" 2>&1
"$KGSH" -d "$store" graphs --format csv >"$tmp/after-option.csv" 2>&1
"$KGSH" -q -d "$store" -c ".load $srcdir/tests/shell/data/small.ttl <urn:g:quiet>" \
    >"$tmp/quiet.out" 2>"$tmp/quiet.err"
"$KGSH" -q -d "$store" -c 'SELECT * WHERE {' >/dev/null 2>"$tmp/quiet-error.err"
"$KGSH" -q -d "$store" --format csv -c 'SELECT ?s WHERE { ?s a kg:Compnay }' >"$tmp/typo.csv" 2>"$tmp/typo.err"

exec env PYTHONPATH="$srcdir/tests/shell" python3 - "$tmp" <<'PY'
import csv, io, json, os, sys
import xml.etree.ElementTree as ET
from tap import Tap
tap = Tap(sys.argv[1])
check, read = tap.check, tap.read
tmp = tap.tmp

def parse(mode, text):
    """The rows of text in mode, or an exception."""
    if mode == "csv":
        return list(csv.reader(io.StringIO(text)))
    if mode == "tsv":
        rows = [line.split("\t") for line in text.split("\n") if line]
        if any(len(r) != len(rows[0]) for r in rows):
            raise ValueError("ragged TSV")
        return rows
    if mode == "json":
        doc = json.loads(text)
        return [doc["head"]["vars"]] + [[b.get(v, {}).get("value") for v in doc["head"]["vars"]]
                                        for b in doc["results"]["bindings"]]
    root = ET.fromstring(text.encode("utf-8"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    return [[v.get("name") for v in root.iter(ns + "variable")]] + \
        [[b.get("name") for b in r] for r in root.iter(ns + "result")]

def parses(mode, text):
    try:
        rows = parse(mode, text)
        return len(rows) >= 1, rows
    except Exception as e:
        return False, e

text, err = read("bundled.csv"), read("bundled.err")
check("streams__bundled_load_notice_goes_to_stderr",
      text == "n\r\n4394\r\n" and "Loaded the bundled data" in err, repr(text) + "\n" + err)

for mode in ("csv", "tsv", "json", "xml"):
    text = read("select.%s" % mode)
    ok, rows = parses(mode, text)
    check("streams__%s_select_stdout_is_only_the_results" % mode,
          ok and [v.lstrip("?") for v in rows[0]] == ["name"] and len(rows) > 5 and not read("select.%s.err" % mode),
          "%r\n%s" % (rows, text[:500]))
    check("streams__%s_update_count_goes_to_stderr" % mode,
          read("update.%s" % mode) == "" and "1 quad added, 0 removed" in read("update.%s.err" % mode),
          read("update.%s" % mode))
    check("streams__%s_load_notice_goes_to_stderr" % mode,
          read("load.%s" % mode) == "" and "Loaded 6 statements" in read("load.%s.err" % mode),
          read("load.%s" % mode))
    check("streams__%s_export_notice_goes_to_stderr" % mode,
          read("export.%s" % mode) == "" and "Exported" in read("export.%s.err" % mode),
          read("export.%s" % mode))
    for cmd in ("graphs", "stats", "search", "describe", "exposure", "path", "neighbors"):
        text = read("%s.%s" % (cmd, mode))
        ok, rows = parses(mode, text)
        status = read("%s.%s.status" % (cmd, mode)).strip()
        check("streams__%s_%s_stdout_parses" % (mode, cmd),
              ok and status == "0" and len(rows) > 1,
              "status %s\n%r\n%s\n%s" % (status, rows, text[:600], read("%s.%s.err" % (cmd, mode))))

import re, subprocess
def notice_count(name):
    m = re.search(r"Exported (\d+) (triples|quads) to standard output", read(name))
    return int(m.group(1)) if m else -1
p = subprocess.run(["rapper", "-i", "turtle", "-c", os.path.join(tmp, "export-stdout.ttl"),
                    "http://example.org/base"], capture_output=True, text=True)
m = re.search(r"returned (\d+) triples", p.stderr + p.stdout)
check("streams__export_to_stdout_is_only_turtle",
      p.returncode == 0 and m and int(m.group(1)) == notice_count("export-stdout.err") > 3000,
      p.stderr + read("export-stdout.err"))
lines = [l for l in read("export-stdout.nq").splitlines() if l]
check("streams__export_to_stdout_follows_infer_off",
      len(lines) == notice_count("export-stdout.nq.err") > 2000 and
      not any("graph/inferred>" in l for l in lines) and "left out" in read("export-stdout.nq.err"),
      read("export-stdout.nq.err"))
check("streams__options_after_a_subcommand_are_accepted",
      read("after-option.csv") == read("after.csv") and read("after.csv").startswith("graph,quads"),
      read("after-option.csv"))
check("streams__quiet_silences_notices", read("quiet.out") == "" and read("quiet.err") == "",
      read("quiet.err"))
check("streams__quiet_keeps_errors", "Error:" in read("quiet-error.err"), read("quiet-error.err"))
check("streams__typo_warning_goes_to_stderr_even_with_quiet",
      read("typo.csv") == "s\r\n" and
      read("typo.err") == "Warning: kg:Compnay is not in the store; did you mean kg:Company?\n",
      read("typo.csv") + read("typo.err"))
tap.finish()
PY
