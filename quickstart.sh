#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# quickstart.sh - from a fresh Debian 12 machine to kgsh in one command.
#
#   ./quickstart.sh         install the dependencies, build, and open kgsh on
#                           the bundled articles in the embedded default store
#   ./quickstart.sh test    install the dependencies, build, and run every
#                           test tier (HACKING.md): in a normal build make
#                           check, check-integration and check-stress; beside
#                           it, in an AddressSanitizer + UBSan build, check
#                           and check-stress; then each fuzzer for a bounded
#                           time. Ends with one line "N passed, N failed"
#                           summing them all, and exits 0 only when nothing
#                           failed.
#
# A stage that cannot run (configure or a build failing, a fuzz harness
# that does not build, a test program that never started) is itself
# counted as a failed test in that line, so the line and the exit status
# always agree. Dependencies come from Debian's archive only. Run as root
# or as a user who may use sudo. Safe to run again: it installs only what
# is missing, and each run counts only its own results.
set -eu

mode=${1:-shell}
case $mode in
shell | test) ;;
*)
    echo "usage: $0 [test]" >&2
    exit 2
    ;;
esac

top=$(cd "$(dirname "$0")" && pwd)
cd "$top"

# What building libkg and kgsh needs. Hyperscan (REGEX's automaton) is
# built for amd64 only; its port Vectorscan provides the same library
# elsewhere.
case "$(dpkg --print-architecture 2>/dev/null)" in
    amd64) hyperscan=libhyperscan-dev ;;
    *) hyperscan=libvectorscan-dev ;;
esac
build_packages="build-essential autoconf automake libtool pkg-config
  librdf0-dev libraptor2-dev librasqal3-dev libserd-dev libxml2-dev
  libpcre2-dev $hyperscan libunistring-dev nettle-dev libgmp-dev libreadline-dev libcurl4-gnutls-dev libjson-c-dev
  libmicrohttpd-dev"
# What make check needs besides: python3 (its standard library only) drives
# kgsh through a pseudo-terminal; man-db renders the man page, which must
# come out without a warning (manpage_test).
check_packages="python3 man-db"
# The peers of make check-integration: python3-rdflib (an independent
# SPARQL engine), rapper and serdi (independent parsers), graphviz and
# chromium (pictures, opened in a real browser), Virtuoso (a real SPARQL
# server; its own system service is kept from starting: the tests run a
# private one), curl. Later: the Redland language bindings.
integration_packages="python3-rdflib raptor2-utils serdi graphviz chromium
  python3-librdf librdf-perl redland-utils librdf-storage-sqlite
  virtuoso-opensource-7 curl"
# The fuzzers: clang with its libFuzzer and sanitizer runtimes (the
# runtimes are only a recommendation of clang, so named here), and llvm for
# llvm-symbolizer: clang's sanitizers name stack frames through it, and
# without names the suppressions of known Redland leaks (tests/lsan.supp)
# cannot match, so a known raptor leak would fail the run.
fuzz_packages="clang libclang-rt-14-dev llvm"

need_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "quickstart: installing packages needs root; run as root or install sudo" >&2
        exit 1
    fi
}

install_packages() {
    missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    echo "quickstart: installing$missing"
    need_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # Packages with a service (virtuoso-opensource-7) must not start it: a
    # policy-rc.d that denies every start, for this install only, unless
    # the machine has one of its own.
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\n# quickstart.sh: no service starts during its install\nexit 101\n' |
            need_root tee "$policy" >/dev/null
        need_root chmod 755 "$policy"
    fi
    status=0
    # shellcheck disable=SC2086
    need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing ||
        status=$?
    [ -n "$policy" ] && need_root rm -f "$policy"
    [ "$status" -eq 0 ] || exit "$status"
}

# configure_build DIR [configure options...]: configures once, then builds;
# the output goes to DIR.log (shown when it fails).
configure_build() {
    dir=$1
    shift
    mkdir -p "$dir"
    if [ ! -f "$dir/Makefile" ]; then
        (cd "$dir" && "$top/configure" --quiet "$@") >"$dir.log" 2>&1 || return 1
    fi
    make -C "$dir" -j"$(nproc)" --no-print-directory >>"$dir.log" 2>&1
}

if [ "$mode" = test ]; then
    # shellcheck disable=SC2086
    install_packages $build_packages $check_packages $integration_packages $fuzz_packages
else
    # shellcheck disable=SC2086
    install_packages $build_packages
fi
if ! { [ -x configure ] && [ configure -nt configure.ac ] && [ configure -nt Makefile.am ]; }; then
    ./autogen.sh >autogen.log 2>&1 || { cat autogen.log >&2; exit 1; }
fi

if [ "$mode" = shell ]; then
    configure_build _build || { tail -40 _build.log >&2; exit 1; }
    # the uninstalled shell finds the bundled ontology and articles here
    KGSH_DATADIR="$top" exec "$top/_build/shell/kgsh" "$@"
fi

# ---- the test run ----
# Stages that are not test programs (building, a tier's make run) record
# their result here as one test case each, in automake's .trs form.
stages=$top/_build-stages
rm -rf "$stages"
mkdir -p "$stages"
# Only this run's results count.
for d in _build _build-asan _build-fuzz; do
    if [ -d "$d" ]; then find "$d" -name '*.trs' -exec rm -f {} +; fi
done

# stage_result NAME PASS|FAIL [LOG]: records a stage as a test case.
stage_result() {
    {
        echo "1..1"
        if [ "$2" = PASS ]; then
            echo "ok 1 - $1"
        else
            echo "not ok 1 - $1${3:+ (see $3)}"
            if [ -n "${3:-}" ]; then tail -20 "$3" | sed 's/^/# /'; fi
        fi
    } >"$stages/$1.log"
    printf ':test-result: %s\n:global-test-result: %s\n:recheck: no\n:copy-in-global-log: no\n' \
        "$2" "$2" >"$stages/$1.trs"
}

# run_tier DIR TARGET TIER: runs one tier's make target; every test of the
# tier that left no result (its program did not build or start, make
# stopped) is counted as failed, and so is make failing with none of the
# tier's tests failed.
run_tier() {
    dir=$1
    log=$top/$dir/$2.out
    rc=0
    make -C "$dir" -j"$(nproc)" --no-print-directory "$2" >"$log" 2>&1 || rc=$?
    missing=0
    failed_tests=0
    for t in $(make -C "$dir" -s --no-print-directory list-tests TIER="$3" | grep "^tests/"); do
        if [ ! -f "$dir/$t.trs" ]; then
            missing=$((missing + 1))
            stage_result "$dir-$3-$(echo "$t" | tr / -)-did-not-run" FAIL "$log"
        elif grep -q -E '^:test-result: (FAIL|ERROR|XPASS|SKIP)' "$dir/$t.trs"; then
            failed_tests=$((failed_tests + 1))
        fi
    done
    if [ "$rc" -ne 0 ] && [ "$missing" -eq 0 ] && [ "$failed_tests" -eq 0 ]; then
        stage_result "$dir-make-$2" FAIL "$log"
    fi
}

# build_and_test DIR TIER... -- CONFIGURE-OPTION...
build_and_test() {
    dir=$1
    shift
    tiers=""
    while [ "$1" != -- ]; do
        tiers="$tiers $1"
        shift
    done
    shift
    if ! configure_build "$dir" "$@"; then
        stage_result "$dir-build" FAIL "$top/$dir.log"
        return 0
    fi
    stage_result "$dir-build" PASS
    for tier in $tiers; do
        target=check-$tier
        [ "$tier" != check ] || target=check
        echo "quickstart: $dir: make $target"
        run_tier "$dir" "$target" "$tier"
    done
}

# The sanitizer build runs beside the normal one: many tests wait on
# servers, pipes and child processes, so two builds fill two cores where
# one leaves a core idle, and CI stays well inside its 30 minutes. Each
# build has its own directory and every test its own temporary files.
echo "quickstart: running the test suite in a normal build and, beside it, under AddressSanitizer and UBSan"
(
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export LSAN_OPTIONS=suppressions="$top/tests/lsan.supp":print_suppressions=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    build_and_test _build-asan check stress -- --enable-sanitizers CC=gcc
) >"$stages/asan.out" 2>&1 &
asan_pid=$!
build_and_test _build check integration stress --
asan_status=0
wait "$asan_pid" || asan_status=$?
cat "$stages/asan.out"
if [ "$asan_status" -ne 0 ]; then
    stage_result _build-asan-run FAIL "$stages/asan.out"
fi
echo "quickstart: fuzzing each parser for a bounded time (clang, libFuzzer)"
sh tests/fuzz/run.sh >"$stages/fuzz.out" 2>&1 || true
cat "$stages/fuzz.out"
exec sh tests/summary.sh _build _build-asan _build-fuzz "$stages"
