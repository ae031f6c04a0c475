#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/summary.sh - sums the test cases of finished test runs (any tier).
#
#   sh tests/summary.sh BUILD_DIR...
#
# Reads the automake .trs files (one ":test-result:" line per test case,
# from the TAP driver), prints every failure with the build it came from,
# and ends with the line "N passed, N failed". A test program that did not
# run to its plan counts as failed (automake records it as ERROR), and so
# does a stage that could not run at all: quickstart.sh and
# tests/fuzz/run.sh record those as failed cases of their own (a build,
# a harness that does not compile, a test that never started). Known
# failures (TAP "# TODO", listed with a reason in the conformance harness's
# expected-failures.txt) are counted on a line of their own: they are
# neither passes nor regressions. Exits 1 when anything failed or no test
# ran at all.
set -eu
passed=0
failed=0
known=0
for dir in "$@"; do
    [ -d "$dir" ] || continue # a stage that did not make its directory recorded that
    for trs in $(find "$dir" -name '*.trs' | sort); do
        p=$(grep -c '^:test-result: PASS' "$trs" || true)
        f=$(grep -c -E '^:test-result: (FAIL|ERROR|XPASS|SKIP)' "$trs" || true)
        k=$(grep -c '^:test-result: XFAIL' "$trs" || true)
        known=$((known + k))
        passed=$((passed + p))
        failed=$((failed + f))
        if [ "$f" -gt 0 ]; then
            log=${trs%.trs}.log
            echo "FAILED in $dir: ${trs#"$dir"/} (see $log)"
            grep -E '^(not ok|# )' "$log" 2>/dev/null | head -20 | sed 's/^/    /'
        fi
    done
done
[ "$known" -gt 0 ] && echo "$known known failures (W3C conformance, each listed with its reason)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
