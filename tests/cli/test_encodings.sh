#!/usr/bin/env bash
# Legacy encodings: a transcript saved in GB18030, Big5, UTF-16 (with a
# byte-order mark) or UTF-8 with a mark opens with no flag, reads exactly
# as its UTF-8 twin, and --check and --export json say which encoding was
# read; output is UTF-8 always. Anything else (Latin-1 …) opens, its bad
# bytes shown as U+FFFD with a hint, and reads right with --encoding=NAME,
# which applies to every input; an unknown name is a usage error. Control
# characters do not make a file binary; NULs and signatures still do.
set -u
BIN=${DUET_BIN:-${DUET:?DUET must name the duet binary}}
unset DUET
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
command -v iconv >/dev/null || { echo "SKIP: legacy encodings (no iconv program)"; exit 77; }

passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
run() { "$BIN" --no-resume "$@" >"$TMP/out" 2>"$TMP/err" </dev/null; code=$?; }

# A small inline-pair interview, simplified and traditional (our own words).
cat >"$TMP/simp.txt" <<'EOF'
主持人：欢迎收听本期节目。今天我们请到了一位开了三十年渡轮的老船长。
Host: Welcome to the show. Today our guest has piloted ferries for thirty years.

船长：谢谢，很高兴来到这里。
Captain: Thank you, glad to be here.

主持人：您第一次独自掌舵是什么时候？
Host: When did you first take the helm alone?

船长：一个雾天，能见度不到五十米。
Captain: On a foggy day, with less than fifty metres of visibility.
EOF
cat >"$TMP/trad.txt" <<'EOF'
主持人：歡迎收聽本期節目。今天我們請到了一位開了三十年渡輪的老船長。
Host: Welcome to the show. Today our guest has piloted ferries for thirty years.

船長：謝謝，很高興來到這裡。
Captain: Thank you, glad to be here.

主持人：您第一次獨自掌舵是什麼時候？
Host: When did you first take the helm alone?

船長：一個霧天，能見度不到五十米。
Captain: On a foggy day, with less than fifty metres of visibility.
EOF

iconv -f UTF-8 -t GB18030 "$TMP/simp.txt" >"$TMP/gb.txt"
iconv -f UTF-8 -t BIG5 "$TMP/trad.txt" >"$TMP/big5.txt"
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$TMP/simp.txt"; } >"$TMP/u16le.txt"
{ printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$TMP/simp.txt"; } >"$TMP/u16be.txt"
{ printf '\xef\xbb\xbf'; cat "$TMP/simp.txt"; } >"$TMP/bom.txt"

# ---- detected: the same text as the UTF-8 twin ------------------------------
while read -r file name twin; do
    run --check "$TMP/$file"
    check "$file: --check exits 0" [ "$code" -eq 0 ]
    check "$file: --check says encoding: $name" grep -qx "encoding: $name" "$TMP/out"
    run --export=json "$TMP/$file"
    check "$file: the JSON export says \"encoding\":\"$name\"" grep -q "\"encoding\":\"$name\"" "$TMP/out"
    run --dump --width 100 "$TMP/$file"
    cp "$TMP/out" "$TMP/got"
    run --dump --width 100 "$TMP/$twin"
    check "$file: --dump is its UTF-8 twin's, byte for byte" cmp -s "$TMP/got" "$TMP/out"
    check "$file: the output is UTF-8" iconv -f UTF-8 -t UTF-8 "$TMP/got" -o /dev/null
done <<LIST
gb.txt GB18030 simp.txt
big5.txt BIG5 trad.txt
u16le.txt UTF-16LE simp.txt
u16be.txt UTF-16BE simp.txt
bom.txt UTF-8 simp.txt
LIST

# the same from standard input
iconv -f UTF-8 -t GB18030 "$TMP/simp.txt" | "$BIN" --check - >"$TMP/out" 2>&1
check "standard input in GB18030: detected" grep -qx "encoding: GB18030" "$TMP/out"

# ---- Latin-1: opens with U+FFFD and a hint; right with --encoding ------------
printf 'Host: Caf\xe9 au lait, s'"'"'il vous pla\xeet.\nGuest: Tr\xe8s bien, merci.\n' >"$TMP/latin1.txt"
run --dump --width 80 "$TMP/latin1.txt"
check "Latin-1 without --encoding: not refused as binary" [ "$code" -eq 0 ]
check "Latin-1 without --encoding: bad bytes shown as U+FFFD" grep -q 'Caf� au lait' "$TMP/out"
run --check "$TMP/latin1.txt"
check "Latin-1 without --encoding: --check hints at --encoding" grep -q 'encoding: UTF-8 (3 invalid sequences.*--encoding=NAME' "$TMP/out"
run --encoding=latin1 --dump --width 80 "$TMP/latin1.txt"
check "--encoding=latin1: read right" grep -q 'Café au lait' "$TMP/out"
run --encoding latin1 --check "$TMP/latin1.txt"
check "--encoding latin1: --check says LATIN1" grep -qx 'encoding: LATIN1' "$TMP/out"

# --encoding applies to both files of a two-file transcript
grep -v '^[A-Z]' "$TMP/simp.txt" | iconv -f UTF-8 -t GB18030 >"$TMP/two.zh.txt"
grep '^[A-Z]' "$TMP/simp.txt" >"$TMP/two.en.txt"
run --encoding=GB18030 --check "$TMP/two.zh.txt" "$TMP/two.en.txt"
check "--encoding=GB18030 on two files: both read as GB18030" grep -qx 'encoding: GB18030, GB18030' "$TMP/out"
run --check "$TMP/two.zh.txt" "$TMP/two.en.txt"
check "two files, detected each: GB18030 and UTF-8" grep -qx 'encoding: GB18030, UTF-8' "$TMP/out"

# ---- usage and binary ---------------------------------------------------------
run --encoding=no-such-thing "$TMP/gb.txt"
check "--encoding=no-such-thing: exit 2" [ "$code" -eq 2 ]
check "--encoding=no-such-thing: one line naming it" \
    bash -c "[ \$(wc -l <'$TMP/err') -eq 1 ] && grep -q \"unknown encoding 'no-such-thing'\" '$TMP/err'"

{ printf 'Host: \x1b[31mred\x1b[0m and \x07 bells\n主持人：红色\x01和铃声\n'; cat "$TMP/simp.txt"; } >"$TMP/controls.txt"
run --dump --width 80 "$TMP/controls.txt"
check "control characters: not refused as binary" [ "$code" -eq 0 ]
check "control characters: shown visibly" grep -qF '^[[31mred' "$TMP/out"

printf 'Host: hi\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0 there\n' >"$TMP/nuls.txt"
run --check "$TMP/nuls.txt"
check "NUL bytes: refused as binary, exit 1" [ "$code" -eq 1 ]
check "NUL bytes: one line naming the file" grep -q "nuls.txt: may be a binary file" "$TMP/err"

echo "test_encodings: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
