#!/usr/bin/env bash
# A transcript full of what breaks terminals: ambiguous-width punctuation
# (“ ” — · … × °), emoji (ZWJ sequences, flags, skin tones), combining marks
# (é́, decomposed ệ) and U+1FA77, which glibc's wcwidth does not know. The
# divider stays in its column on every row, every row fits, and the
# terminal is never handed a character it would measure differently.
. "$(dirname "$0")/lib.sh"

HARD=$E2E_DIR/hard-sectioned.txt

pages_ok() { # W CHAR: every screen from the top to the end
    local w=$1 ch=${2:-} i before
    keys g
    wait_until rows_ok "$w" "$(side_divider "$w")" $ch || return 1
    for ((i = 0; i < 100; i++)); do
        capture | tail -n 1 | grep -q 'END' && return 0
        before=$(capture | md5sum)
        keys j
        wait_until eval '[ "$(capture | md5sum)" != "$before" ]' || return 1
        rows_ok "$w" "$(side_divider "$w")" $ch || return 1
    done
    return 1
}

start_duet 80 20 --layout side "$HARD"
check "the hard file opens" wait_for "$(prefix "$(sed -n 2p "$HARD")" 3)"
for w in 20 23 31 44 57 64 80 97 120 161 200; do
    resize "$w" 20
    check "width $w: every row fits, the divider in column $(side_divider "$w") on every row, row by row to the end" pages_ok "$w"
done
keys q
wait_for DUET-EXIT=0

# Ambiguous characters drawn two columns wide: they get wide stand-ins and
# the divider becomes an ASCII bar, so the columns still hold.
start_duet 80 20 --layout side --ambiguous-wide "$HARD"
for w in 20 57 120; do
    resize "$w" 20
    check "--ambiguous-wide, width $w: the bar divider holds its column" pages_ok "$w" '|'
done
keys q
check "q quits" wait_for DUET-EXIT=0

# Stacked and single-language layouts: rows fit.
for layout in stack zh en; do
    start_duet 33 15 --layout "$layout" "$HARD"
    check "--layout $layout at 33 columns: rows fit" rows_ok 33
    keys G
    check "--layout $layout at the end: rows fit" wait_until eval 'capture | tail -n 1 | grep -q END && rows_ok 33'
    keys q
    wait_for DUET-EXIT=0
done

e2e_done
