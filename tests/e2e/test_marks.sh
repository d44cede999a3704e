#!/usr/bin/env bash
# Marks round-trip in the real program: m + letter remembers the place,
# ' + letter returns to it, '' goes back to where the last jump started.
. "$(dirname "$0")/lib.sh"

status() { capture | tail -n 1; }
status_has() { status | grep -qF -- "$1"; }

n=$(seg_count)
start_duet 100 30 "$TEXT"
keys J J
check "J J: segment 3 on top" wait_until status_has "segment 3/$n"
keys m a
check "ma: the status line confirms" wait_until status_has "mark a set"
keys G
check "G: the end" wait_until status_has END
keys "'" a
check "'a: back at segment 3" wait_until status_has "segment 3/$n"
keys "'" "'"
check "'': back where the jump ('a) started: the end" wait_until status_has END
keys "'" "'"
check "'' again: segment 3" wait_until status_has "segment 3/$n"
keys 1 0 g
check "10g: segment 10" wait_until status_has "segment 10/$n"
keys "'" "'"
check "'' after 10g: segment 3" wait_until status_has "segment 3/$n"
# A search is a jump too: '' comes back from the match (the first words of
# the last segment's English: far below).
far=$(first_words "$(text_line "$(seg_en_line "$n")")" 3)
keys /
keys -l "$far"
keys Enter
check "/$far Enter: the view moves to the match" wait_until eval '! status_has "segment 3/$n"'
keys "'" "'"
check "'' after a search: back at segment 3" wait_until status_has "segment 3/$n"
keys "'" b
check "'b (not set): says so, stays" wait_until eval 'status_has "mark b is not set" && status_has "segment 3/$n"'
keys m
check "m pending shows on the status line" wait_until eval 'status | grep -q "^m "'
keys q
check "mq sets mark q and does not quit" wait_until status_has "mark q set"
keys q
check "q quits" wait_for DUET-EXIT=0

e2e_done
