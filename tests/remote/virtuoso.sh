#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/remote/virtuoso.sh - a private Virtuoso server for kgsh's tests and
# for trying kgsh against a server by hand.
#
#   virtuoso.sh start DIR   creates DIR (database, virtuoso.ini, log), starts
#                           virtuoso-t on free ports of 127.0.0.1, waits until
#                           its SPARQL endpoint answers, sets a random dba
#                           password and SPARQL update rights, and prints
#                           shell-sourceable lines (KG_VIRTUOSO_ENDPOINT,
#                           _USER, _PASSWORD, _ISQL_PORT, _PID)
#   virtuoso.sh stop DIR    shuts it down through ISQL ("shutdown"), which
#                           checkpoints first; SIGTERM could lose unflushed data
#   virtuoso.sh kill DIR    SIGKILL (tests of a server dying mid-query)
#
# Debian's package (virtuoso-opensource-7) also installs a system service;
# quickstart.sh keeps it from starting, and nothing here uses its ports,
# database or configuration. The default 10,000-row cap on SPARQL results
# is raised so whole stores come back.
#
# The benchmark (bench/peer_virtuoso.py) sizes the server for its data
# through the environment of `start`; the tests leave these unset:
#   KG_VIRTUOSO_BUFFERS        NumberOfBuffers (8 kB pages; default 10000)
#   KG_VIRTUOSO_DIRTY_BUFFERS  MaxDirtyBuffers (default 6000)
#   KG_VIRTUOSO_QUERY_MEM      MaxQueryMem (default 512M)
#   KG_VIRTUOSO_DIRS_ALLOWED   more directories the server may read and
#                              write (ld_dir's data, dumps), comma-separated
set -eu

usage() {
    echo "usage: $0 start|stop|kill DIR" >&2
    exit 2
}
[ $# -eq 2 ] || usage
cmd=$1
dir=$2

need() {
    command -v "$1" >/dev/null 2>&1 || {
        echo "virtuoso.sh: $1 not found: install virtuoso-opensource-7 (./quickstart.sh test does)" >&2
        exit 1
    }
}

# A TCP port of 127.0.0.1 nobody listens on (the kernel picks it).
free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

isql() {
    # shellcheck disable=SC1091
    . "$dir/server.env"
    isql-vt "127.0.0.1:$KG_VIRTUOSO_ISQL_PORT" dba "$KG_VIRTUOSO_PASSWORD" "$@"
}

start() {
    need virtuoso-t
    need isql-vt
    if [ -f "$dir/server.env" ] && kill -0 "$(sed -n 's/^KG_VIRTUOSO_PID=//p' "$dir/server.env")" 2>/dev/null; then
        echo "virtuoso.sh: $dir already holds a server (stop it first)" >&2
        exit 1
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    sql_port=$(free_port)
    http_port=$(free_port)
    hosting=$(dirname "$(dpkg -L virtuoso-opensource-7-bin 2>/dev/null | grep '/hosting/' | head -1)")
    cat >"$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
LockFile = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:$sql_port
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = $dir${KG_VIRTUOSO_DIRS_ALLOWED:+, $KG_VIRTUOSO_DIRS_ALLOWED}
NumberOfBuffers = ${KG_VIRTUOSO_BUFFERS:-10000}
MaxDirtyBuffers = ${KG_VIRTUOSO_DIRTY_BUFFERS:-6000}
ThreadsPerQuery = 2
MaxQueryMem = ${KG_VIRTUOSO_QUERY_MEM:-512M}

[HTTPServer]
ServerPort = 127.0.0.1:$http_port
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 120
DeferInferenceRulesInit = 0

[Plugins]
LoadPath = ${hosting:-/usr/lib/x86_64-linux-gnu/virtuoso-opensource-7/hosting}
INI
    (cd "$dir" && virtuoso-t +configfile "$dir/virtuoso.ini" +wait >"$dir/start.out" 2>&1) || {
        echo "virtuoso.sh: virtuoso-t did not start; its log says:" >&2
        tail -20 "$dir/virtuoso.log" "$dir/start.out" >&2 2>/dev/null || true
        exit 1
    }
    pid=$(sed -n 's/^VIRT_PID=//p' "$dir/virtuoso.lck" 2>/dev/null)
    # From here on a failure must not leave the server running.
    give_up() {
        echo "virtuoso.sh: $1; the log says:" >&2
        tail -20 "$dir/virtuoso.log" "$dir/setup.out" >&2 2>/dev/null || true
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
        exit 1
    }
    endpoint="http://127.0.0.1:$http_port/sparql"
    waited=0
    until curl -fsS -o /dev/null --max-time 2 --data-urlencode 'query=ASK {}' "$endpoint" 2>/dev/null; do
        waited=$((waited + 1))
        [ $waited -le 600 ] || give_up "$endpoint did not answer within 600 s"
        sleep 1
    done
    # A new database gets a random dba password; a restarted one keeps its own.
    if [ -f "$dir/dba.password" ]; then
        password=$(cat "$dir/dba.password")
    else
        # SET PASSWORD takes the old and the new one as identifiers: a letter first
        password=kg$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
        isql-vt "127.0.0.1:$sql_port" dba dba "EXEC=SET PASSWORD dba $password;" >"$dir/setup.out" 2>&1 &&
            ! grep -q 'Error' "$dir/setup.out" || give_up "setting the dba password failed"
        (umask 077 && echo "$password" >"$dir/dba.password")
    fi
    cat >"$dir/server.env" <<ENV
KG_VIRTUOSO_ENDPOINT=$endpoint
KG_VIRTUOSO_AUTH_ENDPOINT=http://127.0.0.1:$http_port/sparql-auth
KG_VIRTUOSO_GSP=http://127.0.0.1:$http_port/sparql-graph-crud-auth
KG_VIRTUOSO_USER=dba
KG_VIRTUOSO_PASSWORD=$password
KG_VIRTUOSO_ISQL_PORT=$sql_port
KG_VIRTUOSO_PID=$pid
ENV
    chmod 600 "$dir/server.env"
    # dba updates through the -auth endpoints (HTTP Digest); the anonymous
    # /sparql endpoint only reads.
    isql "EXEC=checkpoint;" >"$dir/setup.out" 2>&1 && ! grep -q 'Error' "$dir/setup.out" ||
        give_up "the server does not take the new dba password"
    cat "$dir/server.env"
}

stop() {
    [ -f "$dir/server.env" ] || {
        echo "virtuoso.sh: no server in $dir" >&2
        exit 1
    }
    # shellcheck disable=SC1091
    . "$dir/server.env"
    isql "EXEC=shutdown;" >/dev/null 2>&1 || true
    waited=0
    while kill -0 "$KG_VIRTUOSO_PID" 2>/dev/null; do
        waited=$((waited + 1))
        if [ $waited -gt 60 ]; then
            echo "virtuoso.sh: the server did not shut down within 30 s; killing it" >&2
            kill -9 "$KG_VIRTUOSO_PID" 2>/dev/null || true
            break
        fi
        sleep 0.5
    done
    rm -f "$dir/server.env"
}

case $cmd in
start) start ;;
stop) stop ;;
kill)
    # shellcheck disable=SC1091
    . "$dir/server.env"
    kill -9 "$KG_VIRTUOSO_PID" 2>/dev/null || true
    while kill -0 "$KG_VIRTUOSO_PID" 2>/dev/null; do sleep 0.1; done
    rm -f "$dir/server.env"
    ;;
*) usage ;;
esac
