#!/usr/bin/env bash
# Every layout from outside: each sample opens with no flags as its own
# layout with every line accounted for; --export tsv reads back byte for
# byte; --format forces a layout or refuses in one line; two files of one
# language, broken subtitles and bad TSV rows are reported as the issue
# asks (exit status, one-line message, --check listing what was skipped).
set -u
BIN=${DUET_BIN:-${DUET:?DUET must name the duet binary}}
unset DUET
S=samples
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
run() { "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null; code=$?; }

# one-line error: exit CODE, one stderr line matching PATTERN, nothing on stdout
expect_error() {
    local want=$1 pattern=$2 what=$3
    if [ "$code" -ne "$want" ]; then bad "$what: exit $code, want $want ($(head -c 200 "$TMP/err"))"; return; fi
    if [ "$(wc -l <"$TMP/err")" -ne 1 ]; then bad "$what: stderr is not one line: $(cat "$TMP/err")"; return; fi
    if ! grep -qE -- "$pattern" "$TMP/err"; then bad "$what: '$(cat "$TMP/err")' lacks /$pattern/"; return; fi
    if [ -s "$TMP/out" ]; then bad "$what: wrote to stdout"; return; fi
    ok
}

# ---- every sample: its layout, every line accounted for -------------------------
while read -r layout files; do
    # shellcheck disable=SC2086
    run --check $files
    check "$files: --check exits 0" [ "$code" -eq 0 ]
    check "$files: detected as $layout" grep -qx "layout: $layout" "$TMP/out"
    check "$files: nothing unaccounted" grep -q "unaccounted 0 = " "$TMP/out"
    check "$files: no line unaccounted in any file" bash -c "! grep -Eq 'unaccounted [1-9]' '$TMP/out'"
    # shellcheck disable=SC2086
    run --dump --width 100 $files
    check "$files: --dump works" [ "$code" -eq 0 -a -s "$TMP/out" ]
    # shellcheck disable=SC2086
    run --export tsv $files
    cp "$TMP/out" "$TMP/a.tsv"
    run --export tsv "$TMP/a.tsv"
    check "$files: --export tsv reads back byte for byte" cmp -s "$TMP/out" "$TMP/a.tsv"
    run --check "$TMP/a.tsv"
    check "$files: the TSV is read as tsv" grep -qx "layout: tsv" "$TMP/out"
done <<LIST
sectioned $S/sectioned-interview.txt
interleaved $S/interleaved-interview.txt
inline $S/inline-pairs.txt
two-files $S/two-files.zh.txt $S/two-files.en.txt
two-files $S/two-files.en.txt $S/two-files.zh.txt
srt $S/subtitles.srt
srt $S/talk.zh.srt $S/talk.en.srt
vtt $S/subtitles.vtt
ass $S/subtitles.ass
table $S/table.md
stt $S/speech-to-text.txt
tsv $S/exported.tsv
LIST

# ---- subtitle times reach the reader's rows and the exports ---------------------
run --dump --width 80 "$S/subtitles.srt"
check "srt: the segment header shows the cue time" grep -q '主持人 / Host 0:01' "$TMP/out"
run --export json "$S/subtitles.srt"
check "srt: JSON has the times" grep -q '"start_ms":1000,"end_ms":3500' "$TMP/out"
run --export md "$S/subtitles.srt"
check "srt: Markdown heading has the time" grep -q '^## 1\. .*`0:00:01`' "$TMP/out"

# ---- --format --------------------------------------------------------------------
run --format srt "$S/sectioned-interview.txt"
expect_error 1 "^duet: $S/sectioned-interview.txt: does not match the requested format: no subtitle cues" "--format srt on text"
run --format tsv "$S/inline-pairs.txt"
expect_error 1 "does not match the requested format: no tab-separated rows" "--format tsv on text"
run --format vtt "$S/subtitles.srt"
expect_error 1 "does not match the requested format: no WEBVTT header line" "--format vtt on SRT"
run --format two-files "$S/inline-pairs.txt"
expect_error 2 "--format two-files reads 2 files" "--format two-files with one file"
run --check --format srt "$S/subtitles.vtt"
check "--format srt reads WebVTT" grep -q "chosen by --format" "$TMP/out"

# ---- two files of one language ---------------------------------------------------
run "$S/two-files.zh.txt" "$S/sectioned-interview.txt"
expect_error 1 "both files are in the same language: $S/two-files.zh.txt and $S/sectioned-interview.txt are both Chinese" "two Chinese files"
run "$S/talk.en.srt" "$S/talk.en.srt"
expect_error 1 "both files are in the same language: .* are both English" "two English SRT files"

# ---- broken subtitles: load what loads, list what was skipped --------------------
printf '\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:02,000\r\n你好。\r\nHello.\r\n2\r\n00:00:02,500 -> 00:00:03,000\r\n坏了。\r\nBroken.\r\n\r\n3\r\n00:00:01,500 --> 00:00:05,000\r\n再见。\r\nBye.\r\n' >"$TMP/broken.srt"
run --check "$TMP/broken.srt"
check "broken srt: still a transcript" [ "$code" -eq 0 ]
check "broken srt: the skipped cue is listed with its lines" grep -qE '^  skipped +lines 5-8 \(.*\): 2' "$TMP/out"
check "broken srt: the evidence says why" grep -q "skipped 1 cue with a broken time line: line 6" "$TMP/out"
check "broken srt: the overlap is reported" grep -q "1 cues start before the one before them ends" "$TMP/out"
check "broken srt: two segments" grep -q "^segments: 2" "$TMP/out"

# ---- a TSV row with the wrong number of fields ------------------------------------
printf 'speaker\tzh\ten\nHost\t你好。\tHello.\nHost\t只有两列\nGuest\t谢谢。\tThanks.\n' >"$TMP/bad.tsv"
run --check "$TMP/bad.tsv"
check "bad TSV row: still a transcript" [ "$code" -eq 0 ]
check "bad TSV row: listed as skipped" grep -qE '^  skipped +line 3 \(.*\): Host' "$TMP/out"
check "bad TSV row: its line number and field count" grep -q "line 3 (2 fields, not 3)" "$TMP/out"

echo "layouts: $((passed + failed)) checks, $passed passed, $failed failed"
[ "$failed" -eq 0 ]
