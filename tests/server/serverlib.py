# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/server/serverlib.py - what the tests of `kgsh serve` share: TAP
output, running kgsh, a store with the bundled data, starting a server on
127.0.0.1 with a port the kernel picks (--port 0; the port is read from
the line the server prints) and stopping it with SIGTERM, and curl.

Tests that need a tool (curl, rdflib, chromium) fail, never skip, when it
is missing, naming the Debian package."""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

SRCDIR = os.environ.get("srcdir", ".")
BUILD = os.environ.get("KG_BUILDDIR", os.getcwd())
KGSH = os.path.join(BUILD, "shell", "kgsh")
TOKEN = "test-token-0123456789abcdef"
USER, PASSWORD = "analyst", "correct horse battery staple"

results = []


def tap(ok, name, detail=""):
    results.append(bool(ok))
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name))
    if not ok and detail:
        for line in str(detail).splitlines()[:30]:
            print("# " + line)
    sys.stdout.flush()
    return ok


def stop_checked(server):
    """Stops the server and checks it ended cleanly (a sanitizer report at
    exit makes the status non-zero)."""
    rc = server.stop()
    tap(rc == 0, "the server stops on SIGTERM with status 0 (no sanitizer report)",
        "%s\n%s" % (rc, server.final_stderr[-3000:]))
    return rc


def summary():
    print("# %d of %d passed" % (sum(results), len(results)))
    return 0 if all(results) else 1


def need(tool, package):
    """Bails out (a failure, not a skip) when tool is not installed."""
    if shutil.which(tool) is None:
        print("1..1")
        tap(False, "%s is installed" % tool)
        print("Bail out! %s is missing: apt-get install %s" % (tool, package))
        sys.exit(1)


def kgsh(args, stdin=None, env=None, timeout=300):
    e = dict(os.environ)
    e["KGSH_DATADIR"] = SRCDIR
    e.update(env or {})
    return subprocess.run([KGSH] + args, input=stdin, capture_output=True, text=True, env=e,
                          timeout=timeout)


def workdir(name):
    return tempfile.mkdtemp(prefix="kgserve-%s." % name)


def bundled_store(work):
    """A store with the ontology and the bundled articles."""
    store = os.path.join(work, "store")
    p = kgsh(["--dir", store, "--load-bundled", "-c", "ASK {}"])
    if p.returncode != 0:
        raise RuntimeError("cannot make the store: " + p.stderr)
    return store


def credentials(work):
    """A password file with the hashed form, and a token file."""
    p = kgsh(["serve", "--hash-password"], stdin=PASSWORD + "\n")
    hashed = p.stdout.strip()
    passwords = os.path.join(work, "passwords")
    with open(passwords, "w") as f:
        f.write("# kgsh serve users\n%s:%s\n" % (USER, hashed))
    token = os.path.join(work, "token")
    with open(token, "w") as f:
        f.write(TOKEN + "\n")
    os.chmod(passwords, 0o600)
    os.chmod(token, 0o600)
    return passwords, token, hashed


class Server:
    """kgsh serve on 127.0.0.1 with a port the kernel picks."""

    def __init__(self, store, *args, env=None):
        e = dict(os.environ)
        e["KGSH_DATADIR"] = SRCDIR
        e.pop("KGSH_SERVE_TOKEN", None)
        e.update(env or {})
        self.log = tempfile.NamedTemporaryFile(prefix="kgserve-stderr.", delete=False)
        self.proc = subprocess.Popen([KGSH, "serve", "--store", store, "--port", "0"] +
                                     list(args), stdout=subprocess.PIPE, stderr=self.log,
                                     text=True, env=e)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.wait(timeout=30)
            raise RuntimeError("kgsh serve did not start: " + line + self.stderr())
        self.port = int(m.group(1))
        self.base = "http://127.0.0.1:%d" % self.port
        self.sparql = self.base + "/sparql"
        self.data = self.base + "/data"

    def stderr(self):
        with open(self.log.name) as f:
            return f.read()

    def stop(self):
        """SIGTERM; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=120)
        finally:
            self.proc.stdout.close()
            self.final_stderr = self.stderr()  # kept for the test to read
            os.unlink(self.log.name)


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name.lower(), "")

    def __repr__(self):
        return "HTTP %d %s\n%s" % (self.status, self.headers, self.text[:1500])


def curl(url, *args, data=None, timeout=300):
    """curl with the given arguments; data (bytes or str) goes on standard
    input (use args such as '--data-binary', '@-')."""
    with tempfile.TemporaryDirectory() as tmp:
        body, head = os.path.join(tmp, "body"), os.path.join(tmp, "head")
        p = subprocess.run(["curl", "-sS", "-o", body, "-D", head, "-w", "%{http_code}"] +
                           list(args) + [url],
                           input=data.encode() if isinstance(data, str) else data,
                           capture_output=True, timeout=timeout)
        status = int(p.stdout or b"0")
        headers = {}
        if os.path.exists(head):
            with open(head, "rb") as f:
                for line in f.read().decode("latin-1").splitlines():
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
        content = open(body, "rb").read() if os.path.exists(body) else b""
        return Answer(status, headers, content)
