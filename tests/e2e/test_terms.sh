#!/usr/bin/env bash
# Terminal types: xterm, xterm-256color, screen, tmux-256color, linux and
# vt100 all show the transcript with every cell in its column (the Linux
# console, which cannot draw wide glyphs, gets [] for them); vt100 gets no
# colour sequences at all; an unknown TERM, an unset one, or one that
# cannot move the cursor is a one-line error naming it, exit 1. And the
# start-up question about ambiguous widths never leaks into the keys, even
# when the answer comes after duet stopped waiting for it, and keys typed
# while it waits are kept.
. "$(dirname "$0")/lib.sh"

PTYREC=$BUILD/tests/e2e/ptyrec
W=100
zh1=$(prefix "$(text_line "$(seg_zh_line 1)")" 6)
en1=$(first_words "$(text_line "$(seg_en_line 1)")" 3)
n=$(seg_count)

for term in xterm xterm-256color screen tmux-256color linux vt100; do
    DUET_ENV=TERM=$term start_duet $W 30 "$TEXT"
    check "TERM=$term: English shown" wait_for "$en1"
    if [ "$term" = linux ]; then
        check "TERM=$term: wide characters as [] (the console cannot draw them)" screen_has "[][][][]"
        check "TERM=$term: the status line says why" screen_has "no wide characters"
    else
        check "TERM=$term: Chinese shown" screen_has "$zh1"
    fi
    check "TERM=$term: rows fit, the divider in its column" rows_ok $W "$(side_divider $W)"
    keys J
    check "TERM=$term: J moves on" wait_until eval 'capture | tail -n 1 | grep -q "segment 2/$n"'
    check "TERM=$term: still in their columns" rows_ok $W "$(side_divider $W)"
    keys q
    check "TERM=$term: q quits" wait_for DUET-EXIT=0
done

# vt100: no colour at all, bold for the speakers instead (the bytes sent).
env -u DUET -u NO_COLOR PTYREC_TERM=vt100 "$PTYREC" -o "$E2E_TMP/vt100" 80 24 J -- "$DUET" --no-resume "$TEXT" >/dev/null 2>&1
check "vt100: something was drawn" grep -aq "$en1" "$E2E_TMP/vt100"
check "vt100: no colour sequences" eval '! LC_ALL=C grep -aqE $'"'"'\e\[([0-9]*;)*(3[0-9]|4[0-9]|38;5|48;5)(;[0-9]*)*m'"'"' "$E2E_TMP/vt100"'
check "vt100: bold carries the speakers" grep -aqE $'\e\\[(0;)?1m' "$E2E_TMP/vt100"

# A terminal duet cannot use: one line naming it, exit 1, nothing else.
for how in "TERM=no-such-terminal-xyz" "TERM=dumb" "-u TERM"; do
    start_shell 80 24
    type_line "clear; env $how '$DUET' '$TEXT'; echo DUET-EXIT=\$?"
    check "$how: exit 1" wait_for DUET-EXIT=1
    case $how in
    *xyz) want="unknown terminal type 'no-such-terminal-xyz' (TERM)" ;;
    *dumb) want="terminal type 'dumb' (TERM) cannot move the cursor" ;;
    *) want="TERM is not set" ;;
    esac
    check "$how: the error names it" screen_has "duet: $want"
    check "$how: one line" [ "$(capture | grep -c '^duet: ')" -eq 1 ]
done

# The answer to the ambiguous-width question arriving late (a slow link):
# it must not act as keys (ESC would cancel, digits would count or toggle
# speakers, letters run commands). m z afterwards must still set mark z.
for term in xterm-256color screen vt100; do
    env -u DUET -u NO_COLOR PTYREC_TERM=$term "$PTYREC" -o "$E2E_TMP/late" -r '\e[1;3R' -d 500 $W 30 m z -- \
        "$DUET" --no-resume "$TEXT" >/dev/null 2>&1
    check "TERM=$term, late answer: taken as no answer (narrow divider)" grep -aq $'\u2502' "$E2E_TMP/late"
    check "TERM=$term, late answer: not read as keys" \
        eval '! grep -aq -e "no such key" -e "hidden" -e "shown" "$E2E_TMP/late"'
    check "TERM=$term, late answer: the keys after it work" grep -aq "ark z set" "$E2E_TMP/late"
done

# Keys typed while duet waits for the answer are kept, in order, and the
# answer still counts (column 3: wide, the divider an ASCII bar).
env -u DUET -u NO_COLOR "$PTYREC" -o "$E2E_TMP/early" -r '\e[1;3R' -d 100 -k 'mz' $W 30 -- \
    "$DUET" --no-resume "$TEXT" >/dev/null 2>&1
check "keys typed before the answer: kept (m z sets mark z)" grep -aq "ark z set" "$E2E_TMP/early"
check "keys typed before the answer: the answer still counts (wide)" \
    eval '[ "$(grep -ao "|" "$E2E_TMP/early" | wc -l)" -ge 20 ] && ! grep -aq $'"'"'\u2502'"'"' "$E2E_TMP/early"'

e2e_done
