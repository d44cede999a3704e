#!/usr/bin/env bash
# Quiet over SSH, against what a scroll must send: one j in the
# side-by-side layout writes the row that comes into view and the few
# controls that move the others (the terminal's scroll region) — not the
# status line again, not other rows, not attributes over and over. The
# row's bytes come from --dump at the same width (the rows the screen
# shows); the controls' cost from the terminal's own description (tput).
# So the bound is derived, not copied from what duet writes today.
. "$(dirname "$0")/lib.sh"

PTYREC=$BUILD/tests/e2e/ptyrec
[ -x "$PTYREC" ] || { echo "$PTYREC is missing: run make" >&2; exit 1; }
export TERM=xterm-256color
COLS=120 ROWS=40 N=30

# A transcript without an intro, so that the screen opens on the dump's
# first row: turns of every length, Chinese and then English.
talk=$E2E_TMP/talk.txt
zh=("我们今天谈谈模型。" "这是一个很长的回答，里面有ＡＩ、OpenAI和数字2024，还有标点：逗号，句号。" "好。")
en=("We talk about models today." "This is a long answer with AI, OpenAI and the number 2024, and punctuation: commas, full stops." "Fine.")
{
    for ((t = 0; t < 24; t++)); do
        if ((t % 2)); then echo "嘉宾："; else echo "主持人："; fi
        line=""
        for ((k = 0; k <= t % 5; k++)); do line+=${zh[(t + k) % 3]}; done
        echo "$line"
    done
    for ((t = 0; t < 24; t++)); do
        if ((t % 2)); then echo "Guest:"; else echo "Host:"; fi
        line=""
        for ((k = 0; k <= t % 5; k++)); do line+="${en[(t + k) % 3]} "; done
        echo "$line"
    done
} >"$talk"

keys=()
for ((i = 0; i <= N; i++)); do keys+=(j); done
env -u DUET -u NO_COLOR "$PTYREC" "$COLS" "$ROWS" "${keys[@]}" -- "$DUET" --no-resume --layout side "$talk" >"$E2E_TMP/rec" 2>&1
"$DUET" --dump --width "$COLS" --layout side "$talk" | sed 's/ *$//' >"$E2E_TMP/dump"

# What scrolling the text rows up by one costs on this terminal: set the
# scroll region to them, go to its last row, line feed, set the region
# back, and a cursor move to draw the new row (saving and restoring the
# cursor around the region, as curses may). A styled run on the new row
# (a speaker's name, the divider) is switched on (a 256-colour
# foreground, bold) and off (colours and attributes reset); a header row
# has three. The status line may change where the position shows (the
# percentage, the segment and its speaker): a cursor move, its colours on
# and off, and at most half a row of text.
len() { tput "$@" 2>/dev/null | wc -c; }
scroll=$(($(len csr 0 $((ROWS - 2))) + $(len cup $((ROWS - 2)) 0) + $(len ind) + $(len csr 0 $((ROWS - 1))) +
          $(len cup $((ROWS - 2)) 0) + $(len sc) + $(len rc)))
styled=$(($(len setaf 208) + $(len bold) + $(len op) + $(len sgr0)))
status=$(($(len cup $((ROWS - 1)) 0) + $(len setaf 252) + $(len setab 236) + $(len op) + $(len sgr0) + COLS / 2))
each=$((scroll + 3 * styled + status))
echo "# here a one-row scroll needs $scroll bytes of controls, a styled run $styled, a status update $status"

# The first j also clears the first frame's note from the status line:
# the keys from the second on are measured.
bad=0 total=0 rows=0
for ((m = 2; m <= N + 1; m++)); do
    got=$(sed -n "$((m + 1))p" "$E2E_TMP/rec" | awk '{ print $NF }')
    row=$(sed -n "$((m + ROWS - 1))p" "$E2E_TMP/dump" | wc -c)
    row=$((row - 1))
    total=$((total + got)) rows=$((rows + row))
    if [ "${got:-99999}" -gt $((row + each)) ]; then
        bad=$((bad + 1))
        echo "# j $m wrote $got bytes for a row of $row"
    fi
done
echo "# $N j's wrote $total bytes for $rows bytes of rows coming into view"
check "each j writes at most its new row, a scroll and a status update ($N keys, $bad over)" \
    [ "$bad" -eq 0 ]
# Over the run most rows are text rows (one styled run) and the position
# does not change every time: on average less than the worst case.
check "j's write the new rows and little else ($total bytes for $rows)" \
    [ "$total" -le $((rows + N * (scroll + 3 * styled))) ]
check "the j's moved through the text ($rows bytes of rows)" [ "$rows" -gt $((N * 20)) ]

e2e_done
