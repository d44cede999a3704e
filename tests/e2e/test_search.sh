#!/usr/bin/env bash
# Incremental search in the real program on the seed: / and ? move the view
# as each key is typed, in both languages, width and case folded; the
# status line counts; n wraps round with a note; Esc returns; highlights are
# drawn (capture-pane -e shows their colours); --search opens at the first
# match. Expectations come from the seed's text (grep), not from duet.
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

# The seed's own counts (case-insensitively for openai): what k/n must say.
n_model=$(grep -o ModelScope "$SEED" | wc -l)
n_openai=$(grep -oi openai "$SEED" | wc -l)
first_zh=$(prefix "$(seed_line "$(seg_zh_line 1)")" 8)

top_is_first() { [[ $(left_of "$(row 1)") == "$first_zh"* ]]; }

start_duet $W $H "$SEED"
check "opens on segment 1" wait_until top_is_first

# /ModelScope: the segment with it in both panes, 1/n on the prompt line
keys /
check "/ opens the prompt on the bottom line" wait_until eval '[[ $(status) == "/" ]]'
keys -l ModelScope
if wait_until eval 'in_both_panes ModelScope && status_has "1/$n_model"'; then
    ok "/ModelScope: ModelScope on screen in both panes, 1/$n_model"
else
    not_ok "/ModelScope: ModelScope on screen in both panes, 1/$n_model"
fi
check "the prompt shows the pattern" eval '[[ $(status) == "/ModelScope "* ]]'

# the current match and the other one are highlighted (colours in -e)
attrs() { tmux -L "$SOCK" capture-pane -e -p -t t; }
highlighted() { attrs | grep -a "$1" | grep -aq $'\e\[[0-9;]*48;5;[0-9]*m'"$2"; }
check "the current match is drawn highlighted (capture-pane -e)" \
    wait_until highlighted ModelScope ModelScope
check "both matches are highlighted, the current one in its own colour" eval \
    'attrs | grep -ao $'"'"'\e\[[0-9;]*48;5;[0-9]*mModelScope'"'"' | sort -u | wc -l | grep -qx 2'

# Esc: back at the top, prompt gone
keys Escape
check "Esc returns to where the search started" wait_until eval 'top_is_first && status_has "segment 1/"'

# Enter keeps the place; the status line counts
keys /
keys -l ModelScope
keys Enter
check "Enter keeps the place: /ModelScope 1/$n_model on the status line" \
    wait_until eval 'in_both_panes ModelScope && status_has "/ModelScope 1/$n_model" && status_has segment'
keys n
check "n: the next match, 2/$n_model" wait_until status_has "/ModelScope 2/$n_model"
keys n
check "n past the last wraps round with a note" \
    wait_until eval 'status_has "search hit BOTTOM, continuing at TOP" && status_has "1/$n_model"'
keys N
check "N goes back round the top" \
    wait_until eval 'status_has "search hit TOP, continuing at BOTTOM" && status_has "$n_model/$n_model"'

# /通义 finds the Chinese (typed as UTF-8, as an input method sends it)
keys g /
keys -l 通义
check "/通义: the prompt shows the wide characters" wait_until eval '[[ $(status) == "/通义 "* ]]'
check "/通义: found in the Chinese pane" wait_until eval 'in_left_pane 通义 && status_has "1/"'
keys Enter
check "Enter: the note counts 通义" wait_until status_has "/通义 1/"

# /openai (lower case) finds OpenAI; n cycles through all and wraps
keys g /
keys -l openai
check "/openai finds OpenAI, 1/$n_openai" wait_until eval 'screen_has OpenAI && status_has "1/$n_openai"'
keys Enter
for ((i = 2; i <= n_openai; i++)); do keys n; done
check "n $((n_openai - 1)) times: the last match, $n_openai/$n_openai" \
    wait_until status_has "/openai $n_openai/$n_openai"
keys n
check "n again wraps to 1/$n_openai with a note" \
    wait_until eval 'status_has "search hit BOTTOM" && status_has "/openai 1/$n_openai"'

# no match: the view stays, the prompt and then the status line say so
keys g
wait_until eval '[[ $(row 0) == "[intro]"* ]]'
top0=$(row 1)
keys /
keys -l openaiz
check "a pattern with no match says so and leaves the view" \
    wait_until eval 'status_has "no match" && [[ $(row 1) == "$top0" ]]'
keys BSpace
check "Backspace narrows back to the matches" wait_until status_has "1/$n_openai"
keys Escape
check "Esc: back at the top" wait_until eval '[[ $(row 1) == "$top0" ]] && status_has "segment 1/"'
keys q
check "q quits" wait_for DUET-EXIT=0

# --search opens at the first match, highlighted
start_duet $W $H --search ModelScope "$SEED"
check "--search ModelScope opens at it, counted" \
    wait_until eval 'in_both_panes ModelScope && status_has "/ModelScope 1/$n_model"'
check "--search: the match is highlighted" wait_until highlighted ModelScope ModelScope
keys q
check "q quits" wait_for DUET-EXIT=0

e2e_done
