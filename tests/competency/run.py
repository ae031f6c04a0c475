# SPDX-License-Identifier: LGPL-2.1-or-later
"""Compute (or check) the expected results of the competency questions with an
independent engine, rdflib: load ontology/kgsh.ttl and every
datasets/articles/*.trig into one dataset whose default graph is the union of
all graphs, run each tests/competency/cq*.rq, and write its results as W3C
SPARQL 1.1 JSON (cq*.srj).

Usage: run.py            rewrite every .srj
       run.py --check    exit 1 if any committed .srj differs from rdflib

Every expected result was also checked by reading the articles (see
tests/competency/README.md). Authoring tool only: kgsh's own tests read the
.rq/.srj pairs and never need Python.
"""

import glob
import json
import os
import sys

from rdflib import BNode, Dataset, Literal, URIRef

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def load():
    ds = Dataset(default_union=True)
    ds.graph(URIRef("https://w3id.org/kgsh/ontology")).parse(
        os.path.join(ROOT, "ontology", "kgsh.ttl"), format="turtle")
    for path in sorted(glob.glob(os.path.join(ROOT, "datasets", "articles", "*.trig"))):
        ds.parse(path, format="trig")
    return ds


def term_json(t):
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    out = {"type": "literal", "value": str(t)}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype is not None:
        out["datatype"] = str(t.datatype)
    return out


def results_json(result):
    names = [str(v) for v in result.vars]
    rows = []
    for row in result:
        binding = {}
        for name in names:
            value = row[name]
            if value is not None:
                binding[name] = term_json(value)
        rows.append(binding)
    doc = {"head": {"vars": names}, "results": {"bindings": rows}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main(argv):
    check = "--check" in argv
    ds = load()
    failed = False
    for rq in sorted(glob.glob(os.path.join(HERE, "cq*.rq"))):
        with open(rq, encoding="utf-8") as f:
            text = results_json(ds.query(f.read()))
        srj = rq[:-3] + ".srj"
        name = os.path.basename(rq)
        rows = len(json.loads(text)["results"]["bindings"])
        if check:
            with open(srj, encoding="utf-8") as f:
                same = f.read() == text
            failed |= not same
            print(f"{'ok' if same else 'DIFFERS'} {name} ({rows} rows)")
        else:
            with open(srj, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {os.path.basename(srj)} ({rows} rows)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
