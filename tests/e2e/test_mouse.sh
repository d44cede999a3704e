#!/usr/bin/env bash
# The mouse: the wheel scrolls both panes, a click on a segment makes it
# current, a click on the status line is harmless; in tmux's own encoding
# (TERM=tmux-256color: X10, ESC [ M) and in xterm's (SGR 1006, ESC [ <).
# Mouse tracking is on while duet runs and off after every way out (q,
# SIGTERM, SIGHUP, Ctrl-Z), as tmux itself reports; --no-mouse and $DUET
# leave it off. Overlong mouse reports are dropped, pastes are text.
. "$(dirname "$0")/lib.sh"

n=$(seg_count)
n_segs=$n
status() { capture | tail -n 1; }
status_has() { status | grep -qF -- "$1"; }
flag() { tmux -L "$SOCK" display -p -t t "#{$1}"; }
flag_is() { [ "$(flag "$1")" = "$2" ]; }

# mouse ENCODING BUTTON COL ROW: what the terminal sends for a press at
# 0-based (COL, ROW) — and its release, for a button (0: left); 64 and 65
# are the wheel, up and down, which has no release.
mouse() {
    local enc=$1 b=$2 x=$3 y=$4
    if [ "$enc" = sgr ]; then
        keys -l "$(printf '\033[<%d;%d;%dM' "$b" $((x + 1)) $((y + 1)))"
        [ "$b" -lt 64 ] && keys -l "$(printf '\033[<%d;%d;%dm' "$b" $((x + 1)) $((y + 1)))"
    else # X10: ESC [ M and each value + 32 as one byte; 3 is "released"
        local at
        at="$(printf '%x' $((x + 33))) $(printf '%x' $((y + 33)))"
        # shellcheck disable=SC2086
        keys -H 1b 5b 4d "$(printf '%x' $((b + 32)))" $at
        # shellcheck disable=SC2086
        [ "$b" -lt 64 ] && keys -H 1b 5b 4d 23 $at
    fi
    return 0
}

# The 0-based screen row showing TEXT, or nothing.
row_with() { capture | grep -nF -- "$1" | head -n 1 | cut -d: -f1 | awk '{ print $1 - 1 }'; }

zh2=$(prefix "$(text_line "$(seg_zh_line 2)")" 6)
for enc in x10 sgr; do
    term=tmux-256color flagname=mouse_any_flag
    [ "$enc" = sgr ] && term=xterm-256color flagname=mouse_sgr_flag
    DUET_ENV=TERM=$term start_duet 100 30 "$TEXT"
    check "$enc: duet asks for the mouse ($flagname)" wait_until flag_is "$flagname" 1
    top0=$(row 0)
    mouse "$enc" 65 10 5
    check "$enc: the wheel scrolls down" wait_until eval '[ "$(row 0)" != "$top0" ]'
    check "$enc: both panes moved together (divider on every row)" \
        rows_ok 100 "$(side_divider 100)"
    mouse "$enc" 64 10 5
    check "$enc: the wheel scrolls back up" wait_until eval '[ "$(row 0)" = "$top0" ]'
    mouse "$enc" 0 5 29
    mouse "$enc" 0 95 29
    keys m z # input is read in order: once this shows, the clicks were handled
    wait_until status_has "mark z set"
    check "$enc: a click on the status line changes nothing" \
        eval 'status_has "segment 1/$n" && [ "$(row 0)" = "$top0" ] && kill -0 "$(duet_pid)"'
    y=$(row_with "$zh2")
    check "$enc: segment 2 is on screen (row ${y:-none})" [ -n "$y" ]
    mouse "$enc" 0 70 "${y:-3}"
    check "$enc: a click on segment 2 makes it current" wait_until status_has "segment 2/$n"
    check "$enc: the view did not move" eval '[ "$(row 0)" = "$top0" ]'
    keys q
    check "$enc: q exits 0" wait_for DUET-EXIT=0
    check "$enc: mouse tracking is off after q" flag_is "$flagname" 0
done

for sig in TERM HUP; do
    start_duet 100 30 "$TEXT"
    wait_until flag_is mouse_any_flag 1
    kill -s "$sig" "$(duet_pid)"
    wait_for "DUET-EXIT="
    check "SIG$sig: mouse tracking is off" flag_is mouse_any_flag 0
done

# (Not under valgrind, which does not stop on SIGTSTP: make valgrind.)
if [ -z "${DUET_VALGRIND:-}" ]; then
    start_duet 100 30 "$TEXT"
    wait_until flag_is mouse_any_flag 1
    keys C-z
    wait_until eval 'screen_has Stopped'
    check "Ctrl-Z: mouse tracking is off while stopped" flag_is mouse_any_flag 0
    type_line fg
    check "fg: mouse tracking is back" wait_until flag_is mouse_any_flag 1
    keys q
    wait_for DUET-EXIT=0
else
    echo "skip - Ctrl-Z: valgrind does not stop on SIGTSTP"
fi

# ---- hostile reports and pastes ----------------------------------------------------------
# An SGR mouse report of 40 parameters (34 overflowed ncurses 6.4's stack:
# duet died by SIGABRT, leaving the terminal raw) is dropped whole; so is
# one of 34. A paste (tmux wraps it in ESC [ 200 ~ … ESC [ 201 ~ as duet
# asks) is text: dropped while reading — its q does not quit, its J does
# not move — and typed into the search prompt.
long_report() { # N: ESC [ < 1;1;…M with N parameters
    local p
    p=$(printf '1;%.0s' $(seq 2 "$1"))
    printf '\033[<%s1M' "$p"
}
DUET_ENV=TERM=xterm-256color start_duet 100 30 "$TEXT"
wait_until flag_is mouse_sgr_flag 1
top0=$(row 0)
for n in 40 34; do
    keys -l "$(long_report "$n")"
    keys m z
    check "a mouse report of $n parameters is dropped, duet still there" wait_until status_has "mark z set"
    check "… and the view did not move" eval '[ "$(row 0)" = "$top0" ] && kill -0 "$(duet_pid)"'
    keys Escape
done
tmux -L "$SOCK" set-buffer -b hostile 'qJJG/x'
tmux -L "$SOCK" paste-buffer -p -b hostile -t t
check "a paste while reading is dropped, with a note" wait_until status_has "paste ignored"
check "… its q did not quit, its J and G did not move" \
    eval '[ "$(row 0)" = "$top0" ] && kill -0 "$(duet_pid)"'
word=$(first_words "$(text_line "$(seg_en_line "$n_segs")")" 3)
keys /
tmux -L "$SOCK" set-buffer -b word "$word"
tmux -L "$SOCK" paste-buffer -p -b word -t t
check "a paste at the search prompt is typed there ($word)" wait_until status_has "/$word"
keys Enter
check "… and searched: the last segment comes up" wait_until status_has "segment $n_segs/$n_segs"
keys q
check "q quits after all that" wait_for DUET-EXIT=0
check "mouse tracking is off after q" flag_is mouse_sgr_flag 0

start_duet 100 30 --no-mouse "$TEXT"
check "--no-mouse: no mouse tracking" flag_is mouse_any_flag 0
keys q
wait_for DUET-EXIT=0
DUET_ENV=DUET=--no-mouse start_duet 100 30 "$TEXT"
check "DUET=--no-mouse: no mouse tracking" flag_is mouse_any_flag 0
keys q
wait_for DUET-EXIT=0

e2e_done
