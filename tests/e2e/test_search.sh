#!/usr/bin/env bash
# Incremental search in the real program on the sample: / and ? move the view
# as each key is typed, in both languages, width and case folded; the
# status line counts; n wraps round with a note; Esc returns; highlights are
# drawn (capture-pane -e shows their colours); --search opens at the first
# match. Expectations come from the sample's text (grep), not from duet.
. "$(dirname "$0")/lib.sh"

W=120 H=40
status() { row $((H - 1)); }
status_has() { status | grep -qF -- "$1"; }

# rows_with TEXT: how many rows of the screen contain TEXT in the left pane,
# and in the right pane: "L R".
pane_hits() {
    local l=0 r=0 line
    while IFS= read -r line; do
        [[ $(left_of "$line") == *"$1"* ]] && l=$((l + 1))
        [[ $(right_of "$line") == *"$1"* ]] && r=$((r + 1))
    done < <(capture | head -n $((H - 1)))
    echo "$l $r"
}
in_both_panes() { local h; h=$(pane_hits "$1"); [[ ${h% *} -gt 0 && ${h#* } -gt 0 ]]; }
in_left_pane() { local h; h=$(pane_hits "$1"); [[ ${h% *} -gt 0 ]]; }

# The words searched for: AMD, in one segment far down, in both languages;
# 合同 in the Chinese only; gpu, lower case, for GPU, in several segments and
# the intro. Their counts in the text (case-insensitively for gpu) are what
# k/n must say.
BOTH=AMD ZH=合同 FOLD=gpu
n_both=$(grep -o "$BOTH" "$TEXT" | wc -l)
n_fold=$(grep -oi "$FOLD" "$TEXT" | wc -l)
first_zh=$(prefix "$(text_line "$(seg_zh_line 1)")" 8)

top_is_first() { [[ $(left_of "$(row 1)") == "$first_zh"* ]]; }

start_duet $W $H "$TEXT"
check "opens on segment 1" wait_until top_is_first

# /AMD: the segment with it in both panes, 1/n on the prompt line
keys /
check "/ opens the prompt on the bottom line" wait_until eval '[[ $(status) == "/" ]]'
keys -l "$BOTH"
if wait_until eval 'in_both_panes $BOTH && status_has "1/$n_both"'; then
    ok "/$BOTH: $BOTH on screen in both panes, 1/$n_both"
else
    not_ok "/$BOTH: $BOTH on screen in both panes, 1/$n_both"
fi
check "the prompt shows the pattern" eval '[[ $(status) == "/$BOTH "* ]]'

# the current match and the other one are highlighted (colours in -e)
attrs() { tmux -L "$SOCK" capture-pane -e -p -t t; }
highlighted() { attrs | grep -a "$1" | grep -aq $'\e\[[0-9;]*48;5;[0-9]*m'"$2"; }
check "the current match is drawn highlighted (capture-pane -e)" \
    wait_until highlighted $BOTH $BOTH
check "both matches are highlighted, the current one in its own colour" eval \
    'attrs | grep -ao $'"'"'\e\[[0-9;]*48;5;[0-9]*m'"'"'"$BOTH" | sort -u | wc -l | grep -qx 2'

# Esc: back at the top, prompt gone
keys Escape
check "Esc returns to where the search started" wait_until eval 'top_is_first && status_has "segment 1/"'

# Enter keeps the place; the status line counts
keys /
keys -l "$BOTH"
keys Enter
check "Enter keeps the place: /$BOTH 1/$n_both on the status line" \
    wait_until eval 'in_both_panes $BOTH && status_has "/$BOTH 1/$n_both" && status_has segment'
keys n
check "n: the next match, 2/$n_both" wait_until status_has "/$BOTH 2/$n_both"
keys n
check "n past the last wraps round with a note" \
    wait_until eval 'status_has "search hit BOTTOM, continuing at TOP" && status_has "1/$n_both"'
keys N
check "N goes back round the top" \
    wait_until eval 'status_has "search hit TOP, continuing at BOTTOM" && status_has "$n_both/$n_both"'

# /合同 finds the Chinese (typed as UTF-8, as an input method sends it)
keys g /
keys -l "$ZH"
check "/$ZH: the prompt shows the wide characters" wait_until eval '[[ $(status) == "/$ZH "* ]]'
check "/$ZH: found in the Chinese pane" wait_until eval 'in_left_pane $ZH && status_has "1/"'
keys Enter
check "Enter: the note counts $ZH" wait_until status_has "/$ZH 1/"

# /gpu (lower case) finds GPU; n cycles through all and wraps
keys g /
keys -l "$FOLD"
check "/$FOLD finds GPU, 1/$n_fold" wait_until eval 'screen_has GPU && status_has "1/$n_fold"'
keys Enter
for ((i = 2; i <= n_fold; i++)); do keys n; done
check "n $((n_fold - 1)) times: the last match, $n_fold/$n_fold" \
    wait_until status_has "/$FOLD $n_fold/$n_fold"
keys n
check "n again wraps to 1/$n_fold with a note" \
    wait_until eval 'status_has "search hit BOTTOM" && status_has "/$FOLD 1/$n_fold"'

# no match: the view stays, the prompt and then the status line say so
keys g
wait_until eval '[[ $(row 0) == "[intro]"* ]]'
top0=$(row 1)
keys /
keys -l "${FOLD}z"
check "a pattern with no match says so and leaves the view" \
    wait_until eval 'status_has "no match" && [[ $(row 1) == "$top0" ]]'
keys BSpace
check "Backspace narrows back to the matches" wait_until status_has "1/$n_fold"
keys Escape
check "Esc: back at the top" wait_until eval '[[ $(row 1) == "$top0" ]] && status_has "segment 1/"'
keys q
check "q quits" wait_for DUET-EXIT=0

# --search opens at the first match, highlighted
start_duet $W $H --search $BOTH "$TEXT"
check "--search $BOTH opens at it, counted" \
    wait_until eval 'in_both_panes $BOTH && status_has "/$BOTH 1/$n_both"'
check "--search: the match is highlighted" wait_until highlighted $BOTH $BOTH
keys q
check "q quits" wait_for DUET-EXIT=0

e2e_done
