#!/usr/bin/env bash
# Every row fits the terminal and the divider stays in its column, at
# widths 20 to 200, through the whole sample; resizing keeps the top segment;
# below 20x5 a one-line note, and back again.
. "$(dirname "$0")/lib.sh"

# pages_ok W: from the top to the end a screen at a time, every screen's
# rows fit and the divider holds its column.
pages_ok() {
    local w=$1 i
    keys g
    wait_until rows_ok "$w" "$(side_divider "$w")" || return 1
    for ((i = 0; i < 200; i++)); do
        capture | tail -n 1 | grep -q 'END' && return 0
        local before
        before=$(capture | md5sum)
        keys Space
        wait_until eval '[ "$(capture | md5sum)" != "$before" ] || capture | tail -n 1 | grep -q END' || return 1
        rows_ok "$w" "$(side_divider "$w")" || return 1
    done
    return 1
}

start_duet 120 30 --layout side "$TEXT"
for w in 20 21 26 33 40 47 55 63 64 71 80 99 120 133 157 181 200; do
    resize "$w" 30
    if wait_until rows_ok "$w" "$(side_divider "$w")"; then
        ok "width $w: rows fit, divider in column $(side_divider "$w") on every row"
    else
        not_ok "width $w: rows fit, divider in column $(side_divider "$w") on every row"
    fi
done
for w in 20 37 80 200; do
    resize "$w" 30
    check "width $w: every screen from top to end fits, divider in its column" pages_ok "$w"
done
keys q
wait_for DUET-EXIT=0

# Resizing keeps the top segment (whatever the layout becomes meanwhile).
top_speaker_zh() { # the top rows are segment 4: its header, then its Chinese
    local zh
    zh=$(prefix "$(text_line "$(seg_zh_line 4)")" 4)
    [[ $(row 0) == "$(seg_speaker 4)"* ]] && row 1 | grep -qF -- "$zh"
}
start_duet 120 40 "$TEXT"
keys J J J
check "resize: segment 4 on top at 120x40" wait_until top_speaker_zh
resize 40 12
check "resize: still on top at 40x12" wait_until top_speaker_zh
check "resize: 40x12 rows fit" rows_ok 40
resize 120 40
check "resize: still on top back at 120x40" wait_until top_speaker_zh
check "resize: 120x40 divider back in its column" wait_until rows_ok 120 "$(side_divider 120)"

# Too small: a note, then the view comes back.
resize 19 5
check "19x5: a one-line 'terminal too small' note" wait_for "too small"
check "19x5: nothing wider than the terminal" rows_ok 19
resize 20 4
check "20x4: too small too" wait_for "too small"
resize 20 5
check "20x5: draws the view again" wait_until eval '! screen_has "too small" && rows_ok 20'
resize 120 40
check "back to 120x40: the same top segment" wait_until top_speaker_zh
keys q
check "q quits" wait_for DUET-EXIT=0

e2e_done
