#!/usr/bin/env bash
# Speakers in the reader: the panel (contents checked against the answer
# keys, toggling, small terminals), 1-9 / 0 / S with digits resolved as
# counts or speakers, context lines, --speaker and its error, and a
# transcript labelled differently in each language. Every wait polls.
. "$(dirname "$0")/lib.sh"


# key_seg_speakers KEY: the speaker of each segment as duet names a speaker
# labelled in both languages, "主持人 / Host": the Chinese and the English
# name of the segment's first units, one per line.
key_seg_speakers() {
    jq -r '.zh_units as $z | .en_units as $e | .alignment[] |
           "\($z[.[0][0]].speaker) / \($e[.[1][0]].speaker)"' "$1"
}

# key_speakers KEY: the speakers' names, one per line, in order of appearance.
key_speakers() { key_seg_speakers "$1" | awk '!seen[$0]++'; }

# key_segs_of KEY NAME: the 1-based numbers of NAME's segments.
key_segs_of() { key_seg_speakers "$1" | grep -nxF -- "$2" | cut -d: -f1; }

# key_turns_of KEY NAME: how many turns NAME has: runs of their segments.
key_turns_of() { key_seg_speakers "$1" | awk -v n="$2" '$0 == n && prev != n { t++ } { prev = $0 } END { print t + 0 }'; }

status_has() { capture | tail -n 1 | grep -qF -- "$1"; }
top_header() { left_of "$(row 0)"; }

# panel_row_ok ROW BOX K NAME TURNS: the panel's row shows "[BOX] K NAME",
# and its first number after the name is TURNS.
panel_row_ok() {
    local r segs_shown
    r=$(row "$1")
    [[ $r == ?"[$2] $3 $4"* ]] || return 1
    segs_shown=$(printf '%s' "${r#*"$4"}" | awk '{ print $1 }')
    [ "$segs_shown" = "$5" ]
}

mapfile -t NAMES < <(key_speakers "$KEY")
NSEG=$(jq '.alignment | length' "$KEY")
HOST=${NAMES[0]}
mapfile -t HOST_SEGS < <(key_segs_of "$KEY" "$HOST")

# ---- the panel on a transcript with three speakers ---------------------------------

start_duet 100 30 "$TEXT"
wait_until status_has "segment 1/$NSEG"
keys s
check "s opens the panel: every speaker's name, all shown" \
    wait_until eval '[[ $(row 0) == "Speakers: all ${#NAMES[@]} shown"* ]]'
ok_rows=1
for i in "${!NAMES[@]}"; do
    n=$(key_turns_of "$KEY" "${NAMES[$i]}")
    panel_row_ok $((i + 1)) x $((i + 1)) "${NAMES[$i]}" "$n" || ok_rows=0
done
check "each panel row: check box, digit, name and its turn count from the answer key" \
    [ "$ok_rows" = 1 ]
check "the panel's cursor is on the current segment's speaker" eval '[[ $(row 1) == ">"* ]]'
check "the panel fits and its names are in their columns" rows_ok 100
keys Space
check "Space hides the selected speaker" wait_until panel_row_ok 1 ' ' 1 "$HOST" "$(key_turns_of "$KEY" "$HOST")"
check "the title counts the shown" wait_until eval '[[ $(row 0) == "Speakers: 2 of 3 shown"* ]]'
keys Enter
check "Enter closes the panel; the status says 2 of 3 speakers" wait_until status_has "2 of 3 speakers"
hidden_ok() { ! capture | grep -qF -- "$HOST"; }
check "the hidden speaker's segments are gone from the screen" wait_until hidden_ok
keys G
check "... all the way to the end" wait_until eval 'status_has END && hidden_ok'
keys g 0
check "0 (after a second) shows all again" wait_until eval '! status_has "of 3 speakers"'
check "the host is back" wait_until screen_has "$HOST"

# S then J stays with one speaker; the status keeps each segment's own number.
keys g J # from the notes at the top onto segment 1
wait_until eval '[[ $(top_header) == "$HOST"* ]]'
keys S
check "S: only the current speaker" wait_until status_has "1 of 3 speakers"
s_ok=1
for k in 2 3 4; do
    keys J
    wait_until status_has "segment ${HOST_SEGS[$((k - 1))]}/$NSEG" || s_ok=0
    [[ $(top_header) == "$HOST"* ]] || s_ok=0
done
check "S then J x3: the host's 2nd, 3rd and 4th segments (by the key), nothing else" [ "$s_ok" = 1 ]
keys 2 g
check "2g counts the shown segments: the host's 2nd" \
    wait_until status_has "segment ${HOST_SEGS[1]}/$NSEG"

# Context: the hidden run between the host's 1st and 2nd segments is one line
# naming the speaker of its last segment and its first words.
keys c
last=$((HOST_SEGS[1] - 1))
last_sp=$(key_seg_speakers "$KEY" | sed -n "${last}p")
last_zh=$(prefix "$(jq -r ".zh_units[.alignment[$((last - 1))][0][0]].first_chars" "$KEY")" 4)
more=$((HOST_SEGS[1] - HOST_SEGS[0] - 2))
ctx="... "
[ "$more" -gt 0 ] && ctx="... (+$more) "
keys g J
check "c: a dimmed line for the hidden run: '$ctx$last_sp: $last_zh'" \
    wait_until screen_has "$ctx$last_sp: $last_zh"
check "the status says context is on" status_has "context"
wait_until status_has "segment ${HOST_SEGS[0]}/$NSEG"
keys J
check "J skips the context line to the host's 2nd segment" \
    wait_until eval 'status_has "segment ${HOST_SEGS[1]}/$NSEG" && [[ $(top_header) == "$HOST"* ]]'
keys c S
check "S again: everyone, no context line left" \
    wait_until eval '! status_has "of 3 speakers" && ! screen_has "$ctx$last_sp"'

# Digits: a count before a key that takes one, a speaker otherwise.
keys g
wait_until status_has "segment 1/$NSEG"
before=$(row 0)
keys 2 j
check "2j scrolls two rows: a count, not a speaker" wait_until eval '[ "$(row 0)" != "$before" ]'
check "... and hides nobody" eval '! status_has "of 3 speakers"'
keys 3
check "a lone 3 shows on the status line while it waits" wait_until eval '[[ $(capture | tail -n 1) == "3 "* ]]'
check "... then, with no key, hides speaker 3" wait_until status_has "2 of 3 speakers"
keys 3 l
check "3 then l: speaker 3 back, and the layout cycles" \
    wait_until eval '! status_has "of 3 speakers" && screen_has "layout: stacked"'
keys q
check "q quits" wait_for DUET-EXIT=0

# ---- colours: one per speaker, the same in headers, panel and status ----------------

# sgr_of LINES NAME: the SGR sequences right before NAME's first appearance
# in those lines (a sed address) of the screen with its attributes.
sgr_of() {
    tmux -L "$SOCK" capture-pane -e -p -t t | sed -n "$1" |
        grep -oP '(\e\[[0-9;]*m)+(?=\Q'"$2"'\E)' | head -n 1 | tr -d '\033'
}

# distinct_sgr LINES: each speaker's name there comes after its own attributes.
distinct_sgr() {
    local a b c
    a=$(sgr_of "$1" "${NAMES[0]}") b=$(sgr_of "$1" "${NAMES[1]}") c=$(sgr_of "$1" "${NAMES[2]}")
    [ -n "$a" ] && [ -n "$b" ] && [ -n "$c" ] && [ "$a" != "$b" ] && [ "$b" != "$c" ] && [ "$a" != "$c" ]
}

for opt in "" --no-color; do
    what=${opt:-colour}
    start_duet 100 30 $opt "$TEXT"
    wait_until screen_has "${NAMES[2]}"
    check "$what: the three speakers' headers differ in colour or attributes" distinct_sgr '1,29p'
    hdr=$(sgr_of '1,29p' "${NAMES[0]}")
    check "$what: the status line draws the speaker as the header does" \
        eval '[ "$(sgr_of "\$p" "${NAMES[0]}" | grep -oE "38;5;[0-9]+|\[1m|\[4m" | tail -n 1)" = \
               "$(printf "%s" "$hdr" | grep -oE "38;5;[0-9]+|\[1m|\[4m" | tail -n 1)" ]'
    keys s
    wait_until eval '[[ $(row 0) == Speakers* ]]'
    check "$what: the panel's names keep their colours" distinct_sgr '2,4p'
    check "$what: ... the same as the headers'" \
        eval '[ "$(sgr_of "2,4p" "${NAMES[0]}" | grep -oE "38;5;[0-9]+|\[1m|\[4m" | tail -n 1)" = \
               "$(printf "%s" "$hdr" | grep -oE "38;5;[0-9]+|\[1m|\[4m" | tail -n 1)" ]'
    keys Escape q
    wait_for DUET-EXIT=0
done

# ---- the smallest terminal: the panel scrolls -----------------------------------------

start_duet 20 5 "$TEXT"
keys s
check "20x5: the panel opens" wait_until eval '[[ $(row 0) == Speakers* ]]'
check "20x5: the panel fits" rows_ok 20
keys j j
last_name=$(prefix "${NAMES[2]}" 3)
check "20x5: j j reaches the third speaker" \
    wait_until eval 'capture | grep -q "^>\[x\] 3 $last_name"'
check "20x5: still fits" rows_ok 20
keys Escape q
check "20x5: Esc closes, q quits" wait_for DUET-EXIT=0

# ---- --speaker, its error, and --dump -------------------------------------------------

GUEST=${NAMES[1]} NSPEAKERS=${#NAMES[@]}
first_guest=$(key_segs_of "$KEY" "$GUEST" | head -n 1)
start_duet 100 30 --speaker "$GUEST" "$TEXT"
check "--speaker $GUEST opens on their first segment ($first_guest), the host hidden" \
    wait_until eval 'status_has "segment $first_guest/" && status_has "1 of $NSPEAKERS speakers"'
g_ok=1
for k in 1 2 3; do
    keys J
    wait_until eval '! screen_has "$HOST"' || g_ok=0
done
check "J x3: never the host" [ "$g_ok" = 1 ]
keys q
wait_for DUET-EXIT=0

"$DUET" --speaker Nobody "$TEXT" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
code=$?
check "an unknown --speaker exits 2" [ "$code" = 2 ]
check "... on one line naming it and listing the speakers" eval \
    '[ "$(wc -l <"$E2E_TMP/err")" = 1 ] && grep -qF Nobody "$E2E_TMP/err" &&
     grep -qF "$HOST" "$E2E_TMP/err" && grep -qF "$GUEST" "$E2E_TMP/err"'
check "... and prints nothing else" [ ! -s "$E2E_TMP/out" ]
"$DUET" --dump --width 100 --speaker "$GUEST" "$TEXT" >"$E2E_TMP/dump"
guest_segs=$(key_segs_of "$KEY" "$GUEST" | wc -l)
check "--dump --speaker: no host segment, all $guest_segs of the guest's (by the key)" eval \
    '! grep -q "^$HOST " "$E2E_TMP/dump" &&
     [ "$(grep -c "^$GUEST " "$E2E_TMP/dump")" = "$guest_segs" ]'

# ---- different labels per language, and a "Word：" opening a turn -----------------------

cat >"$E2E_TMP/labels.txt" <<'EOF'
编辑：
你好，欢迎来到节目。今天我们聊聊城市的未来。
建筑师：
谢谢邀请。很高兴来到这里。
编辑：
最后一个问题：你对年轻的建筑师有什么建议？
建筑师：
多走路，多看城市。
Editor:
Hello and welcome to the show. Today we talk about the future of cities.
Architect:
Thanks for having me. Glad to be here.
Editor:
One last question: what advice do you have for young architects?
Architect:
Walk more, look at cities more.
EOF
start_duet 100 20 "$E2E_TMP/labels.txt"
keys s
check "labels differing by language are one speaker each: 编辑 / Editor" \
    wait_until eval 'panel_row_ok 1 x 1 "编辑 / Editor" 2 && panel_row_ok 2 x 2 "建筑师 / Architect" 2'
check "... and the turn's 'Word：' is no speaker: two in all" \
    eval '[[ $(row 0) == "Speakers: all 2 shown"* ]]'
keys q q
wait_for DUET-EXIT=0

e2e_done
