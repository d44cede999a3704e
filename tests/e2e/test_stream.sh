#!/usr/bin/env bash
# Pipes and FIFOs that stay open: what has come shows at once and duet
# reads on, the status line saying so ("reading…"); keys work meanwhile (q
# quits at once); when the input ends the whole shows, its layout detected
# again, the view at the same passage. Before, duet showed a blank screen
# (typed keys echoing) until the end of input, and only Ctrl-C worked.
#
# The writer is this script: it holds the FIFO open (read-write, so that
# opening it waits for nobody), writes the Chinese half of the sample (a
# transcript in one language so far: one pane), waits for the screen to
# show it, then writes the English half and closes.
. "$(dirname "$0")/lib.sh"

n=$(seg_count)
en_start=$(seg_en_line 1)
half=$((en_start - 2)) # the Chinese section, its marker line and all
first_zh=$(prefix "$(text_line "$(seg_zh_line 1)")" 8)
third_zh=$(prefix "$(text_line "$(seg_zh_line 3)")" 8)
status() { capture | tail -n 1; }
status_has() { status | grep -qF -- "$1"; }
top_has() { capture | head -n 3 | grep -qF -- "$1"; }

fifo=$E2E_TMP/fifo
mkfifo "$fifo"
first_half() { head -n "$half" "$TEXT" >&3; }
second_half() { tail -n +"$((half + 1))" "$TEXT" >&3; }

# The tmux server starts first, so that it does not inherit the writer's
# end (then the FIFO would never end).
start_shell 100 30

# ---- a FIFO with a writer ------------------------------------------------------------------
exec 3<>"$fifo"
first_half
start_duet 100 30 --ambiguous-narrow "$fifo"
check "FIFO: what has come shows at once" wait_for "$first_zh"
check "FIFO: the status line says it is still reading" wait_until status_has "reading…"
check "FIFO: one language so far, one pane" eval '! screen_has "$DIV"'
keys J J
check "FIFO: keys work meanwhile (J J moves to the third turn)" wait_until top_has "$third_zh"
second_half
exec 3>&-
en3=$(first_words "$(text_line "$(seg_en_line 3)")" 4)
check "FIFO: at the end, the whole: the status line has the count, no longer reading" \
    wait_until eval 'status_has "/$n" && ! status_has "reading…"'
check "FIFO: side by side (the layout detected again)" eval 'screen_has "$DIV" && screen_has "$en3"'
check "FIFO: the view kept its passage (the third turn on top)" top_has "$third_zh"
keys q
check "FIFO: q quits" wait_for DUET-EXIT=0

# ---- q while the input stays open ----------------------------------------------------------
exec 3<>"$fifo"
first_half
start_duet 100 30 --ambiguous-narrow "$fifo"
wait_for "$first_zh"
keys G # waits for the whole (which never comes) …
keys q # … but q does not wait
check "q quits at once while the FIFO stays open (and behind a key that waits)" wait_for DUET-EXIT=0
exec 3>&-

# ---- a pipe: cat FIFO | duet --------------------------------------------------------------------
exec 3<>"$fifo"
first_half
start_shell 100 30
type_line "clear; cat '$fifo' | '$DUET' --ambiguous-narrow; echo DUET-EXIT=\$?"
check "pipe: what has come shows at once" wait_for "$first_zh"
check "pipe: the status line says it is still reading" wait_until status_has "reading…"
second_half
exec 3>&-
check "pipe: at the end, the whole, side by side" wait_until eval 'screen_has "$DIV" && status_has "/$n"'
keys q
check "pipe: q quits" wait_for DUET-EXIT=0

e2e_done
