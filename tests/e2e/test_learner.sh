#!/usr/bin/env bash
# Learner mode (t): the second language's pane is blank except for the
# current segment — the one at the top, or the one clicked — and t again
# shows everything. The layout does not move: rows stay where they were.
. "$(dirname "$0")/lib.sh"

n=$(seg_count)
en1=$(first_words "$(text_line "$(seg_en_line 1)")" 4)
en2=$(first_words "$(text_line "$(seg_en_line 2)")" 4)
zh2=$(prefix "$(text_line "$(seg_zh_line 2)")" 6)
shows() { screen_has "$1"; }
hides() { ! screen_has "$1"; }

start_duet 100 30 "$TEXT"
check "both languages of segments 1 and 2 on screen" \
    wait_until eval 'shows "$en1" && shows "$en2" && shows "$zh2"'
rows_before=$(capture | awk -F'│' '{ print length($1) }' | paste -sd,)
keys t
check "t: the status line says learner mode" wait_for "learner mode"
check "t: segment 2's English is hidden, segment 1's (current) shown" \
    wait_until eval 'hides "$en2" && shows "$en1"'
check "t: segment 2's Chinese still shown" shows "$zh2"
check "t: rows stay in place (the left pane is unchanged)" \
    eval '[ "$(capture | awk -F"│" "{ print length(\$1) }" | paste -sd,)" = "$rows_before" ]'
check "t: the divider is on every row" rows_ok 100 "$(side_divider 100)"
keys J
check "J: segment 2 current: its English revealed" wait_until eval 'shows "$en2"'
keys K
check "K: segment 1 current again: segment 2's English hidden" \
    wait_until eval 'hides "$en2" && shows "$en1"'
# A click makes segment 2 current: press and release of the left button in
# tmux's encoding (X10: ESC [ M, then button, column, row, each + 32).
y=$(capture | grep -nF -- "$zh2" | head -n 1 | cut -d: -f1)
keys -H 1b 5b 4d 20 "$(printf '%x' 40)" "$(printf '%x' $((y + 32)))"
keys -H 1b 5b 4d 23 "$(printf '%x' 40)" "$(printf '%x' $((y + 32)))"
check "a click on segment 2: revealed, segment 1's hidden" \
    wait_until eval 'shows "$en2" && hides "$en1" && capture | tail -n 1 | grep -q "segment 2/$n"'
keys t
check "t again: both shown" wait_until eval 'shows "$en1" && shows "$en2"'
keys q
check "q quits" wait_for DUET-EXIT=0

e2e_done
