#!/usr/bin/env bash
# Quiet over SSH: the bytes duet writes to the terminal, recorded through a
# pseudo-terminal (tests/e2e/ptyrec.c) at 120x40 on the sample. One row of
# scrolling costs about one row (the terminal's scroll region moves the
# rest), a page about a screen, and a key that changes nothing costs nothing.
. "$(dirname "$0")/lib.sh"

PTYREC=$BUILD/tests/e2e/ptyrec
[ -x "$PTYREC" ] || { echo "$PTYREC is missing: run make" >&2; exit 1; }

# One "KEY N" line per key: the bytes it cost after the first screen. ($DUET
# is the binary here, not options for it.)
env -u DUET -u NO_COLOR "$PTYREC" 120 40 j j ' ' '\e' k '\x0c' -- "$DUET" "$TEXT" >"$E2E_TMP/rec" 2>&1
cat "$E2E_TMP/rec" | sed 's/^/#   /'
nth() { sed -n "$(($1 + 1))p" "$E2E_TMP/rec" | awk '{ print $NF }'; }
start=$(nth 0) j1=$(nth 1) j2=$(nth 2) page=$(nth 3) esc=$(nth 4) k=$(nth 5) redraw=$(nth 6)

between() { [ "${1:-0}" -gt "$2" ] && [ "${1:-0}" -lt "$3" ]; }

# A full row of text at 120 columns is about 120-250 bytes (CJK is 3 bytes a
# cell, plus colour sequences); a full screen several thousand.
check "the first screen is drawn ($start bytes)" [ "${start:-0}" -gt 2000 ]
check "j costs about one row, not a screen ($j1 bytes)" between "$j1" 0 700
check "j again costs about one row ($j2 bytes)" between "$j2" 0 700
check "k costs about one row ($k bytes)" between "$k" 0 700
check "a page costs about a screen, not two ($page bytes)" between "$page" 1000 $((2 * start))
check "Esc with nothing pending changes nothing and sends nothing ($esc bytes)" [ "${esc:-1}" -eq 0 ]
check "Ctrl-L redraws the whole screen ($redraw bytes)" [ "${redraw:-0}" -gt 2000 ]

# Ambiguous width: duet draws “ and asks the terminal where the cursor went
# (ESC [ 6 n). A terminal that answers column 3 draws them wide: duet then
# counts them 2 and the divider becomes an ASCII bar; column 2, or no
# answer, means 1; --ambiguous-narrow/-wide skip the question.
ask() { # OUTFILE [PTYREC-OPTIONS] -- [DUET-OPTIONS]
    local out=$1
    shift
    local pre=()
    while [ "$1" != -- ]; do pre+=("$1"); shift; done
    shift
    env -u DUET -u NO_COLOR "$PTYREC" -o "$out" "${pre[@]}" 80 24 -- "$DUET" "$@" "$TEXT" >/dev/null 2>&1
}
bars() { grep -ao '|' "$1" | wc -l; }
boxes() { grep -ao $'\u2502' "$1" | wc -l; }
asked() { grep -aq $'\e\[6n' "$1"; }
ask "$E2E_TMP/wide" -r '\e[12;3R' --
check "a terminal answering column 3: divider drawn as 23 ASCII bars" eval '[ "$(bars "$E2E_TMP/wide")" -ge 23 ] && [ "$(boxes "$E2E_TMP/wide")" -eq 0 ]'
ask "$E2E_TMP/narrow" -r '\e[12;2R' --
check "a terminal answering column 2: the box-drawing divider" eval '[ "$(boxes "$E2E_TMP/narrow")" -ge 23 ] && [ "$(bars "$E2E_TMP/narrow")" -eq 0 ]'
ask "$E2E_TMP/silent" --
check "a terminal that does not answer: narrow" eval '[ "$(boxes "$E2E_TMP/silent")" -ge 23 ]'
check "the question is asked once" eval '[ "$(grep -ao $'"'"'\e\[6n'"'"' "$E2E_TMP/silent" | wc -l)" -eq 1 ]'
ask "$E2E_TMP/forced" -r '\e[12;3R' -- --ambiguous-narrow
check "--ambiguous-narrow: no question, narrow" eval '! asked "$E2E_TMP/forced" && [ "$(boxes "$E2E_TMP/forced")" -ge 23 ]'
ask "$E2E_TMP/forcedw" -- --ambiguous-wide
check "--ambiguous-wide: no question, wide" eval '! asked "$E2E_TMP/forcedw" && [ "$(bars "$E2E_TMP/forcedw")" -ge 23 ]'

e2e_done
