#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/shell/share_test.py - one store, many kgsh processes (issue 17):
an idle interactive shell on a pty and, beside it, `kgsh -c` reads and
writes succeed; the shell sees the other's write on its next statement; a
--readonly shell does too, and says it is read-only in its banner and in
.stats; a write that finds another in progress waits for it and then
succeeds. TAP output. Every wait is bounded; no timing is asserted."""
import os
import subprocess
import sys
import tempfile
import shutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pty_test import KGSH, Session, result  # noqa: E402
import pty_test  # noqa: E402


def kgsh(store, env, *args, stdin=None):
    return subprocess.run([KGSH, "-d", store] + list(args), env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


COUNT = "SELECT (COUNT(*) AS ?n) { ?s <urn:share:p> ?o };\n"


def wait_for_holder(store, holder, shell):
    """Waits (bounded) until holder's pid is in the store's LOCK file."""
    lock = os.path.join(store, "LOCK")
    for _ in range(300):
        try:
            with open(lock) as f:
                if "pid %d" % holder.pid in f.read():
                    return True
        except OSError:
            pass
        if holder.poll() is not None:
            return False
        shell.read(0.1)
    return False


def main():
    tmp = tempfile.mkdtemp(prefix="kgsh-share.")
    shells = []
    try:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": tmp,
            "XDG_STATE_HOME": os.path.join(tmp, "state"),
            "TERM": "xterm",
            "INPUTRC": "/dev/null",
            "LC_ALL": "C.UTF-8",
            "PAGER": "cat",
            "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", ""),
            "LSAN_OPTIONS": os.environ.get("LSAN_OPTIONS", ""),
        }
        store = os.path.join(tmp, "store")
        r = kgsh(store, env, "-c", "INSERT DATA { <urn:share:s1> <urn:share:p> 1 }")
        result(r.returncode == 0, "setup__first_write", r.stderr)

        shell = Session(store, env)
        shells.append(shell)
        ok = shell.expect(r"quads in .*store\. Type")
        result(ok, "interactive__banner", shell.out)
        shell.send(COUNT)
        result(shell.expect(r"\b1\b"), "interactive__reads", shell.since_mark())

        r = kgsh(store, env, "-c", "SELECT * { ?s ?p ?o }")
        result(r.returncode == 0, "beside_idle_shell__c_read_succeeds", r.stderr)
        # .busy 0: a write that found the lock held would fail at once
        r = kgsh(store, env, stdin=".busy 0\nINSERT DATA { <urn:share:s2> <urn:share:p> 2 };\n")
        result(r.returncode == 0, "beside_idle_shell__c_write_succeeds_at_once", r.stderr)

        shell.send(COUNT)
        result(shell.expect(r"\b2\b"), "interactive__sees_the_other_write_on_its_next_statement",
               shell.since_mark())

        ro = Session(store, env, ["--readonly"])
        shells.append(ro)
        result(ro.expect(r"quads in .*store \(read-only\)\. Type"), "readonly__banner_says_so",
               ro.out)
        ro.send(".stats\n")
        result(ro.expect(r"2 quads \(read-only"), "readonly__stats_says_so", ro.since_mark())
        r = kgsh(store, env, "-c", "INSERT DATA { <urn:share:s3> <urn:share:p> 3 }")
        result(r.returncode == 0, "beside_readonly_shell__c_write_succeeds", r.stderr)
        ro.send(COUNT)
        result(ro.expect(r"\b3\b"), "readonly__sees_the_other_write_on_its_next_statement",
               ro.since_mark())

        # The interactive shell writes while another writer holds the lock
        # (a load from a FIFO kept open): it waits, and succeeds once the
        # holder commits.
        fifo = os.path.join(tmp, "hold.ttl")
        os.mkfifo(fifo)
        holder = subprocess.Popen([KGSH, "-d", store, "-c", ".load " + fifo], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with open(fifo, "w") as w:
            result(wait_for_holder(store, holder, shell), "two_writers__holder_takes_the_lock")
            shell.send(".busy 60000\n")
            shell.send("INSERT DATA { <urn:share:s4> <urn:share:p> 4 };\n")
            shell.read(0.2)  # give it the chance to start waiting (not asserted)
            w.write("<urn:share:s5> <urn:share:p> 5 .\n")
        holder.wait(timeout=120)
        result(holder.returncode == 0, "two_writers__holder_commits", holder.stderr.read())
        ok = shell.expect(r"1 quad added")
        result(ok, "two_writers__second_waits_then_succeeds", shell.since_mark())
        shell.send(COUNT)
        result(shell.expect(r"\b5\b"), "two_writers__both_writes_are_kept", shell.since_mark())

        # With a short busy timeout the second writer gives up and names
        # the holder.
        fifo2 = os.path.join(tmp, "hold2.ttl")
        os.mkfifo(fifo2)
        holder = subprocess.Popen([KGSH, "-d", store, "-c", ".load " + fifo2], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with open(fifo2, "w") as w:
            wait_for_holder(store, holder, shell)
            shell.send(".busy 100\n")
            shell.send("INSERT DATA { <urn:share:s6> <urn:share:p> 6 };\n")
            ok = shell.expect(r"pid %d" % holder.pid)
            result(ok, "two_writers__short_busy_timeout_fails_naming_the_holder",
                   shell.since_mark())
        holder.wait(timeout=120)
        shell.send(COUNT)
        result(shell.expect(r"\b5\b"), "two_writers__the_failed_write_changed_nothing",
               shell.since_mark())
    finally:
        for s in shells:
            s.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % pty_test.count)
    return 1 if pty_test.failures else 0


if __name__ == "__main__":
    sys.exit(main())
