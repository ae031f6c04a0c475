#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/server/clients_test.py - real SPARQL clients against `kgsh serve`
on 127.0.0.1 over the bundled data:

- kgsh's own --endpoint client runs every competency question of
  tests/competency/ and the exploring commands, with the same answers as
  the embedded store gives on the same store (CSV rows as multisets,
  command output as sorted lines), and .push sends a graph through the
  Graph Store Protocol with HTTP Basic credentials from the environment;
- rdflib (Debian python3-rdflib) queries through SPARQLStore (SELECT and
  ASK, by GET and by POST) and updates through SPARQLUpdateStore with HTTP
  Basic credentials; without them its update is refused and changes
  nothing.
Fails when rdflib is missing."""

import csv
import glob
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import (PASSWORD, USER, Server, bundled_store, credentials, kgsh, stop_checked,
                       summary, tap, workdir)

COMMANDS = ['.describe iflytek', '.search xunfei', '.path "Paul Chan" iFLYTEK', '.exposure',
            '.neighbors iflytek 2', '.why kgr:iflytek kg:parentOf kgr:xunfei-healthcare']


def rows(out):
    table = list(csv.reader(io.StringIO(out)))
    return table[:1] + sorted(table[1:])


def endpoint_client(store, s):
    for path in sorted(glob.glob(os.path.join(os.environ.get("srcdir", "."), "tests",
                                              "competency", "cq*.rq"))):
        text = open(path).read()
        here = kgsh(["--dir", store, "--readonly", "--format", "csv", "-c", text])
        there = kgsh(["--memory", "--endpoint", s.sparql, "--format", "csv", "-c", text])
        a, b = rows(here.stdout), rows(there.stdout)
        tap(here.returncode == 0 and there.returncode == 0 and a == b and len(a) > 1,
            "%s: %d rows, the same through kgsh serve" % (os.path.basename(path), len(a) - 1),
            "embedded:\n%s\nserver:\n%s" % (here.stdout + here.stderr, there.stdout + there.stderr))
    for command in COMMANDS:
        here = kgsh(["--dir", store, "--readonly", "-c", command])
        there = kgsh(["--memory", "--endpoint", s.sparql, "-c", command])
        a, b = sorted(here.stdout.splitlines()), sorted(there.stdout.splitlines())
        tap(here.returncode == 0 and there.returncode == 0 and a == b and len(a) > 1,
            "%s: the same %d lines through kgsh serve" % (command, len(a)),
            "embedded:\n%s\nserver:\n%s" % (here.stdout + here.stderr, there.stdout + there.stderr))


def push(work, s):
    graph = "https://w3id.org/kgsh/article/003-hong-kong-hub-for-ai-start-ups"
    other = os.path.join(work, "other")
    p = kgsh(["--dir", other, "--load-bundled", "-c", "ASK {}"])
    script = ".connect %s %s %s\n.push <%s>\n" % (s.sparql, s.sparql, s.data, graph)
    anonymous = kgsh(["--dir", other, "--bail"], stdin=script)
    p = kgsh(["--dir", other, "--bail"], stdin=script,
             env={"KGSH_ENDPOINT_USER": USER, "KGSH_ENDPOINT_PASSWORD": PASSWORD})
    tap(anonymous.returncode != 0 and "401" in anonymous.stderr,
        ".push without credentials: the server's 401 is reported", anonymous.stderr)
    tap(p.returncode == 0 and "triples pushed" in p.stderr,
        ".push of a graph through the Graph Store Protocol with HTTP Basic", p.stdout + p.stderr)


def rdflib_clients(s):
    try:
        from rdflib import ConjunctiveGraph, Literal, URIRef
        from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
    except ImportError as e:
        tap(False, "rdflib is installed (apt-get install python3-rdflib)", e)
        return
    kg = "https://w3id.org/kgsh/ontology#"
    select = ("PREFIX kg: <%s> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
              "SELECT ?name WHERE { ?s kg:sanctions ?c . ?c rdfs:label ?name } ORDER BY ?name" % kg)
    for method in ("GET", "POST"):
        store = SPARQLStore(s.sparql, method=method)
        names = [str(r[0]) for r in ConjunctiveGraph(store).query(select)]
        tap("iFLYTEK" in names, "rdflib SPARQLStore SELECT by %s: %d sanctioned names" %
            (method, len(names)), names)
    store = SPARQLStore(s.sparql, returnFormat="json")
    ask = ConjunctiveGraph(store).query("ASK { ?s a <%sCompany> }" % kg)
    tap(ask.askAnswer is True, "rdflib SPARQLStore ASK with JSON results", ask.askAnswer)
    triple = (URIRef("https://example.org/rdflib"), URIRef("https://example.org/says"),
              Literal("hello from rdflib"))
    ask_it = "ASK { <https://example.org/rdflib> <https://example.org/says> \"hello from rdflib\" }"
    anonymous = SPARQLUpdateStore(s.sparql, s.sparql)
    try:
        anonymous.update("INSERT DATA { %s %s %s }" % tuple(t.n3() for t in triple))
        refused = "no error"
    except Exception as e:  # urllib raises HTTPError 401
        refused = str(e)
    after = ConjunctiveGraph(SPARQLStore(s.sparql)).query(ask_it).askAnswer
    tap("401" in refused and after is False,
        "rdflib SPARQLUpdateStore without credentials: 401, nothing changed", refused)
    store = SPARQLUpdateStore(s.sparql, s.sparql, auth=(USER, PASSWORD))
    store.update("INSERT DATA { %s %s %s }" % tuple(t.n3() for t in triple))
    after = ConjunctiveGraph(SPARQLStore(s.sparql)).query(ask_it).askAnswer
    tap(after is True, "rdflib SPARQLUpdateStore with HTTP Basic: the update is applied", after)


def main():
    cqs = glob.glob(os.path.join(os.environ.get("srcdir", "."), "tests", "competency", "cq*.rq"))
    print("1..%d" % (len(cqs) + len(COMMANDS) + 2 + 5 + 1))
    work = workdir("clients")
    store = bundled_store(work)
    passwords, token, _ = credentials(work)
    s = Server(store, "--password-file", passwords)
    try:
        endpoint_client(store, s)
        push(work, s)
        rdflib_clients(s)
    finally:
        stop_checked(s)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
