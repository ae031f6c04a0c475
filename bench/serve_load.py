#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench/serve_load.py - `kgsh serve` under load: 16 concurrent readers and
one writer for 60 s on 127.0.0.1, with the same queries and data beside a
private Virtuoso (tests/remote/virtuoso.sh) when asked. Not part of make
check: it reports speed, and it fails (exit 1) only on errors.

    bench/serve_load.py BUILDDIR [--seconds 60] [--readers 16] [--virtuoso]

The data is the bundled ontology and articles (KGSH_DATADIR or the source
tree). Readers loop over the competency questions (tests/competency) and a
count of the writer's graph, each on its own keep-alive connection; the
writer adds 10 triples per update, so every committed state holds a
multiple of 10 triples in <urn:bench:writes>: a reader's count that is not
one, or that goes down, is an inconsistent answer. Every non-200 answer is
an error. Printed: queries per second, latency percentiles for reads and
writes, errors; a Markdown table at the end."""

import argparse
import glob
import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
WRITES = "urn:bench:writes"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }" % WRITES
TOKEN = "bench-token-0123456789abcdef"


def percentile(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


class Target:
    """Where queries and updates go, and how updates authenticate."""

    def __init__(self, name, query_url, update_url, auth_header=None, digest=None):
        self.name, self.query_url, self.update_url = name, query_url, update_url
        self.auth_header, self.digest = auth_header, digest


def post(conn, path, body, accept="text/csv", headers=None):
    h = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    h.update(headers or {})
    conn.request("POST", path, body=body, headers=h)
    r = conn.getresponse()
    return r.status, r.read()


class Load:
    def __init__(self, target, queries, seconds, readers):
        self.t, self.queries, self.seconds, self.readers = target, queries, seconds, readers
        self.lock = threading.Lock()
        self.read_ms, self.write_ms = [], []
        self.errors, self.inconsistent = [], []
        self.stop = time.monotonic() + seconds

    def reader(self, k):
        u = urllib.parse.urlsplit(self.t.query_url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
        last, i, mine = 0, k, []
        while time.monotonic() < self.stop:
            text = self.queries[i % len(self.queries)]
            i += 1
            start = time.monotonic()
            try:
                status, body = post(conn, u.path, urllib.parse.urlencode({"query": text}))
            except (OSError, http.client.HTTPException) as e:
                status, body = 0, str(e).encode()
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
            mine.append((time.monotonic() - start) * 1000)
            if status != 200:
                with self.lock:
                    self.errors.append("read %d: %s" % (status, body[:200]))
                continue
            if text == COUNT:
                n = int(body.decode().split()[1])
                if n % 10 or n < last:
                    with self.lock:
                        self.inconsistent.append("count %d after %d" % (n, last))
                last = n
        with self.lock:
            self.read_ms += mine

    def writer(self):
        n = 0
        u = urllib.parse.urlsplit(self.t.update_url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
        opener = None
        if self.t.digest:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            mgr.add_password(None, self.t.update_url, *self.t.digest)
            opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(mgr))
        while time.monotonic() < self.stop:
            triples = " ".join("<urn:bench:s%d> <urn:bench:p> %d ." % (n, j) for j in range(10))
            update = "INSERT DATA { GRAPH <%s> { %s } }" % (WRITES, triples)
            n += 1
            start = time.monotonic()
            body = urllib.parse.urlencode({"update": update})
            try:
                if opener:
                    req = urllib.request.Request(self.t.update_url, data=body.encode(),
                                                 headers={"Content-Type":
                                                          "application/x-www-form-urlencoded"})
                    with opener.open(req, timeout=120) as r:
                        status, text = r.status, r.read()
                else:
                    status, text = post(conn, u.path, body, accept="*/*",
                                        headers={"Authorization": self.t.auth_header})
            except Exception as e:  # an HTTP error or a dropped connection is an error
                status, text = getattr(e, "code", 0), str(e).encode()
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
            self.write_ms.append((time.monotonic() - start) * 1000)
            if status != 200:
                self.errors.append("write %d: %s" % (status, text[:200]))

    def run(self):
        threads = [threading.Thread(target=self.reader, args=(k,)) for k in range(self.readers)]
        threads.append(threading.Thread(target=self.writer))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return {"target": self.t.name, "reads": len(self.read_ms), "writes": len(self.write_ms),
                "qps": len(self.read_ms) / self.seconds, "wps": len(self.write_ms) / self.seconds,
                "read_p50": percentile(self.read_ms, 50), "read_p90": percentile(self.read_ms, 90),
                "read_p99": percentile(self.read_ms, 99), "read_max": max(self.read_ms or [0]),
                "write_p50": percentile(self.write_ms, 50),
                "write_p99": percentile(self.write_ms, 99),
                "errors": len(self.errors), "inconsistent": len(self.inconsistent),
                "first_errors": (self.errors + self.inconsistent)[:5]}


def kgsh(build, args, **kw):
    env = dict(os.environ, KGSH_DATADIR=os.environ.get("KGSH_DATADIR", SRC))
    return subprocess.run([os.path.join(build, "shell", "kgsh")] + args, env=env,
                          capture_output=True, text=True, **kw)


def run_kgsh(build, work, queries, seconds, readers):
    store = os.path.join(work, "store")
    p = kgsh(build, ["--dir", store, "--load-bundled", "-c", "ASK {}"])
    if p.returncode:
        sys.exit("cannot make the store: " + p.stderr)
    env = dict(os.environ, KGSH_SERVE_TOKEN=TOKEN)
    log = open(os.path.join(work, "access.log"), "w")
    proc = subprocess.Popen([os.path.join(build, "shell", "kgsh"), "serve", "--store", store,
                             "--port", "0"], stdout=subprocess.PIPE, stderr=log, text=True, env=env)
    port = re.search(r":(\d+)/", proc.stdout.readline()).group(1)
    url = "http://127.0.0.1:%s/sparql" % port
    try:
        return Load(Target("kgsh serve", url, url, "Bearer " + TOKEN), queries, seconds,
                    readers).run(), store
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait()


def run_virtuoso(build, work, store, queries, seconds, readers):
    script = os.path.join(SRC, "tests", "remote", "virtuoso.sh")
    vdir = os.path.join(work, "virtuoso")
    p = subprocess.run(["sh", script, "start", vdir], capture_output=True, text=True)
    if p.returncode:
        sys.exit("virtuoso did not start: " + p.stderr)
    env = dict(line.split("=", 1) for line in p.stdout.split())
    try:
        creds = {"KGSH_ENDPOINT_USER": env["KG_VIRTUOSO_USER"],
                 "KGSH_ENDPOINT_PASSWORD": env["KG_VIRTUOSO_PASSWORD"]}
        os.environ.update(creds)
        p = kgsh(build, ["--dir", store, "--bail"], input=".connect %s %s %s\n.push\n" % (
            env["KG_VIRTUOSO_ENDPOINT"], env["KG_VIRTUOSO_AUTH_ENDPOINT"],
            env["KG_VIRTUOSO_GSP"]))
        if p.returncode:
            sys.exit("cannot push the data to Virtuoso: " + p.stderr)
        target = Target("Virtuoso 7.2", env["KG_VIRTUOSO_ENDPOINT"],
                        env["KG_VIRTUOSO_AUTH_ENDPOINT"],
                        digest=(env["KG_VIRTUOSO_USER"], env["KG_VIRTUOSO_PASSWORD"]))
        return Load(target, queries, seconds, readers).run()
    finally:
        subprocess.run(["sh", script, "stop", vdir], capture_output=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--readers", type=int, default=16)
    ap.add_argument("--virtuoso", action="store_true")
    a = ap.parse_args()
    queries = [open(f).read() for f in sorted(glob.glob(os.path.join(SRC, "tests", "competency",
                                                                      "cq*.rq")))]
    queries.append(COUNT)
    work = tempfile.mkdtemp(prefix="kgsh-serve-load.")
    rows = []
    r, store = run_kgsh(a.build, work, queries, a.seconds, a.readers)
    rows.append(r)
    if a.virtuoso:
        rows.append(run_virtuoso(a.build, work, store, queries, a.seconds, a.readers))
    print("\n%d readers + 1 writer, %g s, %d queries (%s)\n" % (a.readers, a.seconds,
                                                               len(queries), work))
    print("| server | reads | reads/s | read p50 ms | p90 | p99 | max | writes | writes/s "
          "| write p50 ms | p99 | errors | inconsistent |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print("| %(target)s | %(reads)d | %(qps).0f | %(read_p50).1f | %(read_p90).1f | "
              "%(read_p99).1f | %(read_max).0f | %(writes)d | %(wps).1f | %(write_p50).1f | "
              "%(write_p99).1f | %(errors)d | %(inconsistent)d |" % r)
        for e in r["first_errors"]:
            print("  %s: %s" % (r["target"], e))
    return 1 if any(r["errors"] or r["inconsistent"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
