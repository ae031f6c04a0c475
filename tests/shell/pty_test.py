#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/shell/pty_test.py - drives kgsh through a pseudo-terminal as a
person would: Tab completion of keywords, prefixes, entities and file
names; Ctrl-C during a long query and on a partly typed statement;
multi-line statements recalled from the history as one entry; Ctrl-D.
TAP output. Every wait is bounded, generously (a bound stops a hang; it
is no speed requirement: a busy machine under ASan may be slow); nothing
sleeps longer than needed."""
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import fcntl
import termios

SRCDIR = os.environ.get("srcdir") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KGSH = os.environ.get("KGSH") or os.path.join(os.getcwd(), "shell", "kgsh")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r|\x07")
count = 0
failures = 0


def result(ok, name, detail=""):
    global count, failures
    count += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", count, name))
    if not ok:
        failures += 1
        for line in detail.splitlines()[-25:]:
            print("# " + repr(line))
    sys.stdout.flush()


class Session:
    """kgsh on a pty; `out` accumulates what the terminal showed."""

    def __init__(self, store, env, args=()):
        self.pid, self.fd = os.forkpty()
        if self.pid == 0:
            os.execve(KGSH, [KGSH, "-d", store] + list(args), env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        self.raw = ""
        self.mark = 0  # expect() searches from here on

    def read(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.raw += data.decode("utf-8", "replace")
        return True

    @property
    def out(self):
        return ANSI.sub("", self.raw)

    def expect(self, pattern, timeout=300):
        """Waits until pattern (regex) shows after the mark; moves the mark past it."""
        deadline = time.time() + timeout
        while True:
            m = re.search(pattern, self.out[self.mark:])
            if m:
                self.mark += m.end()
                return True
            left = deadline - time.time()
            if left <= 0 or not self.read(min(left, 0.5)) and self.exited():
                # a diagnostic: an ignored expect that times out costs its wait
                print("# no %r within %g s" % (pattern, timeout), flush=True)
                return False

    def exited(self):
        pid, _ = os.waitpid(self.pid, os.WNOHANG)
        if pid:
            self.status = _
        return pid != 0

    def send(self, text):
        os.write(self.fd, text.encode("utf-8"))

    def since_mark(self):
        return self.out[self.mark:]

    def quits(self, keys, name, timeout=300):  # a hang guard only: a busy machine may be slow
        """Types keys, then checks that kgsh ends (bounded wait) with status 0."""
        self.send(keys)
        deadline = time.time() + timeout
        while not self.exited() and time.time() < deadline:
            self.read(0.2)
        status = getattr(self, "status", None)
        result(status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0,
               name, "status %r\n%s" % (status, self.out))

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def completes(s, typed, pattern, name):
    """Types text ending in Tab, checks what the line shows, then clears it
    with Ctrl-C (waiting for the fresh prompt, not one redrawn under a
    list of candidates)."""
    s.send(typed)
    result(s.expect(pattern), name, s.out[-300:])
    s.send("\x03")
    s.expect(r"\^C\s*\n?kgsh> ")


def main():
    tmp = tempfile.mkdtemp(prefix="kgsh-pty.")
    try:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": tmp,
            "XDG_STATE_HOME": os.path.join(tmp, "state"),
            "KGSH_DATADIR": SRCDIR,
            "TERM": "xterm",
            "INPUTRC": "/dev/null",
            "LC_ALL": "C.UTF-8",
            "PAGER": "sed -e s/^/paged:/",
            "KGSH_PROGRESS_AFTER": "0",  # progress lines from the start, not after 1 s
            "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", ""),
            "LSAN_OPTIONS": os.environ.get("LSAN_OPTIONS", ""),
        }
        store = os.path.join(tmp, "store")
        subprocess.run([KGSH, "-d", store, "--load-bundled", "-c", ".quit"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        os.mkdir(os.path.join(tmp, "data"))
        with open(os.path.join(tmp, "data", "example-data.ttl"), "w") as f:
            f.write("<urn:a> <urn:b> <urn:c> .\n")

        s = Session(store, env)
        result(s.expect(r"kgsh> "), "pty__shows_the_prompt", s.out)

        s.send("SEL\t")
        result(s.expect(r"SELECT"), "complete__keyword_prefix_and_tab", s.out)
        s.send("\x03")
        result(s.expect(r"\^C\s*\n?kgsh> "), "interrupt__ctrl_c_clears_the_typed_line", s.out)

        s.send("ASK { ?s sko\t")
        result(s.expect(r"skos:"), "complete__prefix_name", s.out)
        s.send("\x03")
        s.expect(r"kgsh> ")

        s.send("ASK { kgr:ifl\t")
        result(s.expect(r"kgr:iflytek"), "complete__prefixed_entity_name", s.out)
        s.send("\x03")
        s.expect(r"kgsh> ")

        # readline backs up over "fl" to write "FLYTEK"
        completes(s, ".describe ifl\t", r"\.describe i(fl\x08\x08)?FLYTEK",
                  "complete__entity_name_after_describe")
        completes(s, ".path iflytek oases --avoid-p\t", r"--avoid-property ",
                  "complete__path_option")
        completes(s, ".timel\t", r"\.timeline ", "complete__timeline_command_name")
        completes(s, "ASK { <https://w3id.org/kgsh/id/xunfei-healthcare-hong\t",
                  r"<https://w3id\.org/kgsh/id/xunfei-healthcare-hong-kong-office-plan> ",
                  "complete__full_iri_after_angle_bracket")
        s.send("SELECT ?name WHERE {\n")
        s.expect(r"\{> ")
        completes(s, "  ?thing rdfs:label ?na\t", r"rdfs:label \?name",
                  "complete__variable_of_the_pending_statement")
        # inside FILTER( the candidates are functions: no CONSTRUCT between CONCAT and CONTAINS
        completes(s, "ASK { ?s ?p ?o FILTER(CO\t\t", r"COALESCE\s+CONCAT\s+CONTAINS\s+COUNT\s",
                  "complete__no_query_form_inside_filter")

        s.send(".lo\t")
        result(s.expect(r"\.load"), "complete__dot_command_name", s.out)
        s.send("\x03")
        s.expect(r"kgsh> ")

        s.send(".load %s/data/exam\t" % tmp)
        result(s.expect(r"example-data\.ttl"), "complete__file_name_after_load", s.out)
        s.send("\n")
        result(s.expect(r"Loaded 1 statements"), "load__completed_file_name_loads", s.since_mark())

        # A long load shows a progress line on the terminal, then clears it.
        big = os.path.join(tmp, "data", "big.nt")
        with open(big, "w") as f:
            for i in range(140000):
                f.write("<urn:big:%d> <urn:big:p> \"%d\" .\n" % (i, i))
        s.send(".load %s\n" % big)
        ok = s.expect(r"loading .*big\.nt: 131,072 statements, [0-9,]+/s", timeout=600)
        result(ok and s.expect(r"Loaded 140000 statements", timeout=600),
               "progress__long_load_shows_a_progress_line", s.out[-2000:])

        # A statement cut off by Ctrl-C half way is forgotten.
        s.send("SELECT * WHERE {\n")
        result(s.expect(r"\.\.\.\{> "), "input__continuation_prompt_shows_the_open_brace", s.out)
        s.send("  ?s ?p")
        s.expect(r"\?p")
        s.send("\x03")
        s.expect(r"kgsh> ")
        s.send("ASK { kgr:iflytek ?p ?o };\n")
        ok = s.expect(r"\btrue\b")
        result(ok and "Error" not in s.out[s.out.rfind("^C"):],
               "interrupt__ctrl_c_drops_the_pending_statement", s.out)

        # Ctrl-C during a long query returns to the prompt; the next query works.
        s.send("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i };\n")
        time.sleep(1.0)  # let the cross product start
        s.send("\x03")
        result(s.expect(r"interrupted\s*\n?kgsh> ", timeout=300), "interrupt__ctrl_c_stops_a_long_query", s.out)
        s.send("SELECT (COUNT(*) AS ?n) WHERE { <urn:a> ?p ?o };\n")
        result(s.expect(r"\|\s*1\s*\|"), "interrupt__next_query_works", s.out)

        # A multi-line statement comes back from the history as one entry.
        s.send("SELECT ?name WHERE {\n  kgr:xunfei-healthcare rdfs:label ?name\n};\n")
        result(s.expect(r"Xunfei Healthcare \|"), "history__multi_line_statement_runs", s.out)
        s.send("\x1b[A\n")
        result(s.expect(r"Xunfei Healthcare \|"), "history__up_arrow_recalls_the_whole_statement", s.since_mark())

        # Results taller than the screen (50 rows) go through $PAGER, short
        # ones do not.
        s.send("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p;\n")
        result(s.expect(r"paged:\| rdf:type"), "pager__long_result_goes_through_pager", s.out)
        s.expect(r"kgsh> ")
        s.send("ASK { ?s ?p ?o };\n")
        ok = s.expect(r"true")
        result(ok and "paged:" not in s.out[s.out.rfind("ASK"):], "pager__short_result_is_printed", s.out)

        # Rows wider than the terminal (200 columns) are shown as records.
        s.send("SELECT ?a ?b ?c ?d WHERE { ?s kg:text ?a , ?b , ?c , ?d } LIMIT 1;\n")
        result(s.expect(r"a = \S.*\n.*b = ") and s.expect(r"\(1 row\)"),
               "render__row_wider_than_terminal_becomes_a_record", s.out)
        # ... unless .expanded off was said; .width narrows the columns.
        s.send(".expanded off\nSELECT ?a ?b ?c ?d WHERE { ?s kg:text ?a , ?b , ?c , ?d } LIMIT 1;\n")
        result(s.expect(r"\| a +\| b +\| c +\| d +\|") and s.expect(r"\(1 row\)"),
               "render__expanded_off_keeps_the_table", s.since_mark())
        s.send(".width 12\nSELECT ?a WHERE { ?s kg:text ?a } LIMIT 1;\n.width 0\n")
        result(s.expect(r"\| [^|\n]{11}… \|\n") and s.expect(r"\(1 row\)"),
               "render__width_cuts_the_column", s.out[-800:])
        s.send(".expanded auto\n")

        # Lines that look like they hold a password stay out of the history.
        s.send("ASK { ?s ?p \"password=hunter2\" };\n")
        s.expect(r"false")

        # Invalid UTF-8 typed at the prompt is an error, not a crash.
        os.write(s.fd, b"ASK { ?s ?p \"\xff\xfe\" };\n")
        result(s.expect(r"not valid UTF-8"), "input__invalid_utf8_is_an_error", s.out)

        # The continuation prompt shows what is open: ( inside { and a long string.
        s.send("SELECT * WHERE { FILTER(\n")
        ok = s.expect(r"\.\.\.\(> ")
        s.send('?s = """\n')
        result(ok and s.expect(r'\.\.\."""> '), "input__continuation_prompt_shows_parenthesis_and_string",
               s.since_mark())
        s.send("\x03")
        s.expect(r"kgsh> ")

        # A dot-command or bare word at the continuation prompt is not run
        # (nor swallowed by the statement): the prompt says so.
        s.send("SELECT (COUNT(*) AS ?n) WHERE {\n")
        s.expect(r"\.\.\.\{> ")
        s.send(".mode csv\n")
        ok = s.expect(r'A statement is pending, so "\.mode csv" was not run')
        s.send("exit\n")
        ok = ok and s.expect(r'A statement is pending, so "exit" was not run')
        s.send("<urn:a> ?p ?o };\n")
        result(ok and s.expect(r"\|\s*1\s*\|"), "input__dot_command_at_continuation_prompt_is_not_run",
               s.out[-1500:])

        # .once waits past settings for the next result.
        once = os.path.join(tmp, "data", "once.csv")
        s.send(".once %s\n.mode csv\n.headers on\nASK { <urn:a> ?p ?o };\n.mode table\n" % once)
        s.send("ASK { ?s ?p ?o };\n")
        ok = s.expect(r"true")
        text = open(once, newline="").read() if os.path.exists(once) else ""
        result(ok and text == "_askResult\r\ntrue\r\n", "once__survives_settings_typed_before_the_statement",
               repr(text) + s.out[-500:])

        # Ctrl-D with a pending statement warns instead of leaving.
        s.send("SELECT * WHERE {\n")
        s.expect(r"\.\.\.\{> ")
        s.send("\x04")
        ok = s.expect(r"A statement is pending: end it with ';'.*Ctrl-D again")
        result(ok and s.expect(r"\.\.\.\{> ") and not s.exited(), "exit__ctrl_d_with_pending_text_warns",
               s.out[-800:])
        s.send("\x03")
        s.expect(r"kgsh> ")

        # help at the prompt is .help, paged (longer than the 50-row screen).
        s.send("help\n")
        result(s.expect(r"paged:\.accept ") and s.expect(r"paged:\.width "), "help__bare_word_shows_help_paged",
               s.out[-1500:])
        # Ctrl-D typed at the prompt (not typed ahead, when the terminal
        # is still in cooked mode and would swallow it as end-of-file)
        s.expect(r"kgsh> ")
        s.quits("\x04", "exit__ctrl_d_on_an_empty_line_quits")
        s.close()

        # Scripts get no progress line, even on a terminal.
        script = os.path.join(tmp, "data", "load.kgsh")
        with open(script, "w") as f:
            f.write(".load %s <urn:again>\n" % big)
        p = Session(store, env, ["-f", script])
        ok = p.expect(r"Loaded 140000 statements", timeout=600)
        result(ok and "statements," not in p.out, "progress__scripts_show_none", p.out[-2000:])
        p.close()

        # "exit" alone on a line leaves.
        e = Session(store, env)
        e.expect(r"kgsh> ")
        e.quits("exit\n", "exit__bare_exit_leaves")
        e.close()

        # A result without end is paged from its first screenful on, while
        # the query still runs (a billion rows: nothing could be held whole).
        g = Session(store, env)
        g.expect(r"kgsh> ")
        vals = " ".join(str(i) for i in range(1000))
        g.send("SELECT * { VALUES ?a { %s } VALUES ?b { %s } VALUES ?c { %s } };\n" % (vals, vals, vals))
        result(g.expect(r"paged:\| 0 +\| 0 +\| 0 +\|"), "pager__endless_result_is_paged_while_it_runs",
               g.out[-2000:])
        g.send("\x03")
        result(g.expect(r"kgsh> "), "pager__ctrl_c_ends_the_endless_result", g.out[-2000:])
        g.close()

        # A pager that is not installed does not swallow the result.
        m = Session(store, dict(env, PAGER="kgsh-no-such-pager -R"))
        m.expect(r"kgsh> ")
        m.send("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p;\n")
        ok = m.expect(r"\| rdf:type") and m.expect(r"rows?\)")
        result(ok and "paged:" not in m.out, "pager__missing_pager_prints_the_result", m.out[-2000:])
        m.close()

        # Closing the terminal (SIGHUP) ends the session the ordinary way: an
        # .output file is completed, not left under its temporary name.
        h = Session(store, env)
        h.expect(r"kgsh> ")
        out_dir = os.path.join(tmp, "hangup")
        os.mkdir(out_dir)
        h.send(".output %s/answer.csv\n.mode csv\nASK { <urn:a> ?p ?o };\n" % out_dir)
        h.send("ASK { ?s ?p ?o };\n")
        h.expect(r"kgsh> .*\n.*kgsh> .*\n.*kgsh> .*\n.*kgsh> ")
        os.close(h.fd)
        deadline = time.time() + 300  # a hang guard only
        while not h.exited() and time.time() < deadline:
            time.sleep(0.1)
        files = sorted(os.listdir(out_dir))
        text = open(os.path.join(out_dir, "answer.csv"), newline="").read() if files == ["answer.csv"] else ""
        result(files == ["answer.csv"] and text == "_askResult\r\ntrue\r\n_askResult\r\ntrue\r\n",
               "output__terminal_close_completes_the_file", "%r %r" % (files, text))
        try:
            os.kill(h.pid, signal.SIGKILL)
            os.waitpid(h.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass

        hist = os.path.join(tmp, "state", "kgsh", "history")
        ok = os.path.exists(hist) and (os.stat(hist).st_mode & 0o777) == 0o600
        text = open(hist, encoding="utf-8", errors="replace").read() if ok else ""
        result(ok and "kgr:xunfei-healthcare rdfs:label ?name" in text,
               "history__file_is_private_and_kept", text)
        result(ok and "hunter2" not in text, "history__leaves_out_passwords", text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % count)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
