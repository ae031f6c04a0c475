#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/remote/virtuoso_server_test.sh - the private Virtuoso server of
# tests/remote/virtuoso.sh works as kgsh's remote tests need it: it answers
# on 127.0.0.1 only, takes Graph Store uploads and SPARQL Update with HTTP
# Digest auth and refuses them without, returns more than the stock
# 10,000-row cap, keeps its data across a clean ISQL shutdown, and a
# killed server refuses connections. Fails (never skips) when Virtuoso is
# not installed: ./quickstart.sh test installs it.
set -u
srcdir=${srcdir:-.}
script=$srcdir/tests/remote/virtuoso.sh
dir=$(mktemp -d "${TMPDIR:-/tmp}/kgvirt.XXXXXX")
n=0
failed=0
ok() {
    n=$((n + 1))
    echo "ok $n - $1"
}
not_ok() {
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok $n - $1"
    [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/# /'
}
check() { # check NAME COMMAND...: ok when the command succeeds
    name=$1
    shift
    if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi
}
cleanup() {
    [ -f "$dir/db/server.env" ] && sh "$script" stop "$dir/db" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

echo "1..8"
if ! sh "$script" start "$dir/db" >"$dir/env" 2>"$dir/err"; then
    not_ok "a private server starts" "$(cat "$dir/err")"
    echo "Bail out! Virtuoso could not be started (see above)"
    exit 1
fi
ok "a private server starts"
# shellcheck disable=SC1091
. "$dir/env"
auth="--digest -u $KG_VIRTUOSO_USER:$KG_VIRTUOSO_PASSWORD"
sparql() { # sparql QUERY: the first value of the CSV answer
    curl -fsS --max-time 30 -H 'Accept: text/csv' --data-urlencode "query=$1" "$KG_VIRTUOSO_ENDPOINT" | sed -n 2p | tr -d '"\r'
}

case $KG_VIRTUOSO_ENDPOINT in
http://127.0.0.1:*) ok "it listens on 127.0.0.1" ;;
*) not_ok "it listens on 127.0.0.1" "endpoint $KG_VIRTUOSO_ENDPOINT" ;;
esac

printf '<http://ex/a> <http://ex/p> "x" .\n<http://ex/a> <http://ex/q> <http://ex/b> .\n' >"$dir/small.nt"
code=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/n-triples' \
    --data-binary @"$dir/small.nt" "$KG_VIRTUOSO_GSP?graph=http://ex/g1")
[ "$code" = 401 ] && ok "an upload without credentials gets 401" ||
    not_ok "an upload without credentials gets 401" "HTTP $code"

# shellcheck disable=SC2086
code=$(curl -sS -o /dev/null -w '%{http_code}' $auth -X PUT -H 'Content-Type: application/n-triples' \
    --data-binary @"$dir/small.nt" "$KG_VIRTUOSO_GSP?graph=http://ex/g1")
count=$(sparql 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://ex/g1> { ?s ?p ?o } }')
[ "$code" -ge 200 ] && [ "$code" -lt 300 ] && [ "$count" = 2 ] &&
    ok "a Graph Store upload with Digest auth lands (2 triples)" ||
    not_ok "a Graph Store upload with Digest auth lands (2 triples)" "HTTP $code, count '$count'"

# 20,000 triples through SPARQL Update, then all of them back in one answer
/usr/bin/python3 -c '
for i in range(20000): print("<http://ex/s%d> <http://ex/n> %d ." % (i, i))' >"$dir/big.nt"
# shellcheck disable=SC2086
code=$(curl -sS -o /dev/null -w '%{http_code}' $auth -X PUT -H 'Content-Type: application/n-triples' \
    --data-binary @"$dir/big.nt" "$KG_VIRTUOSO_GSP?graph=http://ex/big")
# shellcheck disable=SC2086
upd=$(curl -sS -o /dev/null -w '%{http_code}' $auth \
    --data-urlencode 'update=INSERT DATA { GRAPH <http://ex/g1> { <http://ex/c> <http://ex/p> "y" } }' \
    "$KG_VIRTUOSO_AUTH_ENDPOINT")
rows=$(curl -fsS --max-time 60 -H 'Accept: text/csv' \
    --data-urlencode 'query=SELECT ?s WHERE { GRAPH <http://ex/big> { ?s ?p ?o } }' \
    "$KG_VIRTUOSO_ENDPOINT" | wc -l)
[ "$rows" = 20001 ] && ok "a query returns all 20,000 rows (the cap is raised)" ||
    not_ok "a query returns all 20,000 rows (the cap is raised)" "upload HTTP $code, $rows lines"
count=$(sparql 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://ex/g1> { ?s ?p ?o } }')
[ "$upd" -ge 200 ] && [ "$upd" -lt 300 ] && [ "$count" = 3 ] &&
    ok "SPARQL Update with Digest auth works" ||
    not_ok "SPARQL Update with Digest auth works" "HTTP $upd, count '$count'"

pid=$KG_VIRTUOSO_PID
sh "$script" stop "$dir/db" >"$dir/stop.out" 2>&1
if kill -0 "$pid" 2>/dev/null || grep -q killing "$dir/stop.out"; then
    not_ok "stop shuts the server down through ISQL" "$(cat "$dir/stop.out")"
else
    sh "$script" start "$dir/db" >"$dir/env" 2>"$dir/err"
    # shellcheck disable=SC1091
    . "$dir/env"
    count=$(sparql 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://ex/g1> { ?s ?p ?o } }')
    [ "$count" = 3 ] && ok "stop shuts the server down through ISQL and the data survives a restart" ||
        not_ok "stop shuts the server down through ISQL and the data survives a restart" \
            "after restart: count '$count'; $(cat "$dir/err")"
fi

sh "$script" kill "$dir/db" >/dev/null 2>&1
if curl -sS --max-time 5 --data-urlencode 'query=ASK {}' "$KG_VIRTUOSO_ENDPOINT" >/dev/null 2>&1; then
    not_ok "a killed server refuses connections"
else
    ok "a killed server refuses connections"
fi
[ $failed -eq 0 ]
