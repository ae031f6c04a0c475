#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench/peer_virtuoso.py - the Virtuoso 7 peer of the benchmark (bench/run.sh).

usage: peer_virtuoso.py DATA.nq QUERY_DIR WORK_DIR

Starts a private Virtuoso (tests/remote/virtuoso.sh: free ports of
127.0.0.1, its own database in WORK_DIR/db, never the system service) sized
for about 4 GB of buffers, bulk-loads DATA.nq with Virtuoso's own loader
(ld_dir + rdf_loader_run, then checkpoint), and prints JSON lines in the
format of bench/driver.c:

  load-persistent  wall time of ld_dir + rdf_loader_run + checkpoint, the
                   server's CPU time over it, its peak RSS (VmHWM)
  store-disk       bytes of the database and transaction files
  query            each permutation of QUERY_DIR over HTTP (SPARQL protocol,
                   keep-alive, TSV results read to the end), best of warm runs:
                   wall time at the client, CPU time of the server's threads
  export-nquads    the whole store written as N-Quads by the dump procedure of
                   Virtuoso's documentation (http_nquad into a file)
  open             a restart on the loaded database until the first answer

BENCH_SIZE in the environment is copied into every line. A failure of one
step is reported as that step's line with "ok":false and does not stop the
others; the server is shut down whatever happens.
"""
import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
VIRTUOSO_SH = os.path.join(HERE, "..", "tests", "remote", "virtuoso.sh")
# Triples of the N-Quads file without a graph go here (Virtuoso has no
# default graph of its own; a query without FROM reads every graph).
DEFAULT_GRAPH = "urn:kgsh:bench:default"
SIZE = int(os.environ.get("BENCH_SIZE", "0"))
# The buffer sizes Virtuoso's own virtuoso.ini suggests for 4 GB of free
# memory (8 kB pages).
BUFFERS = os.environ.get("BENCH_VIRTUOSO_BUFFERS", "340000")
DIRTY = os.environ.get("BENCH_VIRTUOSO_DIRTY", "250000")


def emit(op, **fields):
    line = {"system": "virtuoso", "size": SIZE, "op": op}
    line.update(fields)
    print(json.dumps(line), flush=True)


def proc_status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def proc_cpu(pid):
    """User + system CPU seconds of a process (and its reaped threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def threads_cpu(pid):
    """CPU seconds of the live threads of a process, to the nanosecond
    (schedstat): fine enough for one query's share of the server."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass  # a thread that ended meanwhile
    return total * 1e-9


class Server:
    def __init__(self, dbdir, datadir):
        self.dbdir = dbdir
        env = dict(os.environ, KG_VIRTUOSO_BUFFERS=BUFFERS, KG_VIRTUOSO_DIRTY_BUFFERS=DIRTY,
                   KG_VIRTUOSO_QUERY_MEM="2G", KG_VIRTUOSO_DIRS_ALLOWED=datadir)
        out = subprocess.run(["sh", VIRTUOSO_SH, "start", dbdir], env=env, check=True,
                             capture_output=True, text=True).stdout
        self.env = dict(l.split("=", 1) for l in out.splitlines() if "=" in l)
        self.pid = int(self.env["KG_VIRTUOSO_PID"])
        u = urllib.parse.urlsplit(self.env["KG_VIRTUOSO_ENDPOINT"])
        self.host, self.port, self.path = u.hostname, u.port, u.path
        self.conn = None

    def isql(self, sql):
        """Runs SQL through isql-vt; raises with its output on an error."""
        r = subprocess.run(["isql-vt", f"127.0.0.1:{self.env['KG_VIRTUOSO_ISQL_PORT']}", "dba",
                            self.env["KG_VIRTUOSO_PASSWORD"], "VERBOSE=OFF", "BANNER=OFF",
                            "PROMPT=OFF", "ECHO=OFF"], input=sql, capture_output=True, text=True)
        if r.returncode != 0 or re.search(r"^\*\*\* Error", r.stdout + r.stderr, re.M):
            raise RuntimeError((r.stdout + r.stderr).strip()[-600:])
        return r.stdout

    def sparql(self, text):
        """(rows, error) of one query; reads every byte of the TSV answer."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
        body = urllib.parse.urlencode({"query": text})
        self.conn.request("POST", self.path, body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "text/tab-separated-values"})
        resp = self.conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            return 0, f"HTTP {resp.status}: {data[:300].decode('utf-8', 'replace')}"
        # An "anytime" answer cut short by a time limit comes back as 200
        # with these headers: it is a failure, not a result.
        if resp.getheader("X-SQL-State"):
            return 0, f"incomplete: {resp.getheader('X-SQL-Message')}"
        lines = data.decode("utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if text.lstrip().upper().startswith("ASK") or re.search(r"^\s*ASK\b", text, re.M):
            return (1 if lines and lines[-1].strip() in ("1", "true") else 0), None
        return max(len(lines) - 1, 0), None

    def stop(self):
        if self.conn:
            self.conn.close()
            self.conn = None
        subprocess.run(["sh", VIRTUOSO_SH, "stop", self.dbdir], capture_output=True)


def load(srv, data):
    t0, c0 = time.monotonic(), proc_cpu(srv.pid)
    try:
        srv.isql(f"ld_dir('{os.path.dirname(data)}', '{os.path.basename(data)}', '{DEFAULT_GRAPH}');\n"
                 "rdf_loader_run();\ncheckpoint;\n")
        errors = srv.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if re.search(r"\S", errors.replace("ll_file", "").replace("ll_error", "")) and "0 Rows" not in errors:
            raise RuntimeError("the loader reports: " + errors.strip()[-600:])
        ok, err = True, None
    except RuntimeError as e:
        ok, err = False, str(e)
    wall, cpu = time.monotonic() - t0, proc_cpu(srv.pid) - c0
    emit("load-persistent", wall=wall, cpu=cpu, peak_rss_kb=proc_status(srv.pid, "VmHWM"),
         rss_after_kb=proc_status(srv.pid, "VmRSS"), ok=ok, **({"error": err} if err else {}))
    return ok


def store_disk(dbdir):
    total = 0
    for name in ("virtuoso.db", "virtuoso.trx"):
        path = os.path.join(dbdir, name)
        if os.path.exists(path):
            total += os.stat(path).st_blocks * 512
    emit("store-disk", bytes=total)


def time_query_file(srv, path, name):
    """Up to 7 runs, at least 3 unless one takes over 5 s of the server's
    CPU time, until a second is spent (bench/driver.c's rule)."""
    with open(path) as f:
        text = f.read()
    walls, cpus, spent = [], [], 0.0
    while True:
        c0, t0 = threads_cpu(srv.pid), time.monotonic()
        rows, err = srv.sparql(text)
        w = time.monotonic() - t0
        cpus.append(threads_cpu(srv.pid) - c0)
        walls.append(w)
        spent += w
        if err or len(walls) >= 7 or cpus[-1] > 5 or (len(walls) >= 3 and spent >= 1):
            break
    fields = {"wall": sorted(walls)[len(walls) // 2], "min_wall": min(walls), "first_wall": walls[0],
              "cpu": sorted(cpus)[len(cpus) // 2], "min_cpu": min(cpus),
              "runs": len(walls), "rows": rows, "ok": err is None}
    if err:
        fields["error"] = err
    emit("query", query=name[:-3], **fields)


# The dump procedure of Virtuoso's documentation ("Dump RDF quads"),
# reduced to one uncompressed file: every quad of the loaded graphs.
DUMP_PROC = """
CREATE PROCEDURE kg_bench_dump_nquads (IN file_name VARCHAR)
{
  DECLARE env, ses ANY;
  SET isolation = 'uncommitted';
  env := vector (0, 0, 0);
  ses := string_output (10000000);
  string_to_file (file_name, '', -2);
  FOR (SELECT * FROM (SPARQL DEFINE input:storage "" SELECT ?s ?p ?o ?g
         { GRAPH ?g { ?s ?p ?o } . FILTER (?g = <%s> || STRSTARTS (STR (?g), "https://w3id.org/kgsh/")) }) AS sub
       OPTION (LOOP)) DO
    {
      http_nquad (env, "s", "p", "o", "g", ses);
      IF (length (ses) > 10000000)
        {
          string_to_file (file_name, ses, -1);
          ses := string_output (10000000);
        }
    }
  string_to_file (file_name, ses, -1);
}
;
""" % DEFAULT_GRAPH


def export(srv, outdir):
    out = os.path.join(outdir, "virtuoso.nq")
    if os.path.exists(out):
        os.unlink(out)
    fields = {}
    try:
        srv.isql(DUMP_PROC)
        t0, c0 = time.monotonic(), proc_cpu(srv.pid)
        srv.isql(f"kg_bench_dump_nquads('{out}');\n")
        fields = {"wall": time.monotonic() - t0, "cpu": proc_cpu(srv.pid) - c0}
        with open(out, "rb") as f:
            written = sum(1 for _ in f)
        fields.update(written=written, bytes=os.path.getsize(out), ok=True)
    except (RuntimeError, OSError) as e:
        fields.update(ok=False, error=str(e)[-600:])
    emit("export-nquads", **fields)


def open_first(srv):
    """Restarts the server on the loaded database (same ini, ports and
    password) and times it until the first query is answered."""
    t0 = time.monotonic()
    subprocess.run(["virtuoso-t", "+configfile", os.path.join(srv.dbdir, "virtuoso.ini"), "+wait"],
                   cwd=srv.dbdir, check=True, capture_output=True)
    err = "no answer"
    while time.monotonic() - t0 < 600:
        try:
            _, err = srv.sparql("ASK { ?s ?p ?o }")
            break
        except OSError:
            srv.conn = None
            time.sleep(0.02)
    wall = time.monotonic() - t0
    with open(os.path.join(srv.dbdir, "virtuoso.lck")) as f:
        srv.pid = int(re.search(r"VIRT_PID=(\d+)", f.read()).group(1))
    cpu = proc_cpu(srv.pid)  # the new server's whole life so far
    # virtuoso.sh stop finds the new server through server.env.
    srv.env["KG_VIRTUOSO_PID"] = str(srv.pid)
    with open(os.path.join(srv.dbdir, "server.env"), "w") as f:
        f.write("".join(f"{k}={v}\n" for k, v in srv.env.items()))
    emit("open", wall=wall, cpu=cpu, ok=err is None, **({"error": err} if err else {}))


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    data, qdir, work = (os.path.abspath(a) for a in sys.argv[1:])
    dbdir = os.path.join(work, "virtuoso-db")
    subprocess.run(["rm", "-rf", dbdir], check=True)
    os.makedirs(dbdir)
    srv = Server(dbdir, os.path.dirname(data) + ", " + work)
    try:
        if load(srv, data):
            store_disk(dbdir)
            for name in sorted(n for n in os.listdir(qdir) if n.endswith(".rq")):
                time_query_file(srv, os.path.join(qdir, name), name)
            export(srv, work)
        srv.stop()
        open_first(srv)
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
