#!/usr/bin/env bash
# The help overlay (h, F1) is every mode's key table: every row of every
# table in the man page's KEYS section (which a unit test holds to the same
# tables) is in it — keys and description — J and / among them, the
# panel's and the prompts' too; it scrolls, and q, Esc and h close it.
. "$(dirname "$0")/lib.sh"

# The KEYS tables of the man page as "KEYS<TAB>FIRST WORDS" lines.
awk '/^\.SH KEYS/ { on = 1; next } on && /^\.SH / { exit } on && /^_$/ { rows = 1; next }
     on && /^\.TE/ { rows = 0; tables++ }
     rows && /\tT\{$/ { k = $0; sub(/\tT\{$/, "", k); getline t; print k "\t" t }
     END { if (tables < 6) print "only " tables " tables" > "/dev/stderr" }' "$ROOT/man/duet.1" |
    sed -e 's/\\f[BRI]//g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\e/\\/g' -e 's/\\&//g' >"$E2E_TMP/keys"
check "the man page's KEYS tables have rows ($(wc -l <"$E2E_TMP/keys"))" [ "$(wc -l <"$E2E_TMP/keys")" -gt 60 ]

start_duet 80 24 "$TEXT"
keys h
check "h opens the help" wait_for "duet - keys"
# Page through it, keeping every screen.
: >"$E2E_TMP/help"
for i in $(seq 1 30); do
    capture | head -n 23 >>"$E2E_TMP/help"
    grep -q "^Counts:" "$E2E_TMP/help" && break
    before=$(capture | head -n 1)
    keys Space
    wait_until eval '[ "$(capture | head -n 1)" != "$before" ]' || break
done
check "Space pages through the help to its end" grep -q "^Counts:" "$E2E_TMP/help"
missing=""
while IFS=$'\t' read -r k text; do
    words=$(printf '%s' "$text" | cut -d' ' -f1-3)
    # the keys, then (on the same line, or the next when the keys are long)
    # the first words of the description
    grep -A1 -F -- "  $k" "$E2E_TMP/help" | grep -qF -- "$words" || missing="$missing [$k: $words]"
done <"$E2E_TMP/keys"
if [ -z "$missing" ]; then
    ok "every action's keys and description are in the help"
else
    not_ok "every action's keys and description are in the help" "missing:$missing"
fi
check "J: its line says what it does" grep -qE '^  J, \} +Put the next segment at the top' "$E2E_TMP/help"
check "/: its line says what it does" grep -qE '^  / +Search forward as you type, in both' "$E2E_TMP/help"
check "the panel's keys are there" grep -qE '^  Space +Show or hide the selected speaker' "$E2E_TMP/help"
check "the search prompt's keys are there" grep -qE '^  Ctrl-W +Erase the word before the cursor' "$E2E_TMP/help"
keys g
check "g: back to its top" wait_until eval 'capture | head -n 1 | grep -q "duet - keys"'
for close in q Escape h; do
    keys "$close"
    check "$close closes the help" wait_until eval '! screen_has "duet - keys"'
    keys h
    wait_for "duet - keys"
done
keys q q
check "q, q: closes the help, then quits" wait_for DUET-EXIT=0

e2e_done
