#!/bin/sh
# tests/fuzz/run.sh - builds the libFuzzer harnesses with clang (ASan +
# UBSan + coverage) in their own build directory and runs each for a
# bounded time on its seed corpus and past crashes.
#
#   sh tests/fuzz/run.sh [HARNESS...]     (default: every harness)
#
# Environment: KG_FUZZ_SECONDS (per harness, default 20), KG_FUZZ_BUILD
# (default _build-fuzz in the source tree). Each run is recorded as one
# test case, TAP in BUILD/tests/fuzz/NAME.log and an automake .trs beside
# it, so tests/summary.sh counts it; the line printed per harness names the
# executions done and the crashes found. A crash leaves its input as
# BUILD/tests/fuzz/crash-NAME-* (add it to tests/fuzz/regress/NAME/ once
# fixed). Exits 1 when a harness crashed or could not be built or run.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${KG_FUZZ_BUILD:-$top/_build-fuzz}
seconds=${KG_FUZZ_SECONDS:-20}
harnesses=${*:-"sparql load import ingest shell answer manifest"}

command -v clang >/dev/null 2>&1 || {
    echo "fuzz: clang is not installed (apt-get install clang)" >&2
    exit 1
}
mkdir -p "$build"
if [ ! -f "$build/Makefile" ]; then
    (cd "$build" && "$top/configure" --quiet --enable-sanitizers CC=clang \
        CFLAGS="-g -O1 -fsanitize=fuzzer-no-link")
fi
targets=""
for h in $harnesses; do targets="$targets tests/fuzz/fuzz_$h"; done
# shellcheck disable=SC2086
make -C "$build" -j"$(nproc)" --no-print-directory $targets >"$build/fuzz-build.log" 2>&1 || {
    echo "fuzz: building the harnesses failed; see $build/fuzz-build.log" >&2
    tail -20 "$build/fuzz-build.log" >&2
    exit 1
}

status=0
for h in $harnesses; do
    dir=$build/tests/fuzz
    work=$dir/corpus-$h # seeds plus what the fuzzer finds; kept between runs
    mkdir -p "$work"
    cp "$top/tests/fuzz/corpus/$h/"* "$work/"
    out=$dir/fuzz_$h.out
    rc=0
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        LSAN_OPTIONS=suppressions="$top/tests/lsan.supp":print_suppressions=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$dir/fuzz_$h" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/crash-$h-" \
        "$work" "$top/tests/fuzz/regress/$h" >"$out" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
    crashes=$(find "$dir" -maxdepth 1 -name "crash-$h-*" -newer "$work" | wc -l)
    if [ "$rc" -eq 0 ] && [ -n "$runs" ] && [ "$runs" -gt 0 ]; then
        result=PASS
        line="ok 1 - fuzz_$h: $runs executions in ${seconds}s, 0 crashes"
    else
        result=FAIL
        status=1
        line="not ok 1 - fuzz_$h: ${runs:-0} executions, exit status $rc, $crashes crash input(s) in $dir"
    fi
    {
        echo "1..1"
        echo "$line"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$out" | head -5 | sed 's/^/# /'
    } >"$dir/fuzz_$h.log"
    printf ':test-result: %s\n:global-test-result: %s\n:recheck: no\n:copy-in-global-log: no\n' \
        "$result" "$result" >"$dir/fuzz_$h.trs"
    echo "fuzz: ${line#* - }"
done
exit $status
