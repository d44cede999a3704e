#!/usr/bin/env bash
# Resume: duet reopens a transcript at the segment it was left at — keyed by
# the content, so a renamed copy resumes too — with a note; --no-resume
# neither reads nor writes; --segment wins; a damaged state file is ignored
# with a note; a file others may write is ignored with a note and left as
# it is; a state directory that cannot be written never stops duet.
. "$(dirname "$0")/lib.sh"

n=$(seg_count)
status() { capture | tail -n 1; }
status_has() { status | grep -qF -- "$1"; }
STATE=$E2E_TMP/my-state
FILE=$STATE/duet/positions

# open [ENV...] -- ARGS...: duet on a 100x30 terminal with these variables.
open() {
    local env=()
    while [ "$1" != -- ]; do env+=("$1"); shift; done
    shift
    DUET_ENV="${env[*]}" start_duet 100 30 "$@"
}
quit() { keys q; wait_for DUET-EXIT=0; }

open "XDG_STATE_HOME=$STATE" -- "$TEXT"
check "first run: opens at segment 1" wait_until status_has "segment 1/$n"
keys J J J
wait_until status_has "segment 4/$n"
quit
check "q stores the position under \$XDG_STATE_HOME/duet/" \
    eval 'head -n 1 "$FILE" | grep -qx "duet-positions 2" && sed -n 2p "$FILE" | grep -qE "^[0-9a-f]{16} 0:[0-9]+ [0-9]+$"'
check "no temporary file left beside it" [ "$(ls "$STATE/duet" | wc -l)" -eq 1 ]
AT4=$(sed -n 2p "$FILE" | cut -d' ' -f2) # segment 4's place in the text

open "XDG_STATE_HOME=$STATE" -- "$TEXT"
check "reopened: at segment 4" wait_until status_has "segment 4/$n"
check "reopened: the status line says so" screen_has "back at segment 4"
keys "'" "'"
check "'' goes back to where duet opened before resuming" wait_until status_has "segment 1/$n"
keys 6 g
quit

cp "$TEXT" "$E2E_TMP/renamed copy.txt"
open "XDG_STATE_HOME=$STATE" -- "$E2E_TMP/renamed copy.txt"
check "a renamed copy resumes too (segment 6)" wait_until status_has "segment 6/$n"
quit

before=$(cat "$FILE")
open "XDG_STATE_HOME=$STATE" -- --no-resume "$TEXT"
check "--no-resume: opens at segment 1" wait_until status_has "segment 1/$n"
check "--no-resume: no note" eval '! screen_has "back at segment"'
keys J J
wait_until status_has "segment 3/$n"
quit
check "--no-resume: the state file is not written" [ "$(cat "$FILE")" = "$before" ]

open "XDG_STATE_HOME=$STATE" "DUET=--no-resume" -- "$TEXT"
check "DUET=--no-resume: opens at segment 1" wait_until status_has "segment 1/$n"
quit

open "XDG_STATE_HOME=$STATE" -- --segment 2 "$TEXT"
check "--segment wins over the stored position" wait_until status_has "segment 2/$n"
check "--segment: no resume note" eval '! screen_has "back at segment"'
quit

# --search wins too: it opens at the first match, not where duet was left.
open "XDG_STATE_HOME=$STATE" -- "$TEXT"
keys 4 g
wait_until status_has "segment 4/$n"
quit
check "left at segment 4 (the place stored the first time)" grep -qE "^[0-9a-f]{16} $AT4 " "$FILE"
last=$(first_words "$(text_line "$(seg_en_line "$n")")" 4)
open "XDG_STATE_HOME=$STATE" -- --search "$last" "$TEXT"
check "--search wins over the stored position (segment 4)" \
    wait_until eval 'status_has "/$last" && ! status_has "segment 4/$n"'
check "--search: no resume note" eval '! screen_has "back at segment"'
quit

printf 'garbage\x01\x02 that is not ours\n' >"$FILE"
open "XDG_STATE_HOME=$STATE" -- "$TEXT"
check "a damaged state file: opens at segment 1" wait_until status_has "segment 1/$n"
check "a damaged state file: the status line says it was ignored" screen_has "damaged state file ignored"
keys J
quit
check "the damaged file is replaced by a good one" \
    eval 'head -n 1 "$FILE" | grep -qx "duet-positions 2" && sed -n 2p "$FILE" | grep -qE "^[0-9a-f]{16} 0:[0-9]+ "'

# XDG_STATE_HOME empty: ~/.local/state/duet/ (HOME is the test's directory).
open "XDG_STATE_HOME=" -- "$TEXT"
keys J J
wait_until status_has "segment 3/$n"
quit
check "default: \$HOME/.local/state/duet/positions" grep -qE '^[0-9a-f]{16} 0:[0-9]+ ' "$E2E_TMP/.local/state/duet/positions"

# A positions file others may write is not trusted: not read, not replaced.
chmod 666 "$FILE"
before=$(cat "$FILE")
open "XDG_STATE_HOME=$STATE" -- "$TEXT"
check "a world-writable state file: opens at segment 1" wait_until status_has "segment 1/$n"
check "a world-writable state file: the status line says it was ignored" screen_has "not yours alone"
keys J
wait_until status_has "segment 2/$n"
quit
check "a world-writable state file is left as it was" [ "$(cat "$FILE")" = "$before" ]
chmod 600 "$FILE"

# A state directory that cannot be made (its parent is a file).
echo "a file" >"$E2E_TMP/not-a-dir"
open "XDG_STATE_HOME=$E2E_TMP/not-a-dir" -- "$TEXT"
check "unwritable state directory: duet opens" wait_until status_has "segment 1/$n"
keys J
check "unwritable state directory: keys work" wait_until status_has "segment 2/$n"
quit
check "unwritable state directory: exit 0" screen_has DUET-EXIT=0

e2e_done
