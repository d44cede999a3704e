#!/usr/bin/env bash
# Golden screens (as tig and vis keep them): the screen after given keys,
# compared with a saved capture in tests/e2e/golden/NAME.txt, with CJK,
# emoji, combining marks and ambiguous punctuation in them. After a change
# that is meant to alter what the screen shows, look at the diff, then
# rewrite the references with: UPDATE_GOLDEN=1 bash tests/e2e/test_golden.sh
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

HARD=tests/e2e/hard-sectioned.txt # relative: the status line shows it as given
GOLDEN=$E2E_DIR/golden

# golden NAME W H "KEYS" ARGS...: keys are tmux key names, space-separated.
golden() {
    local name=$1 w=$2 h=$3 k=$4
    shift 4
    start_duet "$w" "$h" "$@"
    local last=""
    if [ -n "$k" ]; then
        # shellcheck disable=SC2086
        keys $k
    fi
    # The screen has settled when two captures in a row agree.
    wait_until eval 'cur=$(capture); [ "$cur" = "$last" ] && [ -n "$cur" ] || { last=$cur; false; }'
    capture >"$E2E_TMP/$name"
    keys Escape q # Esc closes the help, when it is open
    wait_for DUET-EXIT=0 || not_ok "$name: q quits"
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$E2E_TMP/$name" "$GOLDEN/$name.txt"
        ok "$name: reference written"
    elif diff -u "$GOLDEN/$name.txt" "$E2E_TMP/$name" >"$E2E_TMP/$name.diff"; then
        ok "$name: the screen matches golden/$name.txt"
    else
        not_ok "$name: the screen differs from golden/$name.txt" "$(cat "$E2E_TMP/$name.diff")"
    fi
}

golden hard-side-80x20 80 20 "" --layout side "$HARD"
golden hard-side-swapped-50x16 50 16 "w J" "$HARD"
golden hard-stack-40x24 40 24 "" "$HARD"
golden hard-end-zh-30x12 30 12 "G" --layout zh "$HARD"
golden hard-wide-60x16 60 16 "" --layout side --ambiguous-wide "$HARD"
golden help-80x24 80 24 "h"  "$HARD"

e2e_done
