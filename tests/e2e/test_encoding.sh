#!/usr/bin/env bash
# A transcript in a legacy encoding opens in the reader as Chinese, and the
# status line says, on opening, which encoding was read (GB18030 here);
# a file with bad UTF-8 says how many sequences were bad and hints at
# --encoding.
. "$(dirname "$0")/lib.sh"

cat >"$E2E_TMP/simp.txt" <<'TXT'
主持人：欢迎收听本期节目。今天我们请到了一位老船长。
Host: Welcome to the show. Today our guest is an old captain.

船长：谢谢，很高兴来到这里。
Captain: Thank you, glad to be here.
TXT
iconv -f UTF-8 -t GB18030 "$E2E_TMP/simp.txt" >"$E2E_TMP/gb.txt"

start_duet 100 20 --no-resume "$E2E_TMP/gb.txt"
check "GB18030: the status line says it was read as GB18030" wait_for "read as GB18030"
check "GB18030: the Chinese is shown as Chinese" screen_has "欢迎收听本期节目"
check "GB18030: rows fit, the divider in its column" rows_ok 100 "$(side_divider 100)"
keys q
check "q quits" wait_for DUET-EXIT=0

printf 'Host: Caf\xe9 au lait.\n主持人：咖啡加奶。\n\nGuest: Tr\xe8s bien.\n嘉宾：很好。\n' >"$E2E_TMP/latin1.txt"
start_duet 100 20 --no-resume "$E2E_TMP/latin1.txt"
check "bad UTF-8: the status line says so and hints at --encoding" \
    wait_for "invalid UTF-8 shown as �: --encoding?"
keys q
check "q quits" wait_for DUET-EXIT=0
e2e_done
