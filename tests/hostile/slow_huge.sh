#!/usr/bin/env bash
# The heaviest hostile inputs, for `make check-slow` (not part of make
# check: they move gigabytes). An endless stream of text on standard input
# and through a FIFO is refused at the 1 GiB limit, with bounded memory;
# a 200 MB single line opens and answers keys.
. "$(dirname "$0")/../e2e/lib.sh"
T=$E2E_TMP
E2E_TIMEOUT=120

# stream_refused HOW: `yes` text into duet; refused as too large, peak memory
# (from /usr/bin/time or /proc) near the limit, not all of memory.
for how in stdin fifo; do
    if [ "$how" = fifo ]; then
        mkfifo "$T/endless.fifo"
        (yes 'Host: hello, this line repeats forever.' >"$T/endless.fifo" 2>/dev/null &)
        "$DUET" --check "$T/endless.fifo" >"$T/out" 2>"$T/err" &
    else
        yes 'Host: hello, this line repeats forever.' 2>/dev/null | "$DUET" --check - >"$T/out" 2>"$T/err" &
    fi
    pid=$!
    peak=0
    while kill -0 "$pid" 2>/dev/null; do
        kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
        [ -n "$kb" ] && [ "$kb" -gt "$peak" ] && peak=$kb
        sleep 0.2
    done
    wait "$pid"
    code=$?
    check "endless text on $how: refused as too large ($(cat "$T/err"))" \
        eval '[ "$code" -eq 1 ] && grep -q "too large" "$T/err"'
    check "endless text on $how: peak memory $((peak / 1024)) MB, bounded by the limit" [ "$peak" -lt $((1300 * 1024)) ]
done

yes '主持人：我们今天讨论人工智能的未来，以及它对每个人的影响。Host: We discuss the future of artificial intelligence today. ' |
    head -c $((200 * 1048576)) | tr -d '\n' >"$T/one-line-200mb.txt"
start_duet 80 24 "$T/one-line-200mb.txt"
check "200 MB line: the first screen" wait_for '我们今天讨论'
keys G
check "200 MB line: G answers" wait_until eval 'capture | tail -n 1 | grep -q END'
keys q
check "200 MB line: q quits" wait_for DUET-EXIT=0

e2e_done
