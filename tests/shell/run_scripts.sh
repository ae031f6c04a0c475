#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/shell/run_scripts.sh - scripted kgsh sessions with golden output,
# and kgsh's exit statuses. TAP output.
#
# Each tests/shell/cases/NAME.in is fed to "kgsh -d STORE" on standard input,
# where STORE is a fresh copy of a store holding the bundled data. Its
# first lines may say "# args: OPTIONS" (extra options) and "# status: N"
# (the expected exit status, default 0). Standard output and error together
# must equal NAME.out. In both files @SRCDIR@ stands for the source tree and
# @TMP@ for the case's temporary directory; "Time: ... s" lines are
# normalised. KGSH_UPDATE="NAME..." rewrites those cases' golden files
# (then read the diff).
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
KGSH=${KGSH:-$PWD/shell/kgsh}
export KGSH_DATADIR="$srcdir" LC_ALL=C.UTF-8 HOME=/nonexistent XDG_STATE_HOME=/nonexistent
unset KGSH_STORE PAGER
tap_name=test
. "$srcdir/tests/shell/tap.sh"

# One store with the bundled data, copied for each case.
"$KGSH" -d "$tmp/template" --load-bundled -c '.quit' >"$tmp/template.log" 2>&1 ||
    { echo "Bail out! cannot build the template store: $(cat "$tmp/template.log")"; exit 1; }

for in in "$srcdir"/tests/shell/cases/*.in; do
    name=$(basename "$in" .in)
    dir="$tmp/$name"
    mkdir -p "$dir"
    cp -r "$tmp/template" "$dir/store"
    args=$(sed -n 's/^# args: //p' "$in")
    want_status=$(sed -n 's/^# status: //p' "$in")
    want_status=${want_status:-0}
    sed -e "s|@SRCDIR@|$srcdir|g" -e "s|@TMP@|$dir|g" "$in" >"$dir/input"
    # shellcheck disable=SC2086
    (cd "$dir" && "$KGSH" -d "$dir/store" $args <"$dir/input" >"$dir/got" 2>&1)
    status=$?
    sed -i -e "s|$dir|@TMP@|g" -e "s|$srcdir|@SRCDIR@|g" \
        -e 's/^Time: [0-9.]* s$/Time: N s/' "$dir/got"
    want="${in%.in}.out"
    case " ${KGSH_UPDATE:-} " in *" $name "*) cp "$dir/got" "$want" ;; esac
    if [ "$status" -ne "$want_status" ]; then
        not_ok "script__$name"
        echo "# exit status: expected $want_status, got $status"
        sed 's/^/# /' "$dir/got" | head -40
    elif ! diff -u "$want" "$dir/got" >"$dir/diff"; then
        not_ok "script__$name"
        sed 's/^/# /' "$dir/diff" | head -80
    else
        ok "script__$name"
    fi
done

# ---- exit statuses ----
store="$tmp/exit-store"
cp -r "$tmp/template" "$store"

"$KGSH" -d "$store" -c 'ASK { ?s ?p ?o }' >/dev/null 2>&1
check exit__success_is_0 $(( $? != 0 ))

"$KGSH" -d "$store" -c 'SELECT * WHERE {' >/dev/null 2>&1
check exit__failed_query_is_1 $(( $? != 1 ))

"$KGSH" -d "$store" -c '.load /nonexistent/file.ttl' >/dev/null 2>&1
check exit__failed_load_is_1 $(( $? != 1 ))

"$KGSH" --no-such-option >/dev/null 2>&1
check exit__unknown_option_is_2 $(( $? != 2 ))

"$KGSH" -c 'ASK {}' -f /dev/null >/dev/null 2>&1
check exit__c_with_f_is_2 $(( $? != 2 ))

"$KGSH" --memory no-such-command >/dev/null 2>"$tmp/err"
check exit__unknown_subcommand_is_2 $(( $? != 2 || $(grep -c 'unknown command "no-such-command"' "$tmp/err") != 1 ))

"$KGSH" --memory import only-a-file.csv >/dev/null 2>"$tmp/err"
check exit__subcommand_with_wrong_arguments_is_2 $(( $? != 2 || $(grep -c 'usage: kgsh import FILE --as NAME' "$tmp/err") != 1 ))

"$KGSH" --help >"$tmp/help" 2>&1
check usage__help_lists_the_subcommands $(( $(grep -c -e '^  import FILE --as NAME' -e '^  graphs ' "$tmp/help") != 2 ))

"$KGSH" --memory --format nonsense -c 'ASK {}' >/dev/null 2>&1
check exit__unknown_format_is_2 $(( $? != 2 ))

"$KGSH" -d /proc/kgsh-cannot-be-here -c 'ASK {}' >/dev/null 2>"$tmp/err"
check exit__unopenable_store_is_3 $(( $? != 3 ))

"$KGSH" -d "$tmp/missing" --readonly -c 'ASK {}' >/dev/null 2>&1
check exit__readonly_missing_store_is_3 $(( $? != 3 ))

# Issue 17: a shell kept open (reading a pipe that stays open) holds no
# lock, so others read and write beside it. A load from a FIFO holds the
# writer lock while the FIFO stays open: a reader beside it still reads,
# and a second writer waits its busy timeout, then fails naming the holder.
mkfifo "$tmp/fifo"
"$KGSH" -d "$store" <"$tmp/fifo" >/dev/null 2>&1 &
idle=$!
exec 9>"$tmp/fifo"
i=0 # until the idle shell has the store open
while ! ls -l /proc/$idle/fd 2>/dev/null | grep -q "$store" && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
printf '.busy 0\nINSERT DATA { <urn:beside> <urn:idle> <urn:shell> };\n' |
    "$KGSH" -d "$store" >/dev/null 2>"$tmp/beside"
check exit__write_beside_an_idle_shell_succeeds $(( $? != 0 ))
exec 9>&-
wait $idle
mkfifo "$tmp/fifo.ttl"
"$KGSH" -d "$store" -c ".load $tmp/fifo.ttl" >/dev/null 2>&1 &
holder=$!
exec 9>"$tmp/fifo.ttl"
i=0
# (the bounds on these waits only stop a hang: a busy machine may take long)
while ! grep -q "pid $holder" "$store/LOCK" 2>/dev/null && [ $i -lt 1200 ]; do
    sleep 0.1
    i=$((i + 1))
done
"$KGSH" -d "$store" -c 'ASK { <urn:beside> ?p ?o }' >"$tmp/read" 2>&1
check exit__read_beside_a_writer_succeeds $(( $? != 0 ))
printf '.busy 100\nINSERT DATA { <urn:a> <urn:b> <urn:c> };\n' |
    "$KGSH" -d "$store" >/dev/null 2>"$tmp/locked"
status=$?
echo '<urn:from> <urn:the> <urn:fifo> .' >&9
exec 9>&-
wait $holder
held=$?
if [ $status -eq 1 ] && grep -q "pid $holder" "$tmp/locked" && [ $held -eq 0 ]; then
    ok exit__write_beside_a_writer_waits_then_names_the_holder
else
    not_ok exit__write_beside_a_writer_waits_then_names_the_holder
    echo "# status $status, holder's status $held, message: $(cat "$tmp/locked")"
fi

# Issue 16: .output to a FIFO or device replaced it by rename with a
# regular file; it is written in place and stays what it was.
mkfifo "$tmp/out.fifo"
cat "$tmp/out.fifo" >"$tmp/out.copy" &
reader=$!
printf '.output %s\nASK { ?s ?p ?o };\n.output\n' "$tmp/out.fifo" | "$KGSH" -d "$store" >/dev/null 2>&1
status=$?
wait $reader
if [ $status -eq 0 ] && [ -p "$tmp/out.fifo" ] && grep -q true "$tmp/out.copy"; then
    ok output__to_a_fifo_writes_into_it_in_place
else
    not_ok output__to_a_fifo_writes_into_it_in_place
    echo "# status $status, copy: $(cat "$tmp/out.copy"); $(ls -l "$tmp/out.fifo")"
fi

# Issue 16: a store whose MANIFEST is lost is recovered from its segments.
cp -r "$store" "$tmp/lost"
rm "$tmp/lost/MANIFEST"
"$KGSH" -d "$tmp/lost" -c 'ASK {}' >/dev/null 2>&1
lost=$?
"$KGSH" -d "$tmp/lost" check --recover >"$tmp/recovered" 2>&1
status=$?
same=$("$KGSH" -d "$tmp/lost" --format csv -c 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' 2>&1)
want=$("$KGSH" -d "$store" --format csv -c 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' 2>&1)
if [ $lost -eq 3 ] && [ $status -eq 0 ] && grep -q "recovered" "$tmp/recovered" &&
    grep -q "^ok" "$tmp/recovered" && [ "$same" = "$want" ]; then
    ok check__recover_rebuilds_a_lost_manifest
else
    not_ok check__recover_rebuilds_a_lost_manifest
    echo "# status $lost then $status: $(cat "$tmp/recovered"); count $same, want $want"
fi

"$KGSH" -d "$store" --readonly -c 'INSERT DATA { <urn:a> <urn:b> <urn:c> }' >/dev/null 2>"$tmp/ro"
status=$?
if [ $status -eq 1 ] && grep -qi "read" "$tmp/ro"; then
    ok exit__write_on_readonly_store_is_1
else
    not_ok exit__write_on_readonly_store_is_1
    echo "# status $status, message: $(cat "$tmp/ro")"
fi

# Ctrl-C (SIGINT) in a script stops the query and exits with 130, leaving
# the store as it was.
before=$("$KGSH" -d "$store" --format csv -c 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' 2>&1)
"$KGSH" -d "$store" -c 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }' \
    >/dev/null 2>"$tmp/int" &
pid=$!
# wait until kgsh has its SIGINT handler (a background job starts with
# SIGINT ignored), then give the query a moment to start
i=0
until [ $((0x$(sed -n 's/^SigCgt:\t*//p' /proc/$pid/status 2>/dev/null || echo 0) & 2)) -ne 0 ] ||
    [ $i -ge 1200 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
kill -INT $pid
wait $pid
status=$?
after=$("$KGSH" -d "$store" --format csv -c 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' 2>&1)
if [ $status -eq 130 ] && grep -q interrupted "$tmp/int" && [ "$before" = "$after" ]; then
    ok exit__sigint_in_script_is_130
else
    not_ok exit__sigint_in_script_is_130
    echo "# status $status, stderr: $(cat "$tmp/int"); count before $before, after $after"
fi

# -f FILE runs a script like standard input does.
(cd "$tmp" && "$KGSH" -d "$store" -f "$srcdir/tests/shell/cases/script_end.in" >"$tmp/f.out" 2>&1)
status=$?
if [ $status -eq 0 ] && diff -u "$srcdir/tests/shell/cases/script_end.out" "$tmp/f.out" >"$tmp/f.diff"; then
    ok script__f_option_runs_a_file
else
    not_ok script__f_option_runs_a_file; sed 's/^/# /' "$tmp/f.diff"
fi

# -c: the whole argument is one statement; a final ';' is allowed.
out=$("$KGSH" -d "$store" --format csv -c 'SELECT ?n WHERE {
  kgr:iflytek rdfs:label ?n ;
              a kg:Company } ;' 2>&1)
if [ "$out" = "$(printf 'n\r\niFLYTEK\r')" ]; then ok script__c_takes_one_multiline_statement; else
    not_ok script__c_takes_one_multiline_statement; echo "# got: $out"; fi

# -c may be given several times: each runs in turn.
out=$("$KGSH" -d "$store" --format csv -c '.headers off' -c 'ASK {}' -c 'SELECT ?n WHERE { kgr:iflytek rdfs:label ?n }' 2>&1)
if [ "$out" = "$(printf 'true\r\niFLYTEK\r')" ]; then ok script__c_is_repeatable; else
    not_ok script__c_is_repeatable; echo "# got: $out"; fi

# A first run with the default store creates it and loads the bundled data.
env -u KGSH_STORE HOME="$tmp/home" XDG_DATA_HOME= "$KGSH" --format csv \
    -c 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/kgsh/graph/inferred>) }' >"$tmp/first" 2>&1
status=$?
if [ $status -eq 0 ] && [ -d "$tmp/home/.local/share/kgsh/default" ] &&
    grep -q '^3507' "$tmp/first"; then
    ok store__first_default_store_gets_the_bundled_data
else
    not_ok store__first_default_store_gets_the_bundled_data
    sed 's/^/# /' "$tmp/first"
fi

# Ingest in one process, review and accept in later ones: proposal numbers
# and evidence come back from the staging graph unchanged.
store="$tmp/ingest-store"
cp -r "$tmp/template" "$store"
article="$srcdir/tests/data/ingest/shell-article.txt"
"$KGSH" -d "$store" ingest "$article" >"$tmp/ingested" 2>&1 &&
    "$KGSH" -d "$store" review >"$tmp/reviewed" 2>&1 &&
    "$KGSH" -d "$store" accept 6 >"$tmp/accepted" 2>&1 &&
    "$KGSH" -d "$store" review >"$tmp/after" 2>&1
status=$?
# the first process lists every proposal after its header lines, the second
# under one heading: the same proposals either way
sed -n '/^ *1  /,$p' "$tmp/ingested" >"$tmp/ingested.props"
sed -n '/^ *1  /,$p' "$tmp/reviewed" >"$tmp/reviewed.props"
sixth=$(grep -c '^ *6  ' "$tmp/after")
"$KGSH" -d "$store" --format csv -c 'ASK { GRAPH <https://w3id.org/kgsh/article/shell-article> {
  kgr:robofleet-technology kg:subsidiaryOf ?o ; a kg:Company } }' >"$tmp/asked" 2>&1
if [ $status -eq 0 ] && [ -s "$tmp/ingested.props" ] &&
    diff -u "$tmp/ingested.props" "$tmp/reviewed.props" >"$tmp/ingest.diff" &&
    grep -q '^3 proposals accepted' "$tmp/accepted" && [ "$sixth" -eq 0 ] &&
    grep -q true "$tmp/asked"; then
    ok ingest__a_later_session_reviews_and_accepts_by_the_same_numbers
else
    not_ok ingest__a_later_session_reviews_and_accepts_by_the_same_numbers
    echo "# status $status, accepted: $(cat "$tmp/accepted"), proposal 6 still listed: $sixth"
    sed 's/^/# /' "$tmp/ingest.diff" "$tmp/asked" | head -30
fi

# -d DIR never loads anything by itself.
"$KGSH" -d "$tmp/empty" --format csv -c 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' >"$tmp/empty.out" 2>&1
if grep -q '^0' "$tmp/empty.out"; then ok store__new_dir_store_starts_empty; else
    not_ok store__new_dir_store_starts_empty; sed 's/^/# /' "$tmp/empty.out"; fi

echo "1..$n"
[ $failed -eq 0 ]
