#!/usr/bin/env bash
# Odd and huge inputs: each loads, or is refused with one clear line naming
# the file, within bounded time and memory, and when it loads the reader
# answers keys. Big inputs are generated here, into a temporary directory.
# (make check-slow adds bigger ones: tests/hostile/test_huge.sh.)
. "$(dirname "$0")/../e2e/lib.sh"

T=$E2E_TMP
# Under valgrind (make valgrind) the big inputs shrink: the point there is
# memory errors, not size.
if [ -n "${DUET_VALGRIND:-}" ]; then BIG_MB=2 LINES_N=20000 SPEAKERS_N=2000 MEM_SCALE=8
else BIG_MB=50 LINES_N=1000000 SPEAKERS_N=50000 MEM_SCALE=1; fi

# peak_mb: the reader's peak resident memory so far (VmHWM), in MB.
peak_mb() { awk '/^VmHWM/ { print int($2 / 1024) }' "/proc/$(duet_pid)/status"; }

# The big inputs may take a few seconds on a loaded machine (and more under
# the sanitizers): the bound is generous, but a hang still fails.
E2E_TIMEOUT=$((E2E_TIMEOUT * 4))

# opens FILE WAIT_TEXT MAX_MB [ARGS]: the reader shows WAIT_TEXT, stays under
# MAX_MB, answers G (the status line says END) and quits on q.
opens() {
    local f=$1 want=$2 max=$3 what
    shift 3
    what=$(basename "$f")
    start_duet 80 24 "$@" "$f"
    check "$what: the first screen shows '$want'" wait_for "$want"
    keys G
    check "$what: G answers (the end is reached)" wait_until eval 'capture | tail -n 1 | grep -q END'
    keys g
    check "$what: g answers (the start is back)" wait_for "$want"
    local mb; mb=$(peak_mb)
    check "$what: peak memory ${mb} MB (at most $((max * MEM_SCALE)) MB)" [ "${mb:-99999}" -le $((max * MEM_SCALE)) ]
    keys q
    check "$what: q quits" wait_for DUET-EXIT=0
}

# refused FILE PATTERN [ARGS]: exit 1, one line 'duet: FILE…: …PATTERN', no
# output, within the e2e timeout.
refused() {
    local f=$1 pattern=$2 what code
    shift 2
    what=$(basename "$f")
    timeout "$E2E_TIMEOUT" "$DUET" "$@" "$f" >"$T/out" 2>"$T/err" </dev/null
    code=$?
    check "$what: refused with exit 1 (got $code)" [ "$code" -eq 1 ]
    check "$what: one line naming it: $(head -c 120 "$T/err")" \
        eval '[ "$(wc -l <"$T/err")" -eq 1 ] && grep -qF -- "duet: $f" "$T/err" && grep -qE -- "$pattern" "$T/err"'
    check "$what: nothing on standard output" [ ! -s "$T/out" ]
}

# accounted FILE: --check accounts for every non-blank line exactly once.
accounted() {
    "$DUET" --check "$1" >"$T/check" 2>&1 </dev/null
    check "$(basename "$1"): --check accounts for every line" \
        grep -q 'every non-blank line accounted for exactly once' "$T/check"
}

# ---- invalid UTF-8 of every kind, NUL bytes, CR and CRLF, a BOM ------------------------------
# After an ordinary opening: the same bytes without it, two NULs among
# their first bytes, are refused as binary (below), like less's "may be a
# binary file"; a stray NUL further on is a flaw shown as ^@.
opening='这是一次访谈的记录，中英文对照发表，下面是主持人和嘉宾的对话内容。'
{
    printf '\xef\xbb\xbf%s%s%s%s\r\n\r\n' "$opening" "$opening" "$opening" "$opening"
    printf 'This interview was published in Chinese and English, side by side, for readers of both.\r\n\r\n'
    printf '主持人：\r\n'
    printf '续行 a\x80ok1 b\xbfok2 c\xc3ok3 d\xe4\xb8 ok4 e\xc0\xafok5 f\xe0\x80\xafok6\r\n'
    printf '更多 g\xf0\x80\x80\xafok7 h\xed\xa0\x80ok8 i\xed\xbf\xbfok9 j\xf4\x90\x80\x80ok10\r'
    printf '还有 k\xf5\x80\x80\x80ok11 l\xfe\xffok12 m\xf8\x88\x80\x80\x80ok13 空\0字节ok14。\n\n'
    printf '嘉宾：\n好的，谢谢。\n\n'
    printf 'Host:\nGo on a\x80ok1 and\0nul ok14 and \xed\xa0\x80 ok8.\n\nGuest:\nThank you.\xe4\xb8'
} >"$T/bad-utf8.txt"
accounted "$T/bad-utf8.txt"
tail -c +512 "$T/bad-utf8.txt" >"$T/bad-utf8-dense.txt"
refused "$T/bad-utf8-dense.txt" 'binary'
"$DUET" --dump --width=200 "$T/bad-utf8.txt" >"$T/dump" 2>&1 </dev/null
check "bad UTF-8: --dump is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$T/dump" -o /dev/null
check "bad UTF-8: shown as U+FFFD" grep -qF $'a\xef\xbf\xbdok1' "$T/dump"
for k in $(seq 1 13); do
    grep -qF "ok$k" "$T/dump" || not_ok "bad UTF-8: the text after bad sequence $k is kept"
done
ok "bad UTF-8: the text after each of 13 kinds of bad sequence is kept"
check "NUL bytes do not truncate: 空^@字节ok14" grep -qF '空^@字节ok14' "$T/dump"
check "NUL in English: and^@nul" grep -qF 'and^@nul' "$T/dump"
check "a BOM is skipped" eval '! grep -qF $'"'"'\xef\xbb\xbf'"'"' "$T/dump"'
check "CR and CRLF are line ends, not ^M" eval '! grep -qF "^M" "$T/dump"'
opens "$T/bad-utf8.txt" 'ok1' 200

# ---- a 50 MB single line -------------------------------------------------------------------------
yes '主持人：我们今天讨论人工智能的未来，以及它对每个人的影响。Host: We discuss the future of artificial intelligence today. ' |
    head -c $((BIG_MB * 1048576)) | tr -d '\n' >"$T/one-line-50mb.txt"
opens "$T/one-line-50mb.txt" '我们今天讨论' 800
start_duet 80 24 "$T/one-line-50mb.txt"
wait_for '我们今天讨论'
resize 50 24
check "50 MB line: a resize re-wraps it and the screen is whole" wait_until rows_ok 50
keys q
wait_for DUET-EXIT=0

# ---- 1,000,000 one-character lines ---------------------------------------------------------------
awk -v n="$LINES_N" 'BEGIN { for (i = 0; i < n; i++) print (i % 2 ? "中" : "a") }' >"$T/million-lines.txt"
opens "$T/million-lines.txt" '中' 1500
accounted "$T/million-lines.txt"

# ---- only labels; only one language ---------------------------------------------------------------
for i in $(seq 1 500); do printf 'Speaker%d:\n主持人%d：\n\n' $((i % 7)) $((i % 5)); done >"$T/only-labels.txt"
refused "$T/only-labels.txt" 'no transcript'
for i in $(seq 1 100); do
    printf 'Host:\nQuestion %d, asked only in English, with no translation at all.\n\n' "$i"
    printf 'Guest:\nAnswer %d, also given only in English.\n\n' "$i"
done >"$T/english-only.txt"
start_duet 80 24 "$T/english-only.txt"
check "one language: opens with a note saying so" wait_until eval 'capture | tail -n 1 | grep -q "only English"'
check "one language: in one pane (no divider)" eval '! capture | grep -qF "$DIV"'
check "one language: the text is there" screen_has 'Question 1, asked only in English'
keys q
wait_for DUET-EXIT=0

# ---- a character with 10,000 combining marks --------------------------------------------------------
{
    printf '主持人：\n你好'; printf 'e'; for _ in $(seq 1 10000); do printf '\xcc\x81'; done; printf '世界。\n\n'
    printf 'Host:\nHello '; printf 'a'; for _ in $(seq 1 10000); do printf '\xcc\x81'; done; printf ' world.\n'
} >"$T/combining-10000.txt"
opens "$T/combining-10000.txt" '世界' 200
start_duet 60 10 "$T/combining-10000.txt"
wait_for '世界'
check "10,000 combining marks: every row within 60 columns" rows_ok 60
keys q
wait_for DUET-EXIT=0

# ---- 100,000 speakers ---------------------------------------------------------------------------------
awk -v n="$SPEAKERS_N" 'BEGIN { for (i = 0; i < n; i++) printf "发言人%d：\n这是第%d个人说的话。\n\n", i, i
             for (i = 0; i < n; i++) printf "Speaker%d:\nThis is what person %d said.\n\n", i, i }' >"$T/speakers-100000.txt"
opens "$T/speakers-100000.txt" '发言人0' 1000
accounted "$T/speakers-100000.txt"

# ---- binary files ---------------------------------------------------------------------------------------
head -c 4096 /dev/urandom >"$T/random.bin"
refused "$T/random.bin" 'binary'
# UTF-16 without a byte-order mark: NULs nothing explains (with a mark it
# is text: tests/cli/test_encodings.sh)
printf 'H\0o\0s\0t\0:\0 \0h\0i\0\n\0' >"$T/utf16.txt"
refused "$T/utf16.txt" 'binary'
gzip -c "$TEXT" >"$T/text.txt.gz"
refused "$T/text.txt.gz" 'binary'
refused /bin/sh 'binary'

# ---- FIFOs, devices, standard input ------------------------------------------------------------------------
mkfifo "$T/transcript.fifo"
cat "$TEXT" >"$T/transcript.fifo" &
writer=$!
opens "$T/transcript.fifo" '主持人' 200
wait "$writer"
mkfifo "$T/zeros.fifo"
(cat /dev/zero >"$T/zeros.fifo" 2>/dev/null &)
refused "$T/zeros.fifo" 'binary'
refused /dev/zero 'not a regular file'
refused /dev/null 'not a regular file'
timeout "$E2E_TIMEOUT" "$DUET" - </dev/zero >"$T/out" 2>"$T/err"
check "/dev/zero on standard input: refused at once as binary ($(cat "$T/err"))" \
    eval '[ $? -ne 124 ] && grep -q "standard input: .*binary" "$T/err"'

# ---- a hostile resume state file (duet reads $XDG_STATE_HOME/duet/positions) -------------
for kind in fifo dev-zero junk directory; do
    st=$T/state-$kind
    mkdir -p "$st/duet"
    case $kind in
    fifo) mkfifo "$st/duet/positions" ;;
    dev-zero) ln -s /dev/zero "$st/duet/positions" ;;
    junk) head -c 2000000 /dev/urandom >"$st/duet/positions" ;;
    directory) mkdir "$st/duet/positions" ;;
    esac
    XDG_STATE_HOME=$st timeout "$E2E_TIMEOUT" "$BUILD/tests/e2e/ptyrec" 80 24 J q -- "$DUET" --ambiguous-narrow "$TEXT" \
        >"$T/report" 2>&1
    check "state file that is a $kind: duet opens, answers and quits" \
        eval 'grep -qx "exit 0" "$T/report" && [ "$(awk "\$1 == \"J\" { print \$2 }" "$T/report")" -gt 0 ]'
done

# ---- over the size limit (1 GiB): a sparse file, refused before reading --------------------------------------
truncate -s 1100M "$T/huge-sparse.txt"
printf 'Host:\nhello\n' | dd of="$T/huge-sparse.txt" conv=notrunc status=none
refused "$T/huge-sparse.txt" 'too large'

e2e_done
