#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/explore/paths_crosscheck.py - SPARQL 1.1 property paths, OPTIONAL,
FILTER NOT EXISTS and MINUS answered by libkg and by rdflib (python3-rdflib
from Debian, an independent engine), compared as multisets, over

  * a generated graph: 6 subsidiary chains of depth 10, two of them closed
    into cycles, one joined to another, partner links and types; and
  * the bundled articles (datasets/articles/*.trig, default graph = union).

libkg answers through tests/explore/query_driver (built by make check; this
test runs in make check-integration; found as ./tests/explore/query_driver,
or $KG_QUERY_DRIVER). Prints TAP.
A test-only tool: libkg never needs Python.

Where rdflib departs from the SPARQL 1.1 spec (section 9.3 and 18.4), the
query is listed in KNOWN_RDFLIB_DEVIATIONS with the reason; for those the
test checks libkg against the answer the spec gives, computed here by hand
from the data, instead of against rdflib.
"""

import collections
import glob
import os
import subprocess
import sys
import tempfile

import rdflib

EX = "http://ex/"
PRE_EX = "PREFIX ex: <http://ex/>\n"
PRE_KG = ("PREFIX kg: <https://w3id.org/kgsh/ontology#>\n"
          "PREFIX kgr: <https://w3id.org/kgsh/id/>\n")

CHAINS, DEPTH = 6, 10


def generated_turtle():
    """Chains c{k}_0 <- c{k}_1 <- ... <- c{k}_10 (ex:sub points to the
    parent). Chains 0 and 3 are closed into cycles (c_0 ex:sub c_10); chain
    5's root is a subsidiary of chain 4's leaf; every chain's middle node
    partners with the next chain's middle node."""
    lines = ["@prefix ex: <http://ex/> ."]
    for k in range(CHAINS):
        for i in range(DEPTH + 1):
            lines.append("ex:c%d_%d a ex:Company ." % (k, i))
            if i > 0:
                lines.append("ex:c%d_%d ex:sub ex:c%d_%d ." % (k, i, k, i - 1))
        if k in (0, 3):
            lines.append("ex:c%d_0 ex:sub ex:c%d_%d ." % (k, k, DEPTH))
        lines.append("ex:c%d_5 ex:partner ex:c%d_5 ." % (k, (k + 1) % CHAINS))
    lines.append("ex:c5_0 ex:sub ex:c4_%d ." % DEPTH)
    lines.append("ex:sanction1 ex:sanctions ex:c1_0 .")
    return "\n".join(lines) + "\n"


GENERATED_QUERIES = {
    "inverse": "SELECT ?x ?y WHERE { ?x ^ex:sub ?y }",
    "sequence_dups": "SELECT ?x ?y WHERE { ?x ex:sub/ex:sub ?y }",
    "sequence_three": "SELECT ?y WHERE { ex:c2_10 ex:sub/ex:sub/ex:sub ?y }",
    "alternative": "SELECT ?x ?y WHERE { ?x ex:sub|ex:partner ?y }",
    "alternative_same_dups": "SELECT ?y WHERE { ex:c1_5 (ex:sub|ex:sub) ?y }",
    "one_or_more_all": "SELECT ?x ?y WHERE { ?x ex:sub+ ?y }",
    "one_or_more_from": "SELECT ?y WHERE { ex:c2_10 ex:sub+ ?y }",
    "one_or_more_cycle": "SELECT ?y WHERE { ex:c0_4 ex:sub+ ?y }",
    "one_or_more_to": "SELECT ?x WHERE { ?x ex:sub+ ex:c4_10 }",
    "one_or_more_both_bound": "ASK { ex:c5_10 ex:sub+ ex:c4_0 }",
    "zero_or_more_from": "SELECT ?y WHERE { ex:c3_7 ex:sub* ?y }",
    "zero_or_more_all": "SELECT ?x ?y WHERE { ?x ex:sub* ?y }",
    "zero_or_more_inverse": "SELECT ?x WHERE { ex:c1_0 ^ex:sub* ?x }",
    "zero_or_one_from": "SELECT ?y WHERE { ex:c1_3 ex:sub? ?y }",
    "zero_or_one_all": "SELECT ?x ?y WHERE { ?x ex:sub? ?y }",
    "zero_or_more_unknown_node": "SELECT ?y WHERE { ex:nowhere ex:sub* ?y }",
    "either_way_plus": "SELECT ?y WHERE { ex:c1_5 (ex:sub|^ex:sub)+ ?y }",
    "star_then_partner": "SELECT ?x ?y WHERE { ?x ex:sub*/ex:partner ?y }",
    "partner_then_star_count": "SELECT (COUNT(*) AS ?n) WHERE { ?x ex:partner/ex:sub* ?y }",
    "exposed_to_sanction": (
        "SELECT ?c WHERE { ?s ex:sanctions ?t . ?c ex:sub* ?t }"),
    "optional_path": (
        "SELECT ?x ?p WHERE { ?x a ex:Company OPTIONAL { ?x ex:partner/ex:sub ?p } }"),
    "optional_plus_not_exists": (
        "SELECT ?x ?top WHERE { ?x a ex:Company "
        "OPTIONAL { ?x ex:sub+ ?top FILTER NOT EXISTS { ?top ex:sub ?z } } }"),
    "not_exists_inverse": (
        "SELECT ?x WHERE { ?x a ex:Company FILTER NOT EXISTS { ?x ^ex:sub ?c } }"),
    "exists_path": (
        "SELECT ?x WHERE { ?x a ex:Company FILTER EXISTS { ?x ex:sub/ex:partner ?p } }"),
    "minus_sequence": (
        "SELECT ?x WHERE { ?x a ex:Company MINUS { ?x ex:sub/ex:sub ?y } }"),
    "minus_no_shared_variable": (
        "SELECT ?x WHERE { ?x a ex:Company MINUS { ?a ex:partner ?b } }"),
    "minus_plus": (
        "SELECT ?x WHERE { ?x ex:partner ?p MINUS { ?x ex:sub+ ex:c0_0 } }"),
}

BUNDLED_QUERIES = {
    "subsidiary_plus": "SELECT ?x ?y WHERE { ?x kg:subsidiaryOf+ ?y }",
    "sanctioned_or_below": (
        "SELECT ?c ?s WHERE { ?s kg:sanctions ?t . ?c kg:subsidiaryOf* ?t }"),
    "signed_with_same": (
        "SELECT ?x WHERE { kgr:iflytek kg:signedWith/^kg:signedWith ?x }"),
    "posts_agencies": (
        "SELECT ?p ?a WHERE { ?p kg:holdsPost/kg:postIn ?a }"),
    "paul_chan_around": (
        "SELECT ?a WHERE { kgr:paul-chan (kg:holdsPost|kg:spokeAt)/^kg:postIn? ?a }"),
    "located_star": "SELECT ?x ?y WHERE { ?x kg:locatedIn* ?y FILTER(?x != ?y) }",
    "plans_in_places_not_hk": (
        "SELECT ?o ?plan WHERE { ?o kg:plansTo ?plan "
        "FILTER NOT EXISTS { ?plan kg:planLocation/kg:locatedIn* kgr:hong-kong } }"),
    "companies_minus_mentions": (
        "SELECT ?c WHERE { ?c a kg:Company MINUS { ?c kg:subsidiaryOf|^kg:subsidiaryOf ?o } }"),
}

def spec_zero_or_more(graph, start, pred):
    """The nodes eval(start, pred*) gives by the spec's ALP procedure
    (SPARQL 1.1 section 18.5): each node reached once, the start included
    (zero steps), however many cycles lead back to it."""
    seen, todo = [start], [start]
    while todo:
        node = todo.pop()
        for obj in graph.objects(node, pred):
            if obj not in seen:
                seen.append(obj)
                todo.append(obj)
    return seen


def expected_star_from_cycle(graph):
    return [n.n3() for n in spec_zero_or_more(graph, rdflib.URIRef(EX + "c3_7"),
                                               rdflib.URIRef(EX + "sub"))]


def expected_partner_star_count(graph):
    sub, partner = rdflib.URIRef(EX + "sub"), rdflib.URIRef(EX + "partner")
    n = sum(len(spec_zero_or_more(graph, o, sub)) for _, o in graph.subject_objects(partner))
    return ['"%d"^^<http://www.w3.org/2001/XMLSchema#integer>' % n]


# Queries where rdflib 6.1.1 does not give the spec's answer: name -> (the
# reason, a function of the rdflib graph giving the spec's rows). rdflib's
# p* repeats the start node when a cycle leads back to it: MulPath.eval in
# rdflib/paths.py yields (start, start) for the zero-length path outside
# its `done` set, then again when the walk comes back round, whereas ALP
# (18.5) keeps a visited set that already holds the start, so the start is
# one row. libkg follows the spec.
KNOWN_RDFLIB_DEVIATIONS = {
    "generated-zero_or_more_from": (
        "p* repeats the start node reached again round a cycle", expected_star_from_cycle),
    "generated-partner_then_star_count": (
        "p* repeats the start node reached again round a cycle", expected_partner_star_count),
}


def find_driver():
    env = os.environ.get("KG_QUERY_DRIVER")
    if env:
        return env
    for candidate in ("tests/explore/query_driver", os.path.join(os.path.dirname(__file__),
                                                                    "query_driver")):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def run_libkg(driver, data_files, queries, tmp):
    paths = []
    for name, text in queries:
        path = os.path.join(tmp, name + ".rq")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        paths.append(path)
    out = subprocess.run([driver] + data_files + ["--"] + paths, check=True,
                         capture_output=True, text=True).stdout
    results, current, name = {}, None, None
    for line in out.split("\n"):
        if line.startswith("#query "):
            name = os.path.basename(line[7:])[:-3]
            current = []
        elif line == "#end":
            results[name] = collections.Counter(current)
            current = None
        elif current is not None:  # a row, or "#error ..."; "" is one unbound column
            current.append(line)
    return results


def term_text(t):
    return "" if t is None else t.n3()


def run_rdflib(graph, text):
    res = graph.query(text)
    if res.type == "ASK":
        return collections.Counter(["true" if res.askAnswer else "false"])
    rows = []
    for row in res:
        rows.append("\t".join(term_text(v) for v in row))
    return collections.Counter(rows)


def describe(counter, limit=6):
    items = sorted(counter.items())[:limit]
    return ", ".join("%s x%d" % (k.replace("\t", " | "), n) for k, n in items)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.normpath(os.path.join(here, "..", ".."))
    driver = find_driver()
    suites = []
    with tempfile.TemporaryDirectory() as tmp:
        gen = os.path.join(tmp, "generated.ttl")
        with open(gen, "w", encoding="utf-8") as f:
            f.write(generated_turtle())
        g = rdflib.Graph()
        g.parse(gen, format="turtle")
        suites.append(("generated", [gen], g, PRE_EX, GENERATED_QUERIES))
        articles = sorted(glob.glob(os.path.join(top, "datasets", "articles", "*.trig")))
        ds = rdflib.ConjunctiveGraph()
        for a in articles:
            ds.parse(a, format="trig")
        suites.append(("bundled", articles, ds, PRE_KG, BUNDLED_QUERIES))

        total = sum(len(s[4]) for s in suites)
        print("1..%d" % total)
        if not driver:
            for _, _, _, _, queries in suites:
                for name in queries:
                    print("ok - %s # SKIP query_driver not built" % name)
            return 0
        failures, n = 0, 0
        for suite, files, graph, prefix, queries in suites:
            named = [(suite + "-" + k, prefix + v) for k, v in queries.items()]
            kg = run_libkg(driver, files, named, tmp)
            for name, text in named:
                n += 1
                mine = kg.get(name, collections.Counter(["#error no result"]))
                if name in KNOWN_RDFLIB_DEVIATIONS:
                    reason, expected = KNOWN_RDFLIB_DEVIATIONS[name]
                    peer = collections.Counter(expected(graph))
                    label = "the spec (rdflib: %s)" % reason
                    if run_rdflib(graph, text) == peer:
                        label += " - rdflib now agrees: drop the deviation"
                else:
                    peer, label = run_rdflib(graph, text), "rdflib"
                if mine == peer:
                    print("ok %d - %s (%d rows)" % (n, name, sum(mine.values())))
                    continue
                failures += 1
                print("not ok %d - %s" % (n, name))
                print("# query: %s" % text.replace("\n", " "))
                print("# libkg only: %s" % describe(mine - peer))
                print("# %s only: %s" % (label, describe(peer - mine)))
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
