#!/usr/bin/env bash
# Locales: with LANG=C (or unset, as over SSH) duet switches to C.UTF-8 and
# says so, and Chinese shows as Chinese; on a system with no UTF-8 locale
# at all (a preloaded shim refuses them) it still runs, drawing what it
# cannot send as ASCII stand-ins of the same width ([] for a CJK character),
# so every column stays where it belongs.
. "$(dirname "$0")/lib.sh"

W=100
zh1=$(prefix "$(text_line "$(seg_zh_line 1)")" 6)
en1=$(first_words "$(text_line "$(seg_en_line 1)")" 3)

for how in "LANG=C LC_ALL=" "LANG= LC_ALL= LC_CTYPE="; do
    DUET_ENV=$how start_duet $W 30 "$TEXT"
    check "$how: the status line says C.UTF-8 is used" wait_for "using C.UTF-8"
    check "$how: Chinese is shown as Chinese" screen_has "$zh1"
    check "$how: rows fit, the divider in its column" rows_ok $W "$(side_divider $W)"
    keys q
    check "$how: q quits" wait_for DUET-EXIT=0
done

# No UTF-8 locale anywhere.
CC=${CC:-cc}
if ! "$CC" -shared -fPIC -o "$E2E_TMP/noutf8.so" "$E2E_DIR/preload/noutf8.c" -ldl 2>"$E2E_TMP/cc.err"; then
    not_ok "the no-UTF-8 shim builds" "$(cat "$E2E_TMP/cc.err")"
    e2e_done
    exit 1
fi
# (An ASan build must let the shim load first.)
DUET_ENV="LD_PRELOAD=$E2E_TMP/noutf8.so ASAN_OPTIONS=verify_asan_link_order=0:${ASAN_OPTIONS:-} LANG=C LC_ALL=" \
    start_duet $W 30 "$TEXT"
check "no UTF-8 locale: the status line says so" wait_for "no UTF-8 locale"
check "no UTF-8 locale: English is shown" screen_has "$en1"
check "no UTF-8 locale: Chinese characters stand in as []" screen_has "[][][][]"
check "no UTF-8 locale: nothing but ASCII on screen" eval '! capture | LC_ALL=C grep -q "[^ -~]"'
check "no UTF-8 locale: rows fit, the divider (|) in its column" rows_ok $W "$(side_divider $W)" '|'
keys J
check "no UTF-8 locale: keys work (J: segment 2)" wait_until eval 'capture | tail -n 1 | grep -q "segment 2/"'
keys q
check "no UTF-8 locale: q quits" wait_for DUET-EXIT=0

e2e_done
