#!/usr/bin/env bash
# The bash completion (completion/duet): every option --help lists, the
# values of --format (every name --help lists), --layout and --export, in
# both spellings (--opt=value, --opt value, and as bash splits at '='),
# speaker names from the transcript on the line, and file names.
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
    bash --norc --noprofile -c '
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

check "--speaker offers the transcript's speakers ($FIRST)" offers "$FIRST" "$TEXT" --speaker ""
check "--speaker= offers $LAST" offers "$LAST" "--speaker=" "$TEXT" "--speaker="
check "--speaker without a file offers nothing" [ -z "$(complete_words --speaker "")" ]

mkdir "$TMP/d" && touch "$TMP/d/talk.txt" "$TMP/d/talk.en.txt" "$TMP/d/other.srt"
check "file names: talk.*" eval '[ "$(cd "$TMP/d" && complete_words ta | sort | paste -sd" ")" = "talk.en.txt talk.txt" ]'
check "file names after options" eval '(cd "$TMP/d" && offers other.srt --layout=side o)'

echo "test_completion: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
