#!/usr/bin/env bash
# The command line from outside: exit codes and one-line messages for files
# that cannot be used and for bad usage, --help and --version, the exports
# (valid JSON that round-trips hostile text, TSV and Markdown escaping),
# --check's line accounting, $DUET, standard input, and quiet SIGPIPE.
#
# Run by tests/run from the repository root with $DUET_BIN = the binary. duet
# itself reads $DUET as default options, so the binary's path is moved out
# of the way before anything runs.
set -u
BIN=${DUET_BIN:?DUET_BIN must name the duet binary}
unset DUET
# The bundled sample and its answer key: what the exports and --check must
# say comes from the key and the file's own lines, never from duet.
TEXT=samples/sectioned-interview.txt
KEY=tests/corpus/sectioned-interview.key.json
# key_line JQ N: the first N characters of the line of the text that the
# key's JQ path names.
key_line() {
    LC_ALL=C.UTF-8 bash -c 'printf %s "${1:0:$2}"' _ "$(sed -n "$(jq -r "$1" "$KEY")p" "$TEXT")" "$2"
}
ZH1=$(key_line '.segments_zh_lines_to_en_lines[0][0][0]' 6)
EN1=$(key_line '.segments_zh_lines_to_en_lines[0][1][0]' 14)
FOOTER=$(jq -r '.notes[] | select(.kind == "footer") | .first_chars' "$KEY" | head -n 1)
FOOTER=${FOOTER:0:6}
LABEL=$(jq -r '.speakers[-1].labels[0]' "$KEY")
[ -n "$ZH1" ] && [ -n "$EN1" ] && [ -n "$FOOTER" ] && [ -n "$LABEL" ] ||
    { echo "cli: $KEY does not name the sample's lines" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    local what=$1; shift
    if "$@"; then ok; else bad "$what"; fi
}

# run ARGS...: runs duet, leaving $TMP/out, $TMP/err and $code.
run() {
    "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    code=$?
}

# expect_error CODE PATTERN DESCRIPTION: the last run exited CODE with
# exactly one line on stderr that matches PATTERN and starts "duet: ",
# and printed nothing on stdout.
expect_error() {
    local want=$1 pattern=$2 what=$3
    if [ "$code" -ne "$want" ]; then bad "$what: exit $code, want $want ($(head -c 200 "$TMP/err"))"; return; fi
    if [ "$(wc -l <"$TMP/err")" -ne 1 ]; then bad "$what: stderr is not one line: $(cat "$TMP/err")"; return; fi
    if ! grep -q '^duet: ' "$TMP/err"; then bad "$what: message does not start 'duet: '"; return; fi
    if ! grep -qE -- "$pattern" "$TMP/err"; then bad "$what: message '$(cat "$TMP/err")' lacks /$pattern/"; return; fi
    if [ -s "$TMP/out" ]; then bad "$what: wrote to stdout"; return; fi
    if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$TMP/err"; then bad "$what: control bytes on stderr"; return; fi
    ok
}

# ---- files that cannot be used: exit 1, one line naming the file ------------
run "$TMP/no-such-file.txt"
expect_error 1 "^duet: $TMP/no-such-file.txt: no such file" "missing file"

mkdir "$TMP/adir"
run "$TMP/adir"
expect_error 1 "^duet: $TMP/adir: is a directory" "directory"

: >"$TMP/empty.txt"
run "$TMP/empty.txt"
expect_error 1 "^duet: $TMP/empty.txt: .*empty" "empty file"

printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\001\0\0\0\001\010\006\0\0\0\037\025\304\211\0\0\0\rIDATx\234c\0\001\0\0\005\0\001\r\n-\264\0\0\0\0IEND\256B`\202' >"$TMP/pixel.png"
run "$TMP/pixel.png"
expect_error 1 "^duet: $TMP/pixel.png: .*binary" "PNG file"

run /bin/true
expect_error 1 "^duet: /bin/true: .*binary" "executable"

printf '12345\n-----\n67890\n' >"$TMP/numbers.txt"
run "$TMP/numbers.txt"
expect_error 1 "^duet: $TMP/numbers.txt: " "no transcript in a file of numbers"

# A file name that tries to drive the terminal is not echoed raw.
run "$TMP/evil"$'\e]0;pwned\a'.txt
expect_error 1 "no such file" "hostile file name"

# Standard input: empty.
"$BIN" </dev/null >"$TMP/out" 2>"$TMP/err"; code=$?
expect_error 1 "^duet: standard input: .*empty" "empty standard input"

# ---- bad usage: exit 2, one line ----------------------------------------------
run --frobnicate "$TEXT";        expect_error 2 "unknown option '--frobnicate'" "unknown option"
run -x "$TEXT";                  expect_error 2 "unknown option '-x'" "unknown short option"
run --width abc "$TEXT";         expect_error 2 "'abc' is not a width" "bad --width"
run --width=5 "$TEXT";           expect_error 2 "is not a width" "too small --width"
run --width;                     expect_error 2 "needs a value" "--width without a value"
run --export xml "$TEXT";        expect_error 2 "unknown export format" "bad --export"
run --layout=wide "$TEXT";       expect_error 2 "unknown layout" "bad --layout"
run --format=docx "$TEXT";       expect_error 2 "unknown format" "bad --format"
run --no "$TEXT";                expect_error 2 "ambiguous" "ambiguous prefix"
run a b c;                       expect_error 2 "too many files" "three files"
DUET='--bogus' "$BIN" "$TEXT" >"$TMP/out" 2>"$TMP/err" </dev/null; code=$?
expect_error 2 '\$DUET: unknown option' "bad option in \$DUET"
DUET="--search 'unterminated" "$BIN" "$TEXT" >"$TMP/out" 2>"$TMP/err" </dev/null; code=$?
expect_error 2 'unterminated quote' "unterminated quote in \$DUET"

# ---- --help and --version --------------------------------------------------------
run --help
check "--help exits 0" [ "$code" -eq 0 ]
check "--help fits 80 columns" awk 'length($0) > 80 { exit 1 }' "$TMP/out"
for opt in --dump --width --export --check --format --layout --speaker --search --segment \
           --ambiguous-wide --ambiguous-narrow --no-color --no-mouse --no-resume --profile \
           --help --version DUET; do
    check "--help lists $opt" grep -q -- "$opt" "$TMP/out"
done
run -V
check "-V exits 0" [ "$code" -eq 0 ]
check "--version names duet" grep -qE '^duet [0-9]+\.[0-9]+' "$TMP/out"
check "--version names ncurses" grep -qE 'ncurses [0-9]+\.[0-9]+' "$TMP/out"
check "--version names utf8proc" grep -qE 'utf8proc [0-9]+\.[0-9]+' "$TMP/out"
check "--version names libunistring" grep -qE 'libunistring [0-9]+\.[0-9]+' "$TMP/out"

# ---- --export json on the sample -----------------------------------------------------
run --export json "$TEXT"
check "json: exit 0" [ "$code" -eq 0 ]
check "json: valid" jq -e . "$TMP/out" >/dev/null
cp "$TMP/out" "$TMP/text.json"
want_segments=$(jq '.segments_zh_lines_to_en_lines | length' "$KEY")
check "json: $want_segments segments, as the answer key" \
    [ "$(jq '.segments | length' "$TMP/text.json")" = "$want_segments" ]
check "json: segment indexes 1..n" \
    [ "$(jq -c '[.segments[].index]' "$TMP/text.json")" = "$(jq -c '[range(1; (.segments | length) + 1)]' "$TMP/text.json")" ]
check "json: languages" [ "$(jq -c .languages "$TMP/text.json")" = '["zh","en"]' ]
check "json: every segment has zh and en lines and text" \
    jq -e 'all(.segments[]; (.zh.lines | type) == "array" and (.en.text | type) == "string" and (.bead | test("^[0-9]+-[0-9]+$")))' "$TMP/text.json" >/dev/null
# The answer key: segments (line numbers per side) and speakers with their labels.
check "json: segments equal the answer key's" [ "$(jq -c '[.segments[] | [.zh.lines, .en.lines]]' "$TMP/text.json")" = \
    "$(jq -c '.segments_zh_lines_to_en_lines' "$KEY")" ]
check "json: speakers and label variants equal the answer key's" \
    [ "$(jq -c '[.speakers[] | {name, labels: (.labels | sort)}] | sort' "$TMP/text.json")" = \
      "$(jq -c '[.speakers[] | {name, labels: (.labels | sort)}] | sort' "$KEY")" ]
# The notes' lines per kind, against the answer key.
for kind in intro marker noise footer; do
    # (the key names each note by its first characters: their lines in the text)
    want=$(jq -r --arg k "$kind" '.notes[] | select(.kind == $k) | .first_chars' "$KEY" |
        while IFS= read -r first; do grep -nF -m 1 -- "$first" "$TEXT" | cut -d: -f1; done |
        jq -sc 'sort')
    got=$(jq -c --arg k "$kind" '[.notes[] | select(.kind == $k) | .lines[]] | sort' "$TMP/text.json")
    check "json: $kind notes on lines $want (got $got)" [ "$want" = "$got" ]
done
# Locale does not change the JSON (no decimal comma, same bytes).
LC_ALL=C LANG=C "$BIN" --export json "$TEXT" >"$TMP/c.json" 2>/dev/null </dev/null
check "json: same under LC_ALL=C" cmp -s "$TMP/c.json" "$TMP/text.json"
comma=$(locale -a 2>/dev/null | grep -iE '^(de_DE|fr_FR)\.utf-?8$' | head -1)
if [ -n "$comma" ]; then
    LC_ALL=$comma "$BIN" --export json "$TEXT" >"$TMP/de.json" 2>/dev/null </dev/null
    check "json: same under $comma" cmp -s "$TMP/de.json" "$TMP/text.json"
fi

# ---- hostile text: quotes, backslashes, ESC, tabs, invalid bytes ----------------------
{
    printf '主持人：\n'
    printf '你好，"世界" \\ 反斜杠 \033[31m红色\t制表 坏\377字节。\n'
    printf '嘉宾：\n'
    printf '谢谢你的问题，我来回答。\n'
    printf 'Host:\n'
    printf 'Hello, "world" \\ backslash \033[31mred\ttab bad\377byte.\n'
    printf 'Guest:\n'
    printf 'Thank you for the question, let me answer.\n'
} >"$TMP/hostile.txt"
run --export json "$TMP/hostile.txt"
check "hostile json: exit 0 ($(cat "$TMP/err"))" [ "$code" -eq 0 ]
check "hostile json: valid" jq -e . "$TMP/out" >/dev/null
check "hostile json: no raw ESC or tab" bash -c "! LC_ALL=C grep -q \$'[\\x01-\\x1f\\x7f]' '$TMP/out'"
en=$(jq -r '.segments[0].en.text' "$TMP/out")
want=$(printf 'Hello, "world" \\ backslash ^[[31mred\ttab bad\357\277\275byte.')
check "hostile json: English text round-trips (got: $en)" [ "$en" = "$want" ]
zh=$(jq -r '.segments[0].zh.text' "$TMP/out")
want=$(printf '你好，"世界" \\ 反斜杠 ^[[31m红色\t制表 坏\357\277\275字节。')
check "hostile json: Chinese text round-trips (got: $zh)" [ "$zh" = "$want" ]

run --export tsv "$TMP/hostile.txt"
check "tsv: exit 0" [ "$code" -eq 0 ]
check "tsv: header" [ "$(head -1 "$TMP/out")" = "$(printf 'speaker\tzh\ten\ttime\tconfidence\tflags')" ]
check "tsv: six fields on every line" awk -F'\t' 'NF != 6 { exit 1 }' "$TMP/out"
check "tsv: one line per segment plus the header" \
    [ "$(wc -l <"$TMP/out")" -eq "$(( $("$BIN" --export json "$TMP/hostile.txt" | jq '.segments | length') + 1 ))" ]
field=$(sed -n 2p "$TMP/out" | cut -f3)
want='Hello, "world" \\ backslash ^[[31mred\ttab bad'$'\357\277\275''byte.'
check "tsv: tab and backslash escaped (got: $field)" [ "$field" = "$want" ]

# Cells a spreadsheet would run as formulas (OWASP's CSV injection): none
# starts with = + - @ (or a raw tab or CR), and the file reads back to the
# same TSV byte for byte.
printf '%s\n' '主持人：' '=HYPERLINK("http://x","点击")是个公式吗？' '嘉宾：' '-是的，@所有人。' \
    'Host:' '+1+cmd|'"'"' /C calc'"'"'!A0 is not a sum.' 'Guest:' '@everyone, -5 degrees.' >"$TMP/formula.txt"
run --export tsv "$TMP/formula.txt"
cp "$TMP/out" "$TMP/formula.tsv"
check "tsv: no cell starts a formula" awk -F'\t' '{ for (i = 1; i <= NF; i++) if ($i ~ /^[-=+@\r]/) exit 1 }' "$TMP/formula.tsv"
check "tsv: the formula-like text is kept, guarded" grep -qF '\=HYPERLINK("http://x","点击")' "$TMP/formula.tsv"
run --format=tsv --export tsv "$TMP/formula.tsv"
check "tsv: guarded cells read back byte for byte" cmp -s "$TMP/out" "$TMP/formula.tsv"
run --format=tsv --export json "$TMP/formula.tsv"
check "tsv: read back, the text starts with = again" \
    eval '[ "$(jq -r ".segments[0].zh.text" "$TMP/out")" = "=HYPERLINK(\"http://x\",\"点击\")是个公式吗？" ]'

run --export md "$TMP/hostile.txt"
check "md: exit 0" [ "$code" -eq 0 ]
check "md: no raw ESC" bash -c "! LC_ALL=C grep -q \$'\\x1b' '$TMP/out'"
check "md: title" grep -qx '# hostile.txt' "$TMP/out"
check "md: backslash escaped" grep -qF 'Hello, "world" \\ backslash' "$TMP/out"

run --dump --width 60 "$TMP/hostile.txt"
check "hostile dump: exit 0" [ "$code" -eq 0 ]
check "hostile dump: no raw ESC" bash -c "! LC_ALL=C grep -q \$'\\x1b' '$TMP/out'"
check "hostile dump: ESC shown as ^[" grep -qF '^[[31m' "$TMP/out"

run --export md "$TEXT"
check "md sample: one heading per segment" \
    [ "$(grep -c '^## [0-9]*\.' "$TMP/out")" = "$(jq '.segments | length' "$TMP/text.json")" ]
check "md sample: Chinese and English quoted" eval 'grep -qF "> $ZH1" "$TMP/out" && grep -qF "> $EN1" "$TMP/out"'
check "md sample: footer note kept (named by its reason, a credit)" grep -q '^> \*Credit, line' "$TMP/out"

# ---- --check -------------------------------------------------------------------------
run --check "$TEXT"
check "check sample: exit 0 ($(cat "$TMP/err"))" [ "$code" -eq 0 ]
nonblank=$(grep -cv '^[[:space:]]*$' "$TEXT")
total=$(grep -c "" "$TEXT")
check "check sample: all $total lines counted" grep -q "sectioned-interview.txt: $total ($nonblank non-blank" "$TMP/out"
check "check sample: none unaccounted" grep -qE "unaccounted 0 = $nonblank\$" "$TMP/out"
check "check sample: accounted exactly once" grep -q 'every non-blank line accounted for exactly once' "$TMP/out"
check "check sample: layout and evidence" grep -qE '^layout: .+' "$TMP/out"
check "check sample: speakers and labels" grep -qF "\"$LABEL\"" "$TMP/out"
check "check sample: bead shapes" grep -qE '^ +[0-9]+  [0-9]+-[0-9]+ ' "$TMP/out"
check "check sample: says transcript" grep -q '^result: a transcript' "$TMP/out"

# ---- $DUET and precedence ----------------------------------------------------------------
DUET='--export json' "$BIN" "$TEXT" >"$TMP/out" 2>"$TMP/err" </dev/null
check "\$DUET --export json applies" cmp -s "$TMP/out" "$TMP/text.json"
DUET='--export json' "$BIN" --check "$TEXT" >"$TMP/out" 2>"$TMP/err" </dev/null
check "command line --check beats \$DUET" grep -q '^result: ' "$TMP/out"
DUET="--export 'json'" "$BIN" --export=tsv "$TEXT" >"$TMP/out" 2>"$TMP/err" </dev/null
check "command line --export=tsv beats \$DUET" [ "$(head -1 "$TMP/out")" = "$(printf 'speaker\tzh\ten\ttime\tconfidence\tflags')" ]

# ---- standard input ---------------------------------------------------------------------
"$BIN" --export json - <"$TEXT" >"$TMP/out" 2>"$TMP/err"
check "- reads standard input" [ "$(jq -c '[.segments[] | [.zh.lines, .en.lines]]' "$TMP/out")" = \
    "$(jq -c '[.segments[] | [.zh.lines, .en.lines]]' "$TMP/text.json")" ]
cat "$TEXT" | "$BIN" --export json >"$TMP/out" 2>"$TMP/err"
check "a pipe with no FILE is read" jq -e '.segments | length > 0' "$TMP/out" >/dev/null

# ---- --dump, and the default when standard output is not a terminal ------------------
run --dump --width 100 "$TEXT"
check "dump: exit 0" [ "$code" -eq 0 ]
cp "$TMP/out" "$TMP/dump100"
run --width 100 "$TEXT"
check "stdout not a terminal: the dump" cmp -s "$TMP/out" "$TMP/dump100"
COLUMNS=100 "$BIN" "$TEXT" >"$TMP/out" 2>/dev/null </dev/null
check "dump: \$COLUMNS is the default width" cmp -s "$TMP/out" "$TMP/dump100"
for w in 20 37 80 100 161; do
    "$BIN" --dump --width "$w" "$TEXT" >"$TMP/out" 2>/dev/null </dev/null
    widest=$(LC_ALL=C.UTF-8 wc -L <"$TMP/out")
    check "dump at width $w: no line wider (widest $widest)" [ "$widest" -le "$w" ]
done
# Side by side: each segment opens with its speaker's name in both columns on
# one line (a header row); the rows of such headers are as many as segments.
headers=$(awk -F' │ ' 'NF == 2 { l = $1; sub(/ +$/, "", l); if (l != "" && l == $2) n++ } END { print n + 0 }' "$TMP/dump100")
check "dump: $headers header rows, one per segment" \
    [ "$headers" = "$(jq '.segments | length' "$TMP/text.json")" ]
divider_columns=$(awk '{ i = index($0, "│"); if (i) print substr($0, 1, i - 1) "|" }' "$TMP/dump100" |
    sort -u | while IFS= read -r left; do printf '%s\n' "$left" | LC_ALL=C.UTF-8 wc -L; done | sort -u | wc -l)
check "dump: the divider is in one column on every row" [ "$divider_columns" -eq 1 ]
check "dump: every row has the divider" [ "$(grep -vc '│' "$TMP/dump100")" -eq 0 ]
check "dump: the footer note is kept" grep -qF "$FOOTER" "$TMP/dump100"
run --dump --width 60 --layout stack "$TEXT"
check "dump --layout stack: no divider" [ "$(grep -c '│' "$TMP/out")" -eq 0 ]
check "dump --layout stack: both languages" eval 'grep -qF "$ZH1" "$TMP/out" && grep -qF "$EN1" "$TMP/out"'
run --dump --layout en "$TEXT"
check "dump --layout en: no Chinese turns" eval '! grep -qF "$ZH1" "$TMP/out" && grep -qF "$EN1" "$TMP/out"'
"$BIN" --dump "$TEXT" 2>"$TMP/err" </dev/null | head -1 >/dev/null
check "dump | head -1: nothing on stderr" [ ! -s "$TMP/err" ]

# ---- --speaker: a whole name or any unambiguous part of one -----------------------------------
# Our own interview: a host and two guests who share a family name.
cat >"$TMP/lins.txt" <<'EOF'
主持人：
欢迎两位。今天聊聊茶。
林晓雯：
谢谢邀请。我喜欢绿茶。
林小明：
我也谢谢。我喝红茶。
主持人：
你们什么时候喝茶？
Host:
Welcome, both of you. Today we talk about tea.
Lin Xiaowen:
Thanks for having me. I like green tea.
Lin Xiaoming:
Thank you too. I drink black tea.
Host:
When do you drink tea?
EOF
# speaks NAME ARGS...: --dump with ARGS shows NAME's turns and nobody else's
# (every header row names NAME).
speaks() {
    local name=$1; shift
    run --dump --width 80 "$@" "$TMP/lins.txt"
    [ "$code" -eq 0 ] && grep -qF -- "$name" "$TMP/out" &&
        [ "$(grep -c ' / ' "$TMP/out")" -eq "$(grep -cF -- "$name" "$TMP/out")" ]
}
check "--speaker host (a half, any case) shows the host only" speaks "主持人 / Host" --speaker host
check "--speaker 晓雯 (a part in Chinese) shows 林晓雯" speaks "林晓雯 / Lin Xiaowen" --speaker 晓雯
check "--speaker xiaom (a part in English) shows 林小明" speaks "林小明 / Lin Xiaoming" --speaker xiaom
check "--speaker 'lin xiaowen' (the whole English half) shows 林晓雯" \
    speaks "林晓雯 / Lin Xiaowen" --speaker 'lin xiaowen'
run --dump --speaker Lin "$TMP/lins.txt"
expect_error 2 "^duet: --speaker Lin: matches more than one speaker: 林晓雯 / Lin Xiaowen, 林小明 / Lin Xiaoming$" \
    "--speaker Lin: ambiguous, the two names listed"
run --dump --speaker 林 "$TMP/lins.txt"
expect_error 2 "^duet: --speaker 林: matches more than one speaker: 林晓雯 / Lin Xiaowen, 林小明 / Lin Xiaoming$" \
    "--speaker 林: ambiguous in Chinese too"
run --dump --speaker Wang "$TMP/lins.txt"
expect_error 2 "no such speaker; the speakers are: 主持人 / Host, 林晓雯 / Lin Xiaowen, 林小明 / Lin Xiaoming$" \
    "--speaker Wang: nobody, the speakers listed"
run --check --speaker Lin "$TMP/lins.txt"
expect_error 2 "matches more than one speaker" "--check with an ambiguous --speaker: usage error too"

# ---- words mean one thing: Chinese in characters, English in words ---------------------------
# 谢谢邀请。我喜欢绿茶。 is 11 characters; "Thanks for having me. I like green tea." 8 words.
run --check "$TMP/lins.txt"
check "--check: 林晓雯 speaks 11 characters and 8 words, counted apart" \
    grep -qE '^  林晓雯 / Lin Xiaowen +1 segment in 1 turn, 11 characters, 8 words; labels:' "$TMP/out"
run --export json "$TMP/lins.txt"
check "json: the same counts, as chars and words" \
    [ "$(jq -c '.speakers[1] | [.chars, .words]' "$TMP/out")" = "[11,8]" ]

# ---- SIGPIPE: a closed pipe ends duet quietly -----------------------------------------------
{
    for i in $(seq 1 400); do
        printf '主持人：\n第%d个问题是什么？请你详细地说一说。\n嘉宾：\n这是第%d个回答，内容相当长，足够填满管道。\n' "$i" "$i"
    done
    for i in $(seq 1 400); do
        printf 'Host:\nWhat is question number %d? Please tell us in detail.\nGuest:\nThis is answer number %d, long enough to fill the pipe.\n' "$i" "$i"
    done
} >"$TMP/long.txt"
"$BIN" --export json "$TMP/long.txt" 2>"$TMP/err" | head -c 10 >/dev/null
check "SIGPIPE: nothing on stderr ($(cat "$TMP/err"))" [ ! -s "$TMP/err" ]

echo "cli: $((passed + failed)) checks, $passed passed, $failed failed"
[ "$failed" -eq 0 ]
