#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/shell/readonly_media_test.sh - a store on read-only media (a CD, a
# read-only mount, a directory the user may not write): `kgsh check`
# verifies it, `--readonly` and plain opens query it, a write fails with a
# clear error, and no file changes; with and without a LOCK file (a store
# copied without one), and a damaged segment is still reported. Issue 16
# point 8. TAP output.
#
# The directory is made unwritable by the first mechanism that works here:
# as root, a read-only bind mount in a private mount namespace (unshare -m;
# root ignores file modes); as another user, chmod -w; as root without
# mounts, chmod -w and the checks run as user nobody (runuser or setpriv).
# When none works the test fails and says why: it never skips.
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
KGSH=${KGSH:-$PWD/shell/kgsh}
case "$KGSH" in /*) ;; *) KGSH="$PWD/$KGSH" ;; esac
export LC_ALL=C.UTF-8 HOME=/nonexistent
unset KGSH_STORE PAGER
tmp=$(mktemp -d /tmp/kgsh-romedia.XXXXXX)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# ---- the stores, written while the directory is writable ----
media="$tmp/media"
mkdir -p "$media" "$tmp/mnt"
"$KGSH" -d "$media/locked" -c '.load '"$srcdir"'/tests/shell/data/small.ttl' \
    -c 'INSERT DATA { <urn:ro:s> <urn:ro:p> "x"@en }' >"$tmp/setup.log" 2>&1 ||
    { echo "Bail out! cannot make the store: $(cat "$tmp/setup.log")"; exit 1; }
cp -r "$media/locked" "$media/unlocked"
rm -f "$media/unlocked/LOCK"
cp -r "$media/locked" "$media/damaged"
seg=$(ls "$media/damaged"/seg-*.kgs | head -1)
size=$(wc -c <"$seg")
# zero 16 bytes in the middle of the segment's body
dd if=/dev/zero of="$seg" bs=1 seek=$((size / 2)) count=16 conv=notrunc 2>/dev/null
want=$("$KGSH" -d "$media/locked" --format csv -c 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' |
    tail -1 | tr -d '\r')
chmod -R a+rX "$tmp"

# ---- the checks, run where the media is read-only ($1: its path) ----
cat >"$tmp/inner.sh" <<'EOF'
set -u
media=$1 KGSH=$2 want=$3 out=$4
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
if touch "$media/probe" 2>/dev/null; then
    rm -f "$media/probe"
    not_ok media_is_read_only "a file could still be created in $media"
else
    ok media_is_read_only
fi
for store in locked unlocked; do
    d="$media/$store"
    before=$(ls -l --time-style=full-iso "$d"; cat "$d"/* | cksum)
    msg=$("$KGSH" -d "$d" check 2>&1); st=$?
    case "$st:$msg" in
    0:"ok: $want quads"*) ok "check_$store" ;;
    *) not_ok "check_$store" "exit $st: $msg" ;;
    esac
    for opt in --readonly ""; do
        # shellcheck disable=SC2086
        got=$("$KGSH" $opt -d "$d" --format csv -c 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' 2>&1)
        st=$?
        [ $st -eq 0 ] && [ "$(echo "$got" | tail -1 | tr -d '\r')" = "$want" ] &&
            ok "query_${store}_${opt:-plain}" ||
            not_ok "query_${store}_${opt:-plain}" "exit $st: $got"
    done
    msg=$("$KGSH" -d "$d" -c 'INSERT DATA { <urn:ro:t> <urn:ro:p> 1 }' 2>&1); st=$?
    case "$st:$msg" in
    1:*Error:*"Read-only file system"* | 1:*Error:*"Permission denied"*) ok "write_${store}_fails_clearly" ;;
    *) not_ok "write_${store}_fails_clearly" "exit $st: $msg" ;;
    esac
    after=$(ls -l --time-style=full-iso "$d"; cat "$d"/* | cksum)
    [ "$before" = "$after" ] && ok "${store}_unchanged" || not_ok "${store}_unchanged" "$after"
done
msg=$("$KGSH" -d "$media/damaged" check 2>&1); st=$?
case "$st:$msg" in
0:*) not_ok check_reports_damage "exit 0: $msg" ;;
*checksum* | *damaged* | *corrupt*) ok check_reports_damage ;;
*) not_ok check_reports_damage "exit $st without naming the damage: $msg" ;;
esac
echo "$n" >"$out"
EOF

if [ "$(id -u)" -ne 0 ]; then
    chmod -R a-w "$media"
    sh "$tmp/inner.sh" "$media" "$KGSH" "$want" "$tmp/count" >"$tmp/tap"
elif unshare -m sh -c "mount --bind '$media' '$tmp/mnt' && mount -o remount,bind,ro '$tmp/mnt'" 2>/dev/null; then
    unshare -m sh -c "mount --bind '$media' '$tmp/mnt' && mount -o remount,bind,ro '$tmp/mnt' &&
        sh '$tmp/inner.sh' '$tmp/mnt' '$KGSH' '$want' '$tmp/count'" >"$tmp/tap"
else
    chmod -R a-w "$media"
    chmod a+w "$tmp"
    if command -v runuser >/dev/null && runuser -u nobody -- "$KGSH" --version >/dev/null 2>&1; then
        runuser -u nobody -- sh "$tmp/inner.sh" "$media" "$KGSH" "$want" "$tmp/count" >"$tmp/tap"
    elif command -v setpriv >/dev/null &&
        setpriv --reuid=65534 --regid=65534 --clear-groups "$KGSH" --version >/dev/null 2>&1; then
        setpriv --reuid=65534 --regid=65534 --clear-groups \
            sh "$tmp/inner.sh" "$media" "$KGSH" "$want" "$tmp/count" >"$tmp/tap"
    else
        echo "1..1"
        echo "not ok 1 - read_only_media: no way to make a directory read-only here (root, but" \
            "no unshare/mount, and neither runuser nor setpriv can run $KGSH as nobody)"
        exit 1
    fi
fi
if [ ! -s "$tmp/count" ]; then
    echo "1..1"
    echo "not ok 1 - read_only_media: the checks did not run"
    sed 's/^/# /' "$tmp/tap"
    exit 1
fi
echo "1..$(cat "$tmp/count")"
cat "$tmp/tap"
