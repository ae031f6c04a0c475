#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/server/protocol_test.py - `kgsh serve` speaks the SPARQL 1.1
Protocol and the Graph Store HTTP Protocol, checked with curl against a
real server on 127.0.0.1 over the bundled data: queries by GET, by POST
(direct and form) in every format with content negotiation, the service
description, updates only with credentials (HTTP Basic against a hashed
password file, a bearer token from a file or KGSH_SERVE_TOKEN) and 401
without them with nothing changed, 403 on a --read-only server, 400 with
the parser's message for a malformed query, 406, 413 for a body past
--max-body, the row cap, a runaway query ended at --timeout while the
server goes on answering, the access log, every Graph Store method on a
named graph and the default graph, and SIGTERM during a write leaving the
store whole (the write all there or not at all). Fails when curl is
missing (Debian package curl)."""

import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import (PASSWORD, TOKEN, USER, Server, bundled_store, credentials, curl, kgsh,
                       need, stop_checked, summary, tap, workdir)

KG = "https://w3id.org/kgsh/ontology#"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
IFLYTEK_TYPES = "CONSTRUCT WHERE { <https://w3id.org/kgsh/id/iflytek> a ?c }"
COMPANIES = ("PREFIX kg: <%s> SELECT ?c WHERE { ?c a kg:Company } ORDER BY ?c LIMIT 3" % KG)
BASIC = ["-u", "%s:%s" % (USER, PASSWORD)]
BEARER = ["-H", "Authorization: Bearer " + TOKEN]
FORM = "application/x-www-form-urlencoded"


def q(url, text, *args):
    return curl(url + "?query=" + urllib.parse.quote(text), *args)


def count(server):
    a = q(server.sparql, COUNT, "-H", "Accept: text/csv")
    return int(a.text.split()[1]) if a.status == 200 else -1


def update(server, text, *args):
    return curl(server.sparql, "-H", "Content-Type: application/sparql-update",
                "--data-binary", "@-", *args, data=text)


def queries(s):
    a = q(s.sparql, COMPANIES)
    tap(a.status == 200 and a.header("content-type").startswith("application/sparql-results+json")
        and '"vars": [ "c" ]' in a.text, "GET query: SPARQL JSON by default", a)
    expected = {"application/sparql-results+json": '"bindings"',
                "application/sparql-results+xml": "<sparql xmlns",
                "text/csv": "c\r\nhttps://w3id.org/kgsh/id/",
                "text/tab-separated-values": "?c\n<https://w3id.org/kgsh/id/"}
    for media, marker in expected.items():
        a = q(s.sparql, COMPANIES, "-H", "Accept: %s" % media)
        tap(a.status == 200 and a.header("content-type").startswith(media) and marker in a.text,
            "GET SELECT with Accept: %s" % media, a)
    a = q(s.sparql, COMPANIES, "-H", "Accept: text/csv;q=0.5, application/sparql-results+xml")
    tap(a.status == 200 and a.header("content-type").startswith("application/sparql-results+xml"),
        "the Accept entry with the highest q wins", a)
    a = curl(s.sparql, "-H", "Content-Type: application/sparql-query", "-H", "Accept: text/csv",
             "--data-binary", "@-", data=COMPANIES)
    tap(a.status == 200 and a.text.count("\r\n") == 4, "POST application/sparql-query", a)
    a = curl(s.sparql, "-H", "Accept: text/tab-separated-values", "--data-urlencode",
             "query=" + COMPANIES)
    tap(a.status == 200 and a.text.startswith("?c\n"), "POST form query= (curl --data-urlencode)", a)
    a = q(s.sparql, "ASK { ?s a <%sCompany> }" % KG, "-H", "Accept: application/sparql-results+xml")
    tap(a.status == 200 and "<boolean>true</boolean>" in a.text, "ASK as SPARQL XML", a)
    graphs = {"text/turtle": "kgr:iflytek\n    a ", "application/n-triples":
              "<https://w3id.org/kgsh/id/iflytek> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
              "<https://w3id.org/kgsh/ontology#Company> .",
              "application/n-quads": "<https://w3id.org/kgsh/ontology#Company> .",
              "application/trig": "@prefix kg: <https://w3id.org/kgsh/ontology#> ."}
    for media, marker in graphs.items():
        a = q(s.sparql, IFLYTEK_TYPES, "-H", "Accept: %s" % media)
        tap(a.status == 200 and a.header("content-type").startswith(media) and marker in a.text,
            "CONSTRUCT with Accept: %s" % media, a)
    a = q(s.sparql, "DESCRIBE <https://w3id.org/kgsh/id/iflytek>")
    tap(a.status == 200 and a.header("content-type").startswith("text/turtle") and
        "iFLYTEK" in a.text, "DESCRIBE: Turtle by default", a)
    for name in ("json", "xml", "csv", "tsv"):
        a = curl(s.sparql + "?format=%s&query=%s" % (name, urllib.parse.quote(COMPANIES)))
        tap(a.status == 200 and "kgsh/id/" in a.text, "format=%s instead of Accept" % name, a)
    a = q(s.sparql, COMPANIES, "-H", "Accept: text/turtle")
    tap(a.status == 406, "SELECT with only Turtle acceptable: 406", a)


def errors(s):
    bad = "PREFIX kg: <%s>\nSELECT ?x WHERE { ?x kg:name }" % KG
    p = kgsh(["--memory", "-c", bad])
    message = [l for l in p.stderr.splitlines() if "column" in l]
    a = q(s.sparql, bad)
    tap(a.status == 400 and message and message[0].replace("Error: ", "") in a.text,
        "a malformed query: 400 with the parser's message, as the shell shows it",
        "%r\nshell: %s" % (a, p.stderr))
    a = curl(s.sparql, "-X", "PUT", "--data-binary", "x")
    tap(a.status == 405 and "POST" in a.header("allow"), "PUT on /sparql: 405 with Allow", a)
    a = curl(s.sparql, "-H", "Content-Type: text/plain", "--data-binary", "@-", data=COMPANIES)
    tap(a.status == 415, "POST of an unknown content type: 415", a)
    a = q(s.sparql, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    tap(a.status == 400 and "POST" in a.text, "an update by GET is refused (400)", a)
    a = curl(s.sparql + "?default-graph-uri=urn:x&query=" + urllib.parse.quote(COMPANIES))
    b = curl(s.sparql, "--data-urlencode", "query=" + COMPANIES, "--data-urlencode",
             "named-graph-uri=urn:x")
    tap(a.status == 400 and b.status == 400 and "default-graph-uri" in a.text and
        "named-graph-uri" in b.text,
        "dataset arguments are refused (400), not ignored", [a, b])
    a = curl(s.base + "/nothing-here")
    tap(a.status == 404, "an unknown path: 404", a)


def writes(s):
    before = count(s)
    insert = "INSERT DATA { GRAPH <urn:g:w> { <urn:s> <urn:p> \"written\" } }"
    a = update(s, insert)
    tap(a.status == 401 and "Basic" in a.header("www-authenticate") and count(s) == before,
        "an update without credentials: 401 with a Basic challenge, nothing changed", a)
    a = update(s, insert, "-u", "%s:wrong" % USER)
    tap(a.status == 401 and count(s) == before, "a wrong password: 401, nothing changed", a)
    a = update(s, insert, "-H", "Authorization: Bearer not-the-token-at-all")
    tap(a.status == 401 and count(s) == before, "a wrong token: 401, nothing changed", a)
    a = update(s, insert, *BASIC)
    tap(a.status == 200 and count(s) == before + 1,
        "HTTP Basic against the hashed password file: the update is applied", a)
    a = curl(s.sparql, *BEARER, "--data-urlencode",
             "update=DELETE DATA { GRAPH <urn:g:w> { <urn:s> <urn:p> \"written\" } }")
    tap(a.status == 200 and count(s) == before, "a bearer token, update as a form: applied", a)
    a = update(s, "LOAD <file:///etc/passwd> INTO GRAPH <urn:g:passwd>", *BASIC)
    b = q(s.sparql, "SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }")
    c = q(s.sparql, "SELECT * WHERE { SERVICE <%s> { ?s ?p ?o } }" % s.sparql)
    tap(a.status == 403 and b.status == 403 and c.status == 403 and count(s) == before,
        "LOAD and FROM of a local file and SERVICE are refused (403): no files, no network",
        [a, b, c])
    a = update(s, "INSERT DATA { <urn:a> <urn:b> }", *BASIC)
    tap(a.status == 400 and "column" in a.text and count(s) == before,
        "a malformed update: 400 with the message, nothing changed", a)


def graph_store(s):
    g = urllib.parse.quote("https://example.org/graph/one", safe="")
    url = s.data + "?graph=" + g
    turtle = "@prefix ex: <https://example.org/> .\nex:a ex:knows ex:b , ex:c .\n"
    a = curl(url, "-X", "PUT", "-H", "Content-Type: text/turtle", "--data-binary", "@-",
             data=turtle)
    tap(a.status == 401, "Graph Store PUT without credentials: 401", a)
    a = curl(url, "-X", "PUT", "-H", "Content-Type: text/turtle", "--data-binary", "@-", *BASIC,
             data=turtle)
    tap(a.status == 201, "PUT of a new named graph: 201", a)
    a = curl(url, "-H", "Accept: application/n-triples")
    tap(a.status == 200 and a.text.count(" .\n") == 2, "GET of the graph as N-Triples", a)
    a = curl(url, "-H", "Accept: application/n-quads")
    tap(a.status == 200 and "<https://example.org/graph/one> .\n" in a.text,
        "GET as N-Quads names the graph", a)
    a = curl(url, "-H", "Accept: application/trig")
    tap(a.status == 200 and "graph/one" in a.text and "{" in a.text, "GET as TriG", a)
    a = curl(url, "-X", "POST", "-H", "Content-Type: application/n-triples", "--data-binary",
             "@-", *BEARER, data="<https://example.org/d> <https://example.org/knows> "
                                  "<https://example.org/a> .\n")
    b = curl(url, "-H", "Accept: application/n-triples")
    tap(a.status == 204 and b.text.count(" .\n") == 3, "POST merges into the graph", a)
    a = curl(url, "-X", "PUT", "-H", "Content-Type: text/turtle", "--data-binary", "@-", *BASIC,
             data="<https://example.org/x> <https://example.org/y> \"only\" .\n")
    b = curl(url, "-H", "Accept: application/n-triples")
    tap(a.status == 204 and b.text.count(" .\n") == 1 and "only" in b.text,
        "PUT replaces the graph", b)
    a = curl(url, "-X", "PUT", "-H", "Content-Type: text/turtle", "--data-binary", "@-", *BASIC,
             data="<https://example.org/x> <https://example.org/y> \"unclosed .\n")
    b = curl(url, "-H", "Accept: application/n-triples")
    tap(a.status == 400 and "request body:1:" in a.text and "only" in b.text,
        "a PUT with a syntax error: 400 with line and column, the graph as it was", a)
    a = curl(url, "-X", "DELETE", *BASIC)
    b = curl(url)
    tap(a.status == 204 and b.status == 404, "DELETE drops the graph; GET then gives 404", b)
    a = curl(url, "-X", "DELETE", *BASIC)
    tap(a.status == 404, "DELETE of a missing graph: 404", a)
    d = s.data + "?default"
    a = curl(d, "-X", "PUT", "-H", "Content-Type: application/n-triples", "--data-binary", "@-",
             *BASIC, data="<urn:default:s> <urn:default:p> <urn:default:o> .\n")
    b = curl(d, "-H", "Accept: application/n-triples")
    tap(a.status == 204 and b.text == "<urn:default:s> <urn:default:p> <urn:default:o> .\n",
        "PUT and GET of the default graph (the store's own, not the union)", b)
    a = curl(d, "-X", "DELETE", *BASIC)
    b = curl(d, "-H", "Accept: application/n-triples")
    tap(a.status == 204 and b.status == 200 and b.text == "", "DELETE empties the default graph", b)
    a = curl(s.data + "?graph=x&default")
    tap(a.status == 400, "naming both ?graph and ?default: 400", a)


def service_description(s):
    a = curl(s.sparql)
    tap(a.status == 200 and a.header("content-type").startswith("text/turtle") and
        "sd:Service" in a.text and "<%s>" % s.sparql in a.text and "sd:SPARQL11Update" in a.text,
        "GET /sparql without a query: the service description in Turtle", a)


def limits(work, store, passwords, token):
    s = Server(store, "--timeout", "3", "--max-rows", "5", "--max-body", "4096",
               "--token-file", token, "--access-log", os.path.join(work, "access.log"))
    try:
        a = q(s.sparql, "SELECT ?s WHERE { ?s ?p ?o }")
        tap(a.status == 500 and "--max-rows" in a.text, "an answer past --max-rows is refused", a)
        a = q(s.sparql, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5")
        tap(a.status == 200, "an answer at the row cap is given", a)
        a = curl(s.sparql, "-H", "Content-Type: application/sparql-query", "--data-binary", "@-",
                 data="SELECT * WHERE { ?s ?p ?o } # " + "x" * 5000)
        tap(a.status == 413, "a body past --max-body: 413", a)
        runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        slow = {}
        t = threading.Thread(target=lambda: slow.update(a=q(s.sparql, runaway)))
        t.start()
        others = [q(s.sparql, "ASK { ?s ?p ?o }") for _ in range(3)]
        t.join()
        tap(slow["a"].status == 503 and "time limit of 3 s" in slow["a"].text,
            "a runaway query ends at --timeout with 503", slow["a"])
        tap(all(o.status == 200 and "true" in o.text for o in others),
            "the server answers other queries meanwhile and after", others)
        a = update(s, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "-H",
                   "Authorization: Bearer " + TOKEN)
        tap(a.status == 200, "a token from --token-file is accepted", a)
    finally:
        rc = s.stop()
    log = open(os.path.join(work, "access.log")).read().splitlines()
    tap(len(log) == 8 and '"POST /sparql" 413' in log[2] and "- token [" in log[-1],
        "the access log has a line per request, with status and user", "\n".join(log))
    tap(rc == 0, "SIGTERM stops the server with status 0", rc)


def read_only(store):
    s = Server(store, "--read-only", env={"KGSH_SERVE_TOKEN": TOKEN})
    try:
        a = update(s, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", *BEARER)
        b = curl(s.data + "?default", "-X", "DELETE", *BEARER)
        c = q(s.sparql, "ASK { ?s ?p ?o }")
        tap(a.status == 403 and b.status == 403 and c.status == 200,
            "--read-only: updates and graph writes 403 even with credentials, queries answered",
            [a, b, c])
        sd = curl(s.sparql)
        tap("SPARQL11Update" not in sd.text, "a read-only service description offers no update", sd)
    finally:
        stop_checked(s)


def env_token(store):
    s = Server(store, env={"KGSH_SERVE_TOKEN": TOKEN})
    try:
        a = update(s, "INSERT DATA { <urn:env> <urn:env> <urn:env> }", *BEARER)
        tap(a.status == 200, "a token from KGSH_SERVE_TOKEN is accepted", a)
    finally:
        stop_checked(s)


def sigterm_during_write(store):
    s = Server(store, "--token-file", os.path.join(os.path.dirname(store), "token"))
    before = count(s)
    # a write of 60,000 quads, then SIGTERM while it runs
    big = ("INSERT { GRAPH <urn:g:big> { ?a <urn:p> ?b } } WHERE { "
           "VALUES ?x { 1 2 3 4 5 6 } { SELECT ?a ?b WHERE { ?a ?p ?b } LIMIT 10000 } }")
    holder = {}
    t = threading.Thread(target=lambda: holder.update(a=update(s, big, *BEARER)))
    t.start()
    time.sleep(0.2)  # not an assertion: only to land the signal during the write, most often
    rc = s.stop()
    t.join()
    after = kgsh(["--dir", store, "--readonly", "--format", "csv", "-c", COUNT])
    n = int(after.stdout.split()[1]) if after.returncode == 0 else -1
    check = kgsh(["--dir", store, "check"])
    got = holder.get("a")
    tap(rc == 0 and check.returncode == 0 and
        ((n == before and (got is None or got.status != 200)) or
         (n > before and got is not None and got.status == 200)),
        "SIGTERM during a write: status 0, the store checks sound and holds the write all (and "
        "the client got 200) or nothing (%d quads before, %d after, answer %s)" % (before, n, got and got.status),
        check.stdout + check.stderr + repr(got))


def readers_beside_a_writer(s):
    """8 readers count a graph while a writer adds 5 triples at a time to
    it: every answer 200, every count a committed state (a multiple of 5),
    never going back for a reader, and the last count all of them."""
    graph = "urn:g:concurrent"
    count_it = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }" % graph
    seen, bad = [], []

    def reader():
        last = 0
        for _ in range(25):
            a = q(s.sparql, count_it, "-H", "Accept: text/csv")
            n = int(a.text.split()[1]) if a.status == 200 else -1
            if n < last or n % 5:
                bad.append("%d after %d (%r)" % (n, last, a))
            last = max(last, n)
        seen.append(last)

    def writer():
        for i in range(20):
            body = " ".join("<urn:w:%d> <urn:w:p> %d ." % (i, j) for j in range(5))
            a = update(s, "INSERT DATA { GRAPH <%s> { %s } }" % (graph, body), *BEARER)
            if a.status != 200:
                bad.append(repr(a))

    threads = [threading.Thread(target=reader) for _ in range(8)]
    threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = q(s.sparql, count_it, "-H", "Accept: text/csv")
    tap(not bad and final.status == 200 and final.text.split()[1] == "100",
        "8 readers beside a writer: every count a committed state, none going back, all 100 "
        "triples at the end (highest counts seen: %s)" % sorted(seen), "\n".join(bad[:10]))


def main():
    need("curl", "curl")
    print("1..%d" % 63)
    work = workdir("protocol")
    store = bundled_store(work)
    passwords, token, hashed = credentials(work)
    tap(hashed.startswith("pbkdf2-sha256$") and PASSWORD not in hashed,
        "--hash-password writes the PBKDF2 form, not the password", hashed)
    s = Server(store, "--password-file", passwords, "--token-file", token)
    try:
        queries(s)
        errors(s)
        writes(s)
        graph_store(s)
        service_description(s)
        readers_beside_a_writer(s)
    finally:
        rc = s.stop()
    tap(rc == 0 and "SIGTERM: finishing the requests under way" in s.final_stderr and
        "the store is closed" in s.final_stderr,
        "SIGTERM: the server says so, closes the store and exits with status 0",
        "%s\n%s" % (rc, s.final_stderr))
    limits(work, store, passwords, token)
    read_only(store)
    env_token(store)
    sigterm_during_write(store)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
