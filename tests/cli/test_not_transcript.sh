#!/usr/bin/env bash
# What is not a bilingual transcript: --check says what it found and exits 1
# (a README, a C source file, /etc/passwd, prose in one language, two
# languages that never pair), while --dump and --export still write what was
# found. A transcript needs two segments or more holding both languages,
# and most of its text in such segments. And what is text: control
# characters never make a file binary; NUL bytes do.
#
# Run by tests/run from the repository root with $DUET_BIN = the binary.
set -u
BIN=${DUET_BIN:?DUET_BIN must name the duet binary}
unset DUET
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    local what=$1; shift
    if "$@"; then ok; else bad "$what"; fi
}

# not_transcript FILE WHAT PATTERN: --check exits 1, its result line says
# "not a transcript" and what was found (PATTERN), its accounting leaves
# nothing unaccounted, and the error line names the file.
not_transcript() {
    local file=$1 what=$2 pattern=$3
    "$BIN" --check "$file" >"$TMP/out" 2>"$TMP/err" </dev/null
    local code=$?
    check "$what: --check exits 1 (got $code)" [ "$code" -eq 1 ]
    check "$what: result says not a transcript: $(grep '^result' "$TMP/out")" \
        grep -qE "^result: not a transcript: .*$pattern" "$TMP/out"
    check "$what: nothing unaccounted" bash -c "! grep -Eq 'unaccounted [1-9]' '$TMP/out'"
    check "$what: one error line naming the file" grep -qF "duet: $file: " "$TMP/err"
    # what was found is still written
    "$BIN" --export=json "$file" >"$TMP/json" 2>/dev/null </dev/null
    check "$what: --export=json writes what was found" jq -e '.segments | length > 0' "$TMP/json" >/dev/null
    "$BIN" --dump --width=80 "$file" >"$TMP/dump" 2>/dev/null </dev/null
    check "$what: --dump writes it" [ -s "$TMP/dump" ]
}

not_transcript README.md "the README" "English only"
not_transcript src/doc.c "a C source file" "English only"
[ -r /etc/passwd ] && not_transcript /etc/passwd "/etc/passwd" "English only"

cat >"$TMP/prose.txt" <<'EOF'
这是一篇只有中文的散文。作者回忆了童年时在河边度过的夏天。

那时候，村子里的孩子们每天下午都会去河边游泳，直到天黑才回家。

后来河水变浅了，孩子们也都去了城里上学，河边就安静了下来。
EOF
not_transcript "$TMP/prose.txt" "prose in Chinese only" "Chinese only"

# both languages, but one segment only holds both: a bilingual note, no
# transcript
cat >"$TMP/one-pair.txt" <<'EOF'
Reading list for the spring term

Week one: the history of the printing press, and why it mattered.

第一周：印刷术的历史，以及它为什么重要。

Week two: maps, and the people who drew them.

Week three: the first newspapers.

Week four: letters between scientists.
EOF
not_transcript "$TMP/one-pair.txt" "one pair in an English list" "English only|only one segment"

# a transcript: two segments hold both languages
cat >"$TMP/talk.txt" <<'EOF'
主持人：欢迎你来。
Host: Welcome.
嘉宾：谢谢邀请。
Guest: Thanks for having me.
EOF
"$BIN" --check "$TMP/talk.txt" >"$TMP/out" 2>&1 </dev/null
check "two turns a side: a transcript (exit 0)" grep -qx 'result: a transcript, nothing dropped' "$TMP/out"

# ---- text, not binary -------------------------------------------------------------------------
# control characters from the first byte: text, shown in visible form
printf '\033[31m主持人：\033[0m你好。\001\002\003\004\005\006\007\n\033[31mHost:\033[0m Hello.\n' >"$TMP/controls.txt"
"$BIN" --dump --width=80 "$TMP/controls.txt" >"$TMP/dump" 2>"$TMP/err" </dev/null
check "controls: not refused as binary ($(cat "$TMP/err"))" [ $? -eq 0 ]
check "controls: shown visibly (^[)" grep -qF '^[[31m' "$TMP/dump"
check "controls: no raw escape in the output" bash -c "! LC_ALL=C grep -q $'\x1b' '$TMP/dump'"
# NUL bytes: binary
printf 'Host: hello\0 and\0 more\0\n' >"$TMP/nuls.txt"
"$BIN" --dump "$TMP/nuls.txt" >"$TMP/out" 2>"$TMP/err" </dev/null
check "NUL bytes: refused as binary (exit 1)" grep -q 'binary' "$TMP/err"

echo "test_not_transcript: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
