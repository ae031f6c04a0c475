#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/conformance/edge_test.sh - kgsh's own SPARQL edge-semantics tests
# (tests/conformance/edge/manifest.ttl), run by the W3C harness eval_test.
# None is expected to fail, so no expected-failures file is read. TAP output.
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
exec tests/conformance/eval_test --manifest "$srcdir/tests/conformance/edge/manifest.ttl" \
    --expected /dev/null "$@"
