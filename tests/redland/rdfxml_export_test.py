#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/redland/rdfxml_export_test.py - .export FILE.rdf writes RDF/XML
through raptor's serializer: rapper (raptor2-utils) parses the file back to
the same triples as kgsh's own N-Triples export of the same selection (the
whole store, one named graph), compared as graphs by rdflib (blank nodes up
to renaming; language tags compared case-insensitively, as RDF 1.1 says,
since rapper lowercases them); a predicate RDF/XML cannot write is a clear
error that leaves no file. TAP output."""
import os
import subprocess
import sys
import tempfile

from rdflib import Graph, Literal
from rdflib.compare import isomorphic

BUILD = os.environ.get("abs_top_builddir") or os.getcwd()
SRC = os.environ.get("srcdir") or os.path.join(os.path.dirname(__file__), "..", "..")
KGSH = os.path.join(BUILD, "shell", "kgsh")
results = []


def kgsh(store, *args):
    return subprocess.run([KGSH, "-d", store] + list(args), capture_output=True, text=True)


def graph_of(ntriples):
    g = Graph().parse(data=ntriples, format="nt")
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def same_triples(name, store, tmp, graph_arg):
    rdf, nt = os.path.join(tmp, name + ".rdf"), os.path.join(tmp, name + ".nt")
    extra = [graph_arg] if graph_arg else []
    a = kgsh(store, "-c", " ".join([".export", rdf] + extra))
    b = kgsh(store, "-c", " ".join([".export", nt] + extra))
    if a.returncode or b.returncode:
        return False, a.stderr + b.stderr
    parsed = subprocess.run(["rapper", "-q", "-i", "rdfxml", "-o", "ntriples", rdf],
                            capture_output=True, text=True)
    if parsed.returncode:
        return False, parsed.stderr
    with open(nt, encoding="utf-8") as f:
        expected = graph_of(f.read())
    got = graph_of(parsed.stdout)
    return isomorphic(expected, got) and len(got) > 0, "%d vs %d triples" % (len(expected), len(got))


def main():
    with tempfile.TemporaryDirectory(prefix="kgsh-rdfxml-") as tmp:
        store = os.path.join(tmp, "store")
        kgsh(store, "-c", ".load %s" % os.path.join(SRC, "tests", "redland", "data.trig"))
        results.append(("the whole store re-parses to the same triples",)
                       + same_triples("all", store, tmp, None))
        results.append(("one named graph re-parses to the same triples",)
                       + same_triples("g1", store, tmp, "<http://ex/g1>"))
        bad = os.path.join(tmp, "bad")
        kgsh(bad, "-c", "INSERT DATA { <http://ex/a> <http://ex/p/> 1 };")
        out = os.path.join(tmp, "bad.rdf")
        r = kgsh(bad, "-c", ".export " + out)
        results.append(("a predicate RDF/XML cannot write fails clearly, leaving no file",
                        r.returncode != 0 and "http://ex/p/" in r.stderr and not os.path.exists(out),
                        r.stderr))
    print("1..%d" % len(results))
    for i, (name, ok, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            for line in str(detail).splitlines():
                print("# " + line)
    return 0 if all(r[1] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
