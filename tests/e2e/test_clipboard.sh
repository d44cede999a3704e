#!/usr/bin/env bash
# y copies the current segment as a bilingual quote with OSC 52: in tmux
# with set-clipboard on it lands in tmux's paste buffer; through a pty
# recorder the sequence is decoded and compared. It is the only OSC duet
# writes, only one per y, and a terminal without the clipboard capability
# (the Linux console would print it) gets none.
. "$(dirname "$0")/lib.sh"

PTYREC=$BUILD/tests/e2e/ptyrec
name=$(basename "$TEXT")
json=$E2E_TMP/text.json
"$DUET" --export json "$TEXT" >"$json"
# quote K: what y copies for segment K (1-based), from the JSON export.
quote() {
    jq -j --arg name "$name" --argjson k "$1" '.segments[$k - 1] |
        (if .speaker then .speaker + " " else "" end) + "(segment \($k) of \($name))\n" +
        (.zh.text + "\n") + "\n" + (.en.text + "\n")' "$json"
}
quote 1 >"$E2E_TMP/want1"
quote 3 >"$E2E_TMP/want3"
grep -q . "$E2E_TMP/want3" || { not_ok "the JSON export gives the quotes"; e2e_done; exit 1; }

# tmux: set-clipboard on (the server option; before the session starts).
echo 'set -s set-clipboard on' >>"$E2E_TMP/tmux.conf"
buffer_is() { tmux -L "$SOCK" show-buffer >"$E2E_TMP/got" 2>/dev/null && cmp -s "$E2E_TMP/got" "$1"; }
start_duet 100 30 "$TEXT"
keys y
check "y: the status line confirms" wait_for "segment 1 copied to the clipboard"
check "y: tmux's paste buffer holds segment 1 as a quote" wait_until buffer_is "$E2E_TMP/want1"
keys J J y
check "J J y: segment 3" wait_until buffer_is "$E2E_TMP/want3"
keys q
wait_for DUET-EXIT=0

# The bytes on the wire: one OSC 52, base64 that decodes to the quote.
env -u DUET -u NO_COLOR "$PTYREC" -o "$E2E_TMP/rec" 100 30 J y -- "$DUET" --no-resume "$TEXT" >/dev/null 2>&1
quote 2 >"$E2E_TMP/want2"
LC_ALL=C grep -ao $'\e\\]52;c;[A-Za-z0-9+/=]*\a' "$E2E_TMP/rec" >"$E2E_TMP/osc" || true
check "pty: exactly one OSC 52 sequence, ended by BEL" [ "$(wc -l <"$E2E_TMP/osc")" -eq 1 ]
check "pty: no other OSC sequence" [ "$(LC_ALL=C grep -ao $'\e\\]' "$E2E_TMP/rec" | wc -l)" -eq 1 ]
sed 's/^\x1b\]52;c;//; s/\x07$//' "$E2E_TMP/osc" | base64 -d >"$E2E_TMP/decoded" 2>/dev/null
check "pty: the base64 decodes to segment 2's quote" cmp -s "$E2E_TMP/decoded" "$E2E_TMP/want2"

# A terminal without the Ms capability gets no OSC at all, and a note.
PTYREC_TERM=linux env -u DUET -u NO_COLOR "$PTYREC" -o "$E2E_TMP/rec-linux" 100 30 y -- "$DUET" --no-resume "$TEXT" >/dev/null 2>&1
check "TERM=linux: no OSC written" eval '! LC_ALL=C grep -aq $'"'"'\e\]'"'"' "$E2E_TMP/rec-linux"'
check "TERM=linux: the status line says nothing was copied" grep -aq "nothing copied" "$E2E_TMP/rec-linux"

e2e_done
