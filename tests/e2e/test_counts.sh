#!/usr/bin/env bash
# Words mean one thing: the speaker panel, --check and --export json count
# each speaker's Chinese in characters and English in words, the same
# numbers everywhere (none adds the two together). On the bundled sample.
. "$(dirname "$0")/lib.sh"

SAMPLE=$ROOT/samples/sectioned-interview.txt
"$DUET" --check "$SAMPLE" >"$E2E_TMP/check"
"$DUET" --export json "$SAMPLE" >"$E2E_TMP/json"
# name<TAB>turns<TAB>characters<TAB>words, per speaker, from --check
sed -n 's/^  \(.*[^ ]\)  *[0-9]* segments\{0,1\} in \([0-9]*\) turns\{0,1\}, \([0-9]*\) characters\{0,1\}, \([0-9]*\) words\{0,1\}; labels:.*/\1\t\2\t\3\t\4/p' \
    "$E2E_TMP/check" >"$E2E_TMP/counts"
n=$(jq '.speakers | length' "$E2E_TMP/json")
check "--check gives turns, characters and words for each of the $n speakers" \
    [ "$(wc -l <"$E2E_TMP/counts")" -eq "$n" ]
check "--export json gives the same characters and words as --check" \
    [ "$(jq -r '.speakers[] | "\(.name)\t\(.turns)\t\(.chars)\t\(.words)"' "$E2E_TMP/json")" = "$(cat "$E2E_TMP/counts")" ]

start_duet 100 20 "$SAMPLE"
keys s
check "s opens the panel, its columns turns, chars, words" \
    wait_until eval 'capture | grep -qE "turns +chars +words"'
while IFS=$'\t' read -r who turns chars words; do
    check "the panel counts $who as --check does: $turns, $chars, $words" \
        eval 'capture | grep -F -- "$who" | grep -qE " $turns +$chars +$words *\$"'
done <"$E2E_TMP/counts"
keys Escape q
check "q quits" wait_until duet_exited
e2e_done
