#!/usr/bin/env bash
# The terminal is given back as it was: after q, SIGHUP, SIGTERM, SIGINT
# and Ctrl-Z/fg; keys come from the terminal when the transcript comes on
# standard input; the help overlay; colours and NO_COLOR.
. "$(dirname "$0")/lib.sh"

# The shell's terminal is sane again (canonical mode, echo) and the screen
# holds only what the shell printed: duet's alternate screen is gone.
tty_sane() {
    type_line 'stty -a | grep -q " icanon " && stty -a | grep -q " echo " && echo TTY-SANE'
    wait_for TTY-SANE
}
only_shell_left() { # EXIT [SIGNAL-NAME]: the screen shows nothing but the shell's lines
    local stray
    stray=$(capture | grep -v -e '^PROMPT>' -e "^DUET-EXIT=$1\$" -e '^TTY-SANE$' -e '^ *$' \
        ${2:+-e "^$2\$"})
    [ -z "$stray" ] || { echo "stray: $stray"; return 1; }
}

first_zh=$(prefix "$(text_line "$(seg_zh_line 1)")" 8)
second_zh=$(prefix "$(text_line "$(seg_zh_line 2)")" 8)
top_has() { row 1 | grep -qF -- "$1"; }

start_duet 80 24 "$TEXT"
keys q
check "q: duet exits 0" wait_for DUET-EXIT=0
check "q: the screen is the shell's again, no stray output" only_shell_left 0
check "q: the terminal is sane" tty_sane

# duet ends by the signal itself, after giving everything back: the shell
# says so (Hangup, Terminated) and its $? is 128+N; SIGINT, as for any
# program it ends, stops the shell's command line there (no DUET-EXIT).
for sig in HUP:Hangup TERM:Terminated INT:; do
    said=${sig#*:} sig=${sig%%:*}
    start_duet 80 24 "$TEXT"
    wait_for "$first_zh"
    kill -s "$sig" "$(duet_pid)"
    code=$((128 + $(kill -l "$sig")))
    if [ "$sig" = INT ]; then
        check "SIG$sig: duet ends, the shell's line with it" \
            wait_until eval '! kill -0 "$(duet_pid)" 2>/dev/null && screen_has PROMPT'
        check "SIG$sig: the screen is the shell's again" only_shell_left none
    else
        check "SIG$sig: duet ends by it ($code)" wait_for "DUET-EXIT=$code"
        check "SIG$sig: the screen is the shell's again" only_shell_left "$code" "$said"
    fi
    check "SIG$sig: the terminal is sane" tty_sane
done

# Ctrl-Z suspends (the shell comes back), fg redraws where it was.
# (Not under valgrind, which does not stop on SIGTSTP: make valgrind.)
if [ -z "${DUET_VALGRIND:-}" ]; then
    start_duet 80 24 "$TEXT"
    keys J
    wait_until top_has "$second_zh"
    keys C-z
    check "Ctrl-Z: the shell comes back" wait_until eval 'screen_has Stopped && screen_has PROMPT'
    type_line fg
    check "fg: the view is redrawn where it was" wait_until top_has "$second_zh"
    keys J
    check "fg: keys work again" wait_until eval '! top_has "$second_zh"'
    keys q
    check "fg then q: duet exits" wait_until eval '! kill -0 "$(duet_pid)" 2>/dev/null'
    check "fg then q: the terminal is sane" tty_sane
else
    echo "skip - Ctrl-Z: valgrind does not stop on SIGTSTP"
fi

# The transcript on standard input, keys from the terminal.
for how in "cat '$TEXT' | '$DUET' -" "cat '$TEXT' | '$DUET'" "'$DUET' - < '$TEXT'"; do
    start_shell 80 24
    type_line "clear; $how; echo DUET-EXIT=\$?"
    check "$how: shows the first segment" wait_until top_has "$first_zh"
    keys J
    check "$how: keys come from the terminal" wait_until top_has "$second_zh"
    keys q
    check "$how: q exits 0" wait_for DUET-EXIT=0
done

# The help overlay: opens, scrolls, closes with q, Esc or h; duet goes on.
start_duet 80 24 "$TEXT"
wait_for "$first_zh"
for close in q Escape h; do
    keys h
    check "h opens the help" wait_for "duet - keys"
    check "the help lists the keys from the action table" screen_has "Cycle the layout"
    keys G
    check "the help scrolls (G: its last lines)" wait_for "Counts:"
    keys "$close"
    check "$close closes the help, the text is back" wait_until top_has "$first_zh"
done
keys F1
check "F1 opens the help" wait_for "duet - keys"
keys q
wait_until top_has "$first_zh"
keys : 3
check "the :N prompt shows on the status line" wait_until eval 'capture | tail -n 1 | grep -q "^:3"'
keys Escape
check "Esc cancels the prompt" wait_until eval '! capture | tail -n 1 | grep -q "^:3"'
keys Q
check "Q quits" wait_for DUET-EXIT=0

# Colours: speaker headers in colour on a 256-colour terminal; none with
# NO_COLOR or --no-color (bold carries the header instead).
header_sgr() { tmux -L "$SOCK" capture-pane -p -e -t t | head -n 1; }
start_duet 80 24 "$TEXT"
check "colour: the header row has a 256-colour speaker colour" wait_until eval 'header_sgr | grep -q "38;5;"'
keys q
wait_for DUET-EXIT=0
for how in "NO_COLOR=1 '$DUET'" "'$DUET' --no-color"; do
    start_shell 80 24
    type_line "clear; $how '$TEXT'; echo DUET-EXIT=\$?"
    wait_until top_has "$first_zh"
    if header_sgr | grep -q -e '38;5;' -e '\[3[0-7]m' -e ';3[0-7]m'; then
        not_ok "$how: no colour" "$(header_sgr | cat -v)"
    else
        ok "$how: no colour"
    fi
    check "$how: headers in bold instead" eval 'header_sgr | grep -q "\[1m"'
    keys q
    wait_for DUET-EXIT=0
done

e2e_done
