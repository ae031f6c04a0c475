# SPDX-License-Identifier: LGPL-2.1-or-later
"""Compute (or check) the expected results of the competency questions with an
independent engine, rdflib: load ontology/kgsh.ttl and every
datasets/articles/*.trig into one dataset whose default graph is the union of
all graphs, run each tests/competency/cq*.rq, and write its results as W3C
SPARQL 1.1 JSON (cq*.srj).

Usage: run.py            rewrite every .srj
       run.py --check    exit 1 if any committed .srj differs from rdflib

A question whose file name ends in -inferred.rq is asked with inference on:
the dataset gets one more graph holding what the ontology's rules derive
(infer() below, written apart from kgsh's engine: rdfs:subClassOf,
rdfs:subPropertyOf, owl:inverseOf, owl:TransitiveProperty,
owl:SymmetricProperty and two-property owl:propertyChainAxiom, as in
graph/kg/explore.h).

Every expected result was also checked by reading the articles (see
tests/competency/README.md). Authoring tool only: kgsh's own tests read the
.rq/.srj pairs and never need Python.
"""

import glob
import json
import os
import sys

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def load():
    ds = Dataset(default_union=True)
    ds.graph(URIRef("https://w3id.org/kgsh/ontology")).parse(
        os.path.join(ROOT, "ontology", "kgsh.ttl"), format="turtle")
    for path in sorted(glob.glob(os.path.join(ROOT, "datasets", "articles", "*.trig"))):
        ds.parse(path, format="trig")
    return ds


def infer(ds):
    """A dataset holding ds plus its closure under the rules, in a graph of
    its own."""
    union = set(ds.triples((None, None, None)))
    sub_class = {(s, o) for s, p, o in union if p == RDFS.subClassOf}
    sub_prop = {(s, o) for s, p, o in union if p == RDFS.subPropertyOf}
    inverse = {(s, o) for s, p, o in union if p == OWL.inverseOf}
    inverse |= {(o, s) for s, o in inverse}
    transitive = {s for s, p, o in union if p == RDF.type and o == OWL.TransitiveProperty}
    symmetric = {s for s, p, o in union if p == RDF.type and o == OWL.SymmetricProperty}
    graph = Graph()
    for t in union:
        graph.add(t)
    chains = []
    for s, p, o in union:
        if p == OWL.propertyChainAxiom:
            members = list(Collection(graph, o))
            if len(members) == 2:
                chains.append((s, members[0], members[1]))
    facts = set(union)
    while True:
        new = set()
        for s, p, o in facts:
            if p == RDF.type:
                new |= {(s, p, d) for c, d in sub_class if c == o}
                continue
            new |= {(s, q, o) for c, q in sub_prop if c == p}
            if isinstance(o, Literal):
                continue
            new |= {(o, q, s) for c, q in inverse if c == p}
            if p in symmetric:
                new.add((o, p, s))
            if p in transitive:
                new |= {(s, p, z) for y, q, z in facts if q == p and y == o}
            for chain, first, second in chains:
                if p == first:
                    new |= {(s, chain, z) for y, q, z in facts if q == second and y == o}
        new -= facts
        if not new:
            break
        facts |= new
    inferred = Dataset(default_union=True)
    g = inferred.graph(URIRef("urn:kgsh:test:inferred"))
    for t in facts:
        g.add(t)
    return inferred


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
    inferred = None
    failed = False
    for rq in sorted(glob.glob(os.path.join(HERE, "cq*.rq"))):
        if rq.endswith("-inferred.rq") and inferred is None:
            inferred = infer(ds)
        with open(rq, encoding="utf-8") as f:
            text = results_json((inferred if rq.endswith("-inferred.rq") else ds).query(f.read()))
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
