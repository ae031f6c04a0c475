#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/shell/manpage_test.sh - shell/kgsh.1 must be exactly what the
# command and option tables produce ("kgsh --man"; "make update-man"
# regenerates it), and --help, .help and the page must name the same
# commands and options. TAP output.
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
KGSH=${KGSH:-$PWD/shell/kgsh}
tmp=$(mktemp -d /tmp/kgsh-man.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
result() { # STATUS NAME
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; fi
}

"$KGSH" --man >"$tmp/generated.1" 2>&1
diff -u "$srcdir/shell/kgsh.1" "$tmp/generated.1" >"$tmp/diff"
status=$?
result $status manpage__committed_page_matches_the_command_table
[ $status -eq 0 ] || { sed 's/^/# /' "$tmp/diff" | head -40; echo "# run: make update-man"; }

"$KGSH" --memory -c '.help' >"$tmp/help" 2>&1
# the page with troff's escapes for '-' and a leading '.' undone
sed 's/\\&//g; s/\\-/-/g' "$tmp/generated.1" >"$tmp/plain"
missing=""
for cmd in $(sed -n 's/^\(\.[a-z-]*\).*/\1/p' "$tmp/help"); do
    grep -q -e "^\.B $cmd\$" -e "^\.B $cmd " "$tmp/plain" || missing="$missing $cmd"
done
[ -z "$missing" ] && [ "$(grep -c '^\.' "$tmp/help")" -ge 20 ]
result $? manpage__documents_every_command_of_dot_help
[ -z "$missing" ] || echo "# not in the man page:$missing"

"$KGSH" --help >"$tmp/usage" 2>&1
missing=""
for opt in $(grep -o -- '--[a-z-]*' "$tmp/usage" | sort -u); do
    grep -q -e "$opt\$" -e "$opt " "$tmp/plain" || missing="$missing $opt"
done
[ -z "$missing" ]
result $? manpage__documents_every_option_of_help
[ -z "$missing" ] || echo "# not in the man page:$missing"

for section in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS "STATEMENT TERMINATION" \
    "OUTPUT MODES" "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
    grep -q "^\.SH $section\$" "$tmp/generated.1" || missing="$missing [$section]"
done
[ -z "$missing" ]
result $? manpage__has_every_section
[ -z "$missing" ] || echo "# missing sections:$missing"

# Rendered by man itself: a missing man fails the case (apt-get install
# man-db, which quickstart.sh installs) rather than skipping it unseen.
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$tmp/generated.1" >"$tmp/rendered" 2>"$tmp/warnings"
    [ $? -eq 0 ] && [ ! -s "$tmp/warnings" ] && grep -q "STATEMENT TERMINATION" "$tmp/rendered"
    result $? manpage__renders_without_warnings
    [ -s "$tmp/warnings" ] && sed 's/^/# /' "$tmp/warnings"
else
    result 1 manpage__renders_without_warnings
    echo "# man is not installed: apt-get install man-db (quickstart.sh installs it)"
fi
echo "1..$n"
[ $failed -eq 0 ]
