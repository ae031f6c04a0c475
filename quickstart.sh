#!/bin/sh
# quickstart.sh - from a fresh Debian 12 machine to kgsh in one command.
#
#   ./quickstart.sh         install the dependencies, build, and open kgsh on
#                           the bundled articles in the embedded default store
#   ./quickstart.sh test    install the dependencies, build, and run the whole
#                           test suite (a normal build and an AddressSanitizer
#                           + UBSan build); ends with "N passed, N failed"
#
# Dependencies come from Debian's archive only. Run as root or as a user who
# may use sudo. Safe to run again: it installs only what is missing.
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

# Build and run-time dependencies (libkg, kgsh), then what the tests use:
# python3 with rdflib as an independent SPARQL engine, rapper and serdi as
# independent parsers, clang for the sanitizer build, graphviz for pictures,
# Virtuoso (a real SPARQL server for the remote tests; its own system
# service is kept from starting: the tests run a private one).
# Hyperscan (REGEX's automaton) is built for amd64 only; its port
# Vectorscan provides the same library elsewhere.
case "$(dpkg --print-architecture 2>/dev/null)" in
    amd64) hyperscan=libhyperscan-dev ;;
    *) hyperscan=libvectorscan-dev ;;
esac
build_packages="build-essential autoconf automake libtool pkg-config
  librdf0-dev libraptor2-dev librasqal3-dev libserd-dev libxml2-dev
  libpcre2-dev $hyperscan libunistring-dev nettle-dev libgmp-dev libreadline-dev libcurl4-gnutls-dev
  libjson-c-dev"
test_packages="python3 python3-rdflib raptor2-utils serdi graphviz chromium less clang
  virtuoso-opensource-7 curl"

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

# configure_build DIR [configure options...]: configures once, then builds.
configure_build() {
    dir=$1
    shift
    mkdir -p "$dir"
    if [ ! -f "$dir/Makefile" ]; then
        (cd "$dir" && "$top/configure" --quiet "$@")
    fi
    make -C "$dir" -j"$(nproc)" --no-print-directory >/dev/null
}

if [ "$mode" = test ]; then
    # shellcheck disable=SC2086
    install_packages $build_packages $test_packages
else
    # shellcheck disable=SC2086
    install_packages $build_packages
fi
[ -x configure ] && [ configure -nt configure.ac ] && [ configure -nt Makefile.am ] || ./autogen.sh >/dev/null 2>&1
configure_build _build

if [ "$mode" = shell ]; then
    # the uninstalled shell finds the bundled ontology and articles here
    KGSH_DATADIR="$top" exec "$top/_build/shell/kgsh" "$@"
fi

status=0
echo "quickstart: running the test suite"
make -C _build -j"$(nproc)" --no-print-directory check >/dev/null 2>&1 || status=1
echo "quickstart: running the test suite again under AddressSanitizer and UBSan"
configure_build _build-asan --enable-sanitizers CC=gcc
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    LSAN_OPTIONS=suppressions="$top/tests/lsan.supp":print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    make -C _build-asan -j"$(nproc)" --no-print-directory check >/dev/null 2>&1 || status=1
echo "quickstart: fuzzing each parser for a bounded time (clang, libFuzzer)"
sh tests/fuzz/run.sh || status=1
sh tests/summary.sh _build _build-asan _build-fuzz || status=1
exit $status
