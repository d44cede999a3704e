#!/usr/bin/env bash
# make install / uninstall into a DESTDIR: the binary runs, `man duet`
# finds the page through MANPATH and shows its sections, the bash
# completion is where bash-completion looks; uninstall removes all three.
set -u
BIN=${DUET_BIN:?DUET_BIN must name the duet binary}
unset DUET
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
check() {
    local what=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok - $what"; else failed=$((failed + 1)); echo "not ok - $what"; fi
}

D=$TMP/dest
# -o: the binary under test is taken as it is, never rebuilt here.
MAKE_ARGS=(-s --no-print-directory -o "$BIN" BIN="$BIN" DESTDIR="$D" PREFIX=/usr/local)
check "make install succeeds" make "${MAKE_ARGS[@]}" install
P=$D/usr/local
check "the binary is installed and runs" eval '"$P/bin/duet" --version | grep -q "^duet "'
check "the man page is in share/man/man1" [ -f "$P/share/man/man1/duet.1" ]
check "the completion is in share/bash-completion/completions" [ -f "$P/share/bash-completion/completions/duet" ]
check "man -w duet finds it through MANPATH" \
    eval '[ "$(MANPATH=$P/share/man man -w duet 2>/dev/null)" = "$P/share/man/man1/duet.1" ]'
MANPATH=$P/share/man MANWIDTH=80 MANPAGER=cat man duet 2>/dev/null >"$TMP/page"
for section in NAME SYNOPSIS DESCRIPTION LAYOUTS OPTIONS KEYS SEARCH SPEAKERS ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    check "man duet shows $section" grep -q "^$section" "$TMP/page"
done
check "man duet: the KEYS table (tbl ran)" grep -qE '^ +J, \} +Put the next segment' "$TMP/page"
COLWIDTH=${BUILD:-build}/tests/e2e/colwidth # display columns, CJK counted 2
check "man duet: nothing wider than 80 columns" \
    eval '[ "$("$COLWIDTH" <"$TMP/page" | sort -n | tail -n 1 | cut -d" " -f1)" -le 80 ]'
check "make uninstall succeeds" make "${MAKE_ARGS[@]}" uninstall
check "uninstall removes the binary, page and completion" \
    eval '[ ! -e "$P/bin/duet" ] && [ ! -e "$P/share/man/man1/duet.1" ] && [ ! -e "$P/share/bash-completion/completions/duet" ]'

echo "test_install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
