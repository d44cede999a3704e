#!/usr/bin/env bash
# The bash completion (completion/duet): every option --help lists, the
# values of --format (every name --help lists), --layout and --export, in
# both spellings (--opt=value, --opt value, and as bash splits at '='),
# speaker names from the transcript on the line (never evaluated: a name
# that is shell code runs nothing, neither while completing nor once
# completed; a name of several words is one argument; any part of a name
# finds it), and file names.
set -u
BIN=${DUET_BIN:?DUET_BIN must name the duet binary}
unset DUET
ROOT=$PWD
# The bundled sample; its speakers' names come from its answer key.
TEXT=$ROOT/samples/sectioned-interview.txt
KEY=$ROOT/tests/corpus/sectioned-interview.key.json
FIRST=$(jq -r '.speakers[0].name' "$KEY") LAST=$(jq -r '.speakers[-1].name' "$KEY")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
check() {
    local what=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok - $what"; else failed=$((failed + 1)); echo "not ok - $what"; fi
}

# complete WORD...: the candidates bash would offer after the words (the
# last one is being typed), one a line. COMP_WORDS[0] is the binary.
complete_words() {
    LC_ALL=C.UTF-8 bash --norc --noprofile -c '
        . "$1/completion/duet"
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*" COMP_POINT=${#COMP_LINE}
        _duet
        printf "%s\n" "${COMPREPLY[@]}"' bash "$ROOT" "$BIN" "$@"
}
offers() { # offers WANT WORD...: WANT is among the candidates
    local want=$1; shift
    complete_words "$@" | grep -qxF -- "$want"
}

"$BIN" --help >"$TMP/help"
for opt in $(grep -oE -- '--[a-z][a-z-]+' "$TMP/help" | sort -u); do
    case $opt in --help | --version | --dump | --check | --ambiguous-* | --no-* | --profile) want=$opt ;; *) want=$opt= ;; esac
    check "--help's $opt is completed (as $want)" offers "$want" "${opt:0:4}"
done
check "-h and -V are offered" eval 'offers -h - && offers -V -'
check "--fo completes to --format= alone" [ "$(complete_words --fo)" = "--format=" ]

# The names --format takes, as --help lists them (the lines after the
# option's own, up to the blank line).
formats=$(sed -n '/--format=NAME/,/^$/p' "$TMP/help" | tail -n +2 | tr -d ',' | tr -s ' ' '\n' | grep -v '^$')
check "--help lists format names (found: $(echo $formats))" [ "$(echo "$formats" | wc -l)" -ge 7 ]
for f in auto sectioned interleaved inline srt vtt tsv; do # the brief's
    check "--format=$f" offers "$f" "--format=${f:0:1}"
    check "--format $f" offers "$f" --format "${f:0:1}"
    check "--format = $f (split at =)" offers "$f" --format = "${f:0:1}"
done
for f in $formats; do
    check "--help's format name $f is completed" offers "$f" "--format="
done
for l in side stack zh en; do check "--layout=$l" offers "$l" --layout=; done
for e in json tsv md; do check "--export $e" offers "$e" --export ""; done
check "--layout= offers nothing else" [ "$(complete_words --layout= | wc -l)" -eq 4 ]
check "--encoding= offers GB18030" offers GB18030 --encoding=
check "--encoding offers BIG5 and completes no file name" \
    eval 'offers BIG5 --encoding "" && ! complete_words --encoding "" | grep -q /'


# (a name of several words is offered quoted, as one word)
check "--speaker offers the transcript's speakers ($FIRST)" offers "$(printf %q "$FIRST")" "$TEXT" --speaker ""
check "--speaker= offers $LAST" offers "$(printf %q "$LAST")" "--speaker=" "$TEXT" "--speaker="
check "--speaker without a file offers nothing" [ -z "$(complete_words --speaker "")" ]

# Speaker names are data from a file anyone may have written: shell code in
# them must run neither while completing nor when the completed command
# line runs. Each candidate, read back by the shell, is exactly one word:
# the name.
EVIL=$TMP/evil.tsv
PWN=$TMP/pwned
{
    printf 'speaker\tzh\ten\n'
    printf '$(touch %s-dollar)\t你好。\tHello.\n' "$PWN"
    printf '`touch %s-tick`\t再见。\tBye.\n' "$PWN"
    printf '$(touch${IFS}%s-ifs)\t好的。\tFine.\n' "$PWN"
    printf 'Li Wei\t是的。\tYes.\n'
    printf '主持人 / Host\t好。\tGood.\n'
    printf '%s\t对。\tRight.\n' "O'Brien \"Bo\" "'\\ *;'   # \\ is one backslash
    printf '=HYPERLINK(1)\t行。\tOK.\n'
    printf -- '-x\t嗯。\tHm.\n'
} >"$EVIL"
evil_names=('$(touch '"$PWN"'-dollar)' '`touch '"$PWN"'-tick`' '$(touch${IFS}'"$PWN"'-ifs)'
            'Li Wei' '主持人 / Host' "O'Brien \"Bo\" \\ *;" '=HYPERLINK(1)' '-x')
pwned() { ls "$TMP" | grep -q '^pwned'; }
# as_words REPLY: the words the shell makes of a completed argument.
as_words() { (cd "$TMP" && eval "printf '%s\n' $1" 2>/dev/null); }
check "the hostile TSV reads (duet --export=tsv)" eval '[ "$("$BIN" --export=tsv "$EVIL" | wc -l)" -eq 9 ]'
for cur in "" '$' '`' t '$(' ';' "'" '"'; do
    complete_words "$EVIL" --speaker "$cur" >/dev/null
    complete_words "--speaker=$cur" "$EVIL" "--speaker=$cur" >/dev/null
done
check "completing speakers from a hostile TSV runs nothing" eval '! pwned'
mapfile -t got < <(complete_words "$EVIL" --speaker "")
check "--speaker offers every name of the hostile TSV (${#got[@]} of ${#evil_names[@]})" [ "${#got[@]}" -eq "${#evil_names[@]}" ]
for name in "${evil_names[@]}"; do
    found=0
    for reply in "${got[@]}"; do
        [ "$(as_words "$reply")" = "$name" ] && found=1
    done
    check "offered as one argument that is the name: ${name//$'\t'/\\t}" [ "$found" -eq 1 ]
done
check "running the completed command lines runs nothing" eval '! pwned'
check "a multi-word name is one quoted argument (wei: Li\\ Wei)" \
    [ "$(complete_words "$EVIL" --speaker wei)" = 'Li\ Wei' ]
check "any part of a name finds it, ignoring case (HOST)" \
    [ "$(complete_words "$EVIL" --speaker HOST)" = '主持人\ /\ Host' ]
check "the other language's part finds it too (主持)" \
    [ "$(complete_words "$EVIL" --speaker 主持)" = '主持人\ /\ Host' ]
check "--speaker= finds a part too (brie)" \
    eval '[ "$(as_words "$(complete_words "--speaker=" "$EVIL" "--speaker=brie")")" = "${evil_names[5]}" ]'
check "after an opening double quote: the name for inside the quotes" \
    [ "$(complete_words "$EVIL" --speaker '"li w')" = 'Li Wei' ]
check "after an opening double quote, \$ and \` stay inert" \
    eval '[ "$(complete_words "$EVIL" --speaker "\"tick")" = "\\\`touch $PWN-tick\\\`" ]'
check "a typed backslash-escaped space matches (Li\\ W)" \
    [ "$(complete_words "$EVIL" --speaker 'Li\ W')" = 'Li\ Wei' ]
check "still nothing ran" eval '! pwned'

mkdir "$TMP/d" && touch "$TMP/d/talk.txt" "$TMP/d/talk.en.txt" "$TMP/d/other.srt"
check "file names: talk.*" eval '[ "$(cd "$TMP/d" && complete_words ta | sort | paste -sd" ")" = "talk.en.txt talk.txt" ]'
check "file names after options" eval '(cd "$TMP/d" && offers other.srt --layout=side o)'

echo "test_completion: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
