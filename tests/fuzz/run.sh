#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/fuzz/run.sh - builds the libFuzzer harnesses with clang (ASan +
# UBSan + coverage) in their own build directory and runs each for a
# bounded time on its seed corpus and past crashes.
#
#   sh tests/fuzz/run.sh [HARNESS...]     (default: every harness)
#
# Environment: KG_FUZZ_SECONDS (per harness, default 20), KG_FUZZ_BUILD
# (default _build-fuzz in the source tree), KG_FUZZ_SEED (libFuzzer's
# -seed, to replay a run; each run's seed is in its log line). Each run is recorded as one
# test case, TAP in BUILD/tests/fuzz/NAME.log and an automake .trs beside
# it, so tests/summary.sh counts it; the line printed per harness names the
# executions done and the crashes found. A crash leaves its input as
# BUILD/tests/fuzz/crash-NAME-* (add it to tests/fuzz/regress/NAME/ once
# fixed). A harness that cannot be built or run (clang or its runtimes
# missing, a compile error) is recorded as a failed case too, so the
# summary counts it. Exits 1 when a harness crashed or could not be built
# or run.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${KG_FUZZ_BUILD:-$top/_build-fuzz}
seconds=${KG_FUZZ_SECONDS:-20}
harnesses=${*:-"sparql load import ingest shell answer chains redland manifest articles segment"}

dir=$build/tests/fuzz
mkdir -p "$dir"

# record NAME PASS|FAIL LINE [DETAIL-FILE]: one harness's result as one
# test case, TAP in DIR/fuzz_NAME.log and an automake .trs beside it.
record() {
    {
        echo "1..1"
        if [ "$2" = PASS ]; then echo "ok 1 - fuzz_$1: $3"; else echo "not ok 1 - fuzz_$1: $3"; fi
        if [ -n "${4:-}" ]; then
            grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*error:)' "$4" | head -5 | sed 's/^/# /'
        fi
    } >"$dir/fuzz_$1.log"
    printf ':test-result: %s\n:global-test-result: %s\n:recheck: no\n:copy-in-global-log: no\n' \
        "$2" "$2" >"$dir/fuzz_$1.trs"
    echo "fuzz: fuzz_$1: $3"
}

# Not being able to build a harness is a failure of that harness, counted
# in the summary like a crash.
fail_all() {
    for h in $harnesses; do record "$h" FAIL "$1" "${2:-}"; done
    exit 1
}

command -v clang >/dev/null 2>&1 ||
    fail_all "not run: clang is not installed (apt-get install clang libclang-rt-14-dev llvm)"
# clang's sanitizer runtimes symbolize stacks with llvm-symbolizer; without
# it the function-name suppressions of tests/lsan.supp match nothing.
command -v llvm-symbolizer >/dev/null 2>&1 ||
    fail_all "not run: llvm-symbolizer is not installed (apt-get install llvm): leak reports could not be matched against tests/lsan.supp"
if [ ! -f "$build/Makefile" ]; then
    (cd "$build" && "$top/configure" --quiet --enable-sanitizers CC=clang \
        CFLAGS="-g -O1 -fsanitize=fuzzer-no-link") >"$build/fuzz-configure.log" 2>&1 || {
        tail -20 "$build/fuzz-configure.log" >&2
        rm -f "$build/Makefile"
        fail_all "not run: configuring the clang build failed (libclang-rt-14-dev missing?); see $build/fuzz-configure.log and $build/config.log" \
            "$build/fuzz-configure.log"
    }
fi
targets=""
for h in $harnesses; do targets="$targets tests/fuzz/fuzz_$h"; done
# shellcheck disable=SC2086
make -C "$build" -j"$(nproc)" --no-print-directory $targets >"$build/fuzz-build.log" 2>&1 || {
    tail -20 "$build/fuzz-build.log" >&2
    fail_all "not run: building the harnesses failed; see $build/fuzz-build.log" "$build/fuzz-build.log"
}

status=0
for h in $harnesses; do
    work=$dir/corpus-$h # seeds plus what the fuzzer finds; kept between runs
    mkdir -p "$work"
    cp "$top/tests/fuzz/corpus/$h/"* "$work/"
    out=$dir/fuzz_$h.out
    rc=0
    case $h in # a dictionary of keywords and shapes to splice in
    sparql | chains) dict=$top/tests/fuzz/sparql.dict ;;
    *) dict= ;;
    esac
    # shellcheck disable=SC2046
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        LSAN_OPTIONS=suppressions="$top/tests/lsan.supp":print_suppressions=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$dir/fuzz_$h" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=120 \
        -max_len=65536 ${dict:+-dict="$dict"} -print_final_stats=1 -artifact_prefix="$dir/crash-$h-" \
        $(if [ -n "${KG_FUZZ_SEED:-}" ]; then echo "-seed=$KG_FUZZ_SEED"; fi) \
        "$work" "$top/tests/fuzz/regress/$h" >"$out" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
    fuzz_seed=$(sed -n 's/^INFO: Seed: *//p' "$out" | head -1)
    crashes=$(find "$dir" -maxdepth 1 -name "crash-$h-*" -newer "$work" | wc -l)
    if [ "$rc" -eq 0 ] && [ -n "$runs" ] && [ "$runs" -gt 0 ]; then
        record "$h" PASS "$runs executions in ${seconds}s, 0 crashes (KG_FUZZ_SEED=$fuzz_seed)"
    else
        status=1
        record "$h" FAIL "${runs:-0} executions, exit status $rc, $crashes crash input(s) in $dir (KG_FUZZ_SEED=$fuzz_seed)" "$out"
    fi
done
exit $status
