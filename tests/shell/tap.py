# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/shell/tap.py - the TAP lines and file reading shared by the Python
parts of the shell tests (formats_test.sh, streams_test.sh): each check
prints "ok N - name" or "not ok N - name" with what came instead."""
import os
import sys


class Tap:
    def __init__(self, tmp):
        self.tmp = tmp  # the test's temporary directory, where read() looks
        self.n = 0
        self.failed = 0

    def check(self, name, cond, detail=""):
        self.n += 1
        print(("ok %d - %s" if cond else "not ok %d - %s") % (self.n, name))
        if not cond:
            self.failed += 1
            for line in str(detail).splitlines()[:30]:
                print("# " + line)

    def read(self, name):
        with open(os.path.join(self.tmp, name), encoding="utf-8", newline="") as f:
            return f.read()

    def finish(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)
