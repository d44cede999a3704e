#!/usr/bin/env bash
# A large transcript: the first screen comes from a preview of its start
# while the whole loads in the background; it is the screen the whole
# shows (only the status line says "loading…" meanwhile). Keys that need
# the whole (G) wait for it and then act; small moves act at once; a
# resize and q work while loading (q at once, exit 0, nothing leaked under
# make asan).
. "$(dirname "$0")/lib.sh"

BIG=$E2E_TMP/big-sectioned.txt
# A sectioned transcript of about 6 MB (600 KB under valgrind, still past
# the preview's threshold): an intro, every turn in Chinese (labels alone
# on their lines), a marker, every turn in English, a footer. The first and
# last turns carry words found nowhere else.
if [ -n "${DUET_VALGRIND:-}" ]; then TURNS=1400 MIN_BYTES=500000; else TURNS=14000 MIN_BYTES=4000000; fi
# Loading it whole may take seconds on a loaded machine, more under the
# sanitizers: a generous bound, but a hang still fails.
E2E_TIMEOUT=$((E2E_TIMEOUT * 4))
awk -v turns="$TURNS" 'BEGIN {
    srand(7)
    nh = split("我 们 的 是 在 模 型 开 源 数 据 时 间 公 司 问 题 发 展 技 术 市 场 研 究 能 力 成 本 未 来", han, " ")
    nw = split("we model open source data time company question growth technology market research ability cost future the and of is", word, " ")
    zhn[0] = "主持人"; zhn[1] = "林晓雯"; enn[0] = "Host"; enn[1] = "Lin Xiaowen"
    for (t = 0; t < turns; t++) {
        len[t] = 20 + int(rand() * 80); num[t] = int(rand() * 1000)
        z = ""; for (i = 0; i < len[t]; i++) z = z han[1 + int(rand() * nh)]
        e = ""; l = 0; for (i = 0; l < 3 * len[t]; i++) { w = word[1 + int(rand() * nw)]; e = e (i ? " " : "") w; l += length(w) }
        if (t == 0) { z = "开篇" z; e = "Openingword " e }
        if (t == turns - 1) { z = "终章" z; e = "Finalword " e }
        zh[t] = z num[t] "。"; en[t] = e " " num[t] "."
    }
    print "开放模型论坛的一场长对话。"
    print "以下是对话的中文翻译："
    for (t = 0; t < turns; t++) { print zhn[t % 2] "："; print zh[t] }
    print "英文原文："
    for (t = 0; t < turns; t++) { print enn[t % 2] ":"; print en[t] }
    print "版权所有，转载请注明出处。"
}' >"$BIG"
n=$("$DUET" --export json "$BIG" | jq '.segments | length')
check "the generated transcript is large and read whole by --export ($n segments)" \
    eval '[ "$(wc -c <"$BIG")" -gt "$MIN_BYTES" ] && [ "$n" -eq "$TURNS" ]'

status() { capture | tail -n 1; }
status_has() { status | grep -qF -- "$1"; }
loaded() { ! status_has "loading"; }
all_but_status() { capture | sed '$d'; }

start_duet 120 40 "$BIG"
first=$(all_but_status)
status_has "loading" && echo "# (the first screen was the preview's)"
check "first screen: the first turn, both languages" \
    eval 'screen_has "开篇" && screen_has "Openingword"'
check "the whole arrives: the status line counts every segment" \
    wait_until status_has "segment 1/$n"
check "the first screen is the whole transcript's first screen" \
    eval '[ "$(all_but_status)" = "$first" ]'
keys q
check "q quits" wait_for DUET-EXIT=0

start_duet 120 40 "$BIG"
keys G
check "G (sent at once) reaches the end once the whole is in" wait_until status_has "END"
check "G: the last turn is on screen, the count is the whole's" \
    eval 'screen_has "Finalword" && status_has "/$n"'
keys g
check "g: back at the first turn" wait_until status_has "segment 1/$n"
keys q
wait_for DUET-EXIT=0

start_duet 120 40 "$BIG"
keys j J
resize 90 30
check "a resize while loading: every row fits the new width" wait_until rows_ok 90
check "then the whole arrives, and the view stayed at the second segment" \
    wait_until eval 'loaded && status_has "segment 2/$n"'
keys q
wait_for DUET-EXIT=0

start_duet 120 40 "$BIG"
keys q
check "q while loading: duet quits, exit 0" wait_for DUET-EXIT=0

# Resuming: the place is known once the whole is in; the preview shows the
# start meanwhile, then the reader goes back there.
STATE=$E2E_TMP/loading-state
DUET_ENV="XDG_STATE_HOME=$STATE" start_duet 120 40 "$BIG"
wait_until status_has "segment 1/$n"
keys 3 J
wait_until status_has "segment 4/$n"
keys q
wait_for DUET-EXIT=0
DUET_ENV="XDG_STATE_HOME=$STATE" start_duet 120 40 "$BIG"
check "reopened: back at segment 4 once loaded, and says so" \
    wait_until eval 'status_has "segment 4/$n" && screen_has "back at segment 4"'
keys q
wait_for DUET-EXIT=0

e2e_done
