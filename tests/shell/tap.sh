# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/shell/tap.sh - sourced by the shell tests (after setting tap_name):
# a temporary directory $tmp, removed at exit, and TAP counting with ok,
# not_ok and check NAME STATUS (0 passes). The test ends with:
# echo "1..$n"; [ "$failed" -eq 0 ]
tmp=$(mktemp -d "/tmp/kgsh-$tap_name.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { # NAME CONDITION-STATUS
    if [ "$2" -eq 0 ]; then ok "$1"; else not_ok "$1"; fi
}
