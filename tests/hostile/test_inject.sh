#!/usr/bin/env bash
# No byte of a file reaches the terminal as a control sequence. A transcript
# carrying OSC 52 clipboard writes, title sets, screen clears, cursor moves,
# DCS/APC/PM strings, terminal queries, 8-bit C1 controls (raw and UTF-8),
# DEL, backspace overstrikes and bidi overrides — in the intro, a speaker's
# label, the text of both languages, the footer and the file name — is
# shown in the reader (tmux) and recorded byte for byte through a pty
# (ptyrec): the recording holds none of those sequences raw, only ncurses'
# own, while the screen shows their visible forms (^[, <9b>, <U+202E>, and
# both letters of an overstrike — less shows only the second). The same for
# --dump, --check and the exports written to a terminal, and for error
# messages naming a hostile file.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/attacks.sh"

PTYREC=$BUILD/tests/e2e/ptyrec
[ -x "$PTYREC" ] || { echo "$PTYREC is missing: run make" >&2; exit 1; }

A=$(attacks)
NAME=$'evil\e]0;PWN-FILE\a\x9b\xe2\x80\xae.txt'
F=$E2E_TMP/$NAME
# An ordinary opening first (a file dense with controls from its first
# bytes is text too, below).
intro='这是一次关于终端安全的访谈，记录了主持人与嘉宾的对话，中英文对照发表。'
{
    printf '%s%s%s\n\n' "$intro" "$intro" "$intro"
    printf 'This interview on terminal safety was published in Chinese and English, side by side, for readers of both languages.\n\n'
    printf '访谈前言 %s\n\n' "$A"
    printf '主持人%s：\n' $'\e]0;PWN-LABEL\a'
    printf '我们今天谈谈终端安全。%s 这是第一段。\n\n' "$A"
    printf '嘉宾：\n'
    printf '好的，我来回答这个问题。%s\n\n' "$A"
    printf 'Host%s:\n' $'\e]0;PWN-LABEL\a'
    printf 'Today we talk about terminal safety. %s This is the first turn.\n\n' "$A"
    printf 'Guest:\n'
    printf 'Fine, let me answer that question. %s\n\n' "$A"
    printf '版权所有 %s\n' "$A"
} >"$F"

# ---- the reader, recorded byte for byte -------------------------------------------
rec=$E2E_TMP/reader.rec
env -u DUET -u NO_COLOR "$PTYREC" -o "$rec" 200 60 j J G g '\x0c' q -- "$DUET" --ambiguous-narrow "$F" \
    >"$E2E_TMP/ptyrec.out" 2>&1
check "reader: the recording is not empty" [ "$(wc -c <"$rec")" -gt 2000 ]
check "reader: duet quit normally" grep -qx 'exit 0' "$E2E_TMP/ptyrec.out"
out=$(leaks "$rec")
check "reader: nothing from the file reaches the terminal raw ${out:+(}${out//$'\n'/, }${out:+)}" [ -z "$out" ]
rec6=$E2E_TMP/reader-ask.rec
env -u DUET -u NO_COLOR "$PTYREC" -o "$rec6" 120 40 G q -- "$DUET" "$F" >/dev/null 2>&1
out=$(leaks "$rec6" 1)
check "reader: its only query is the one width probe (ESC [ 6 n once) ${out:+(}$out${out:+)}" [ -z "$out" ]

# ---- the reader in tmux: visible forms, and the terminal untouched ----------------
# The name cannot be typed into the shell (its ESC would be a key there):
# a script holds it, quoted.
printf '#!/usr/bin/env bash\nexec %q --ambiguous-narrow %q\n' "$DUET" "$F" >"$E2E_TMP/open-hostile"
chmod +x "$E2E_TMP/open-hostile"
REAL_DUET=$DUET DUET=$E2E_TMP/open-hostile
start_duet 200 60
DUET=$REAL_DUET
tmux -L "$SOCK" set -s set-clipboard on 2>/dev/null
wait_for 'safety'
for form in '^[]52;c;SGFja2Vk^G' '^[]0;PWN-TITLE-0^G' 'Z^[[2J' '^[[99;199H' '^[P$qm^[\' \
            '^[_APC^[\' '^[[6n' '^[c' '<9b>6n' '<9d>0;PWN^G' 'DEL^?' 'A^HB' '_^HX' '<U+202E>evil' \
            '<U+2066>iso<U+2069>'; do
    check "reader shows $form" screen_has "$form"
done
check "reader: a lone 0x9b byte shows as U+FFFD" screen_has $'\xef\xbf\xbd6n'
check "reader: the label's escape is visible in the speaker's name" screen_has '^[]0;PWN-LABEL^G'
title=$(tmux -L "$SOCK" display -p -t t '#{pane_title}')
check "reader: the window title was not set (got '$title')" eval '! [[ $title == *PWN* ]]'
check "reader: the clipboard was not written" eval '[ -z "$(tmux -L "$SOCK" list-buffers 2>/dev/null)" ]'
keys G
check "reader: the footer's attacks show too" wait_for '版权所有'
check "reader: the file name on the status line in visible form" \
    wait_until eval 'capture | tail -n 1 | grep -qF "evil^[]0;PWN-FILE^G"'
keys q
check "reader: q quits" wait_for DUET-EXIT=0

# ---- output modes written to a terminal ----------------------------------------------
for mode in "--dump --width=100" --check "--export=md" "--export=json" "--export=tsv"; do
    rec=$E2E_TMP/out.rec
    # shellcheck disable=SC2086 # the mode is one or two words
    env -u DUET "$PTYREC" -o "$rec" 120 40 -- "$DUET" $mode "$F" >"$E2E_TMP/ptyrec.out" 2>&1
    if [ "$mode" = --check ]; then
        # the attacks break its first turn's labels: one segment holds both
        # languages, and --check's verdict is "not a transcript" (exit 1)
        check "$mode to a terminal: exit 1, not a transcript" grep -qx 'exit 1' "$E2E_TMP/ptyrec.out"
    else
        check "$mode to a terminal: exit 0" grep -qx 'exit 0' "$E2E_TMP/ptyrec.out"
    fi
    out=$(leaks "$rec")
    check "$mode to a terminal: nothing raw ${out:+(}${out//$'\n'/, }${out:+)}" [ -z "$out" ]
    case $mode in
    --export=json) check "$mode: ESC in text as ^[, in the name as \\u001b" \
        eval "grep -aqF '^[]52;c;' '$rec' && grep -aqF 'evil\\u001b]0;PWN-FILE' '$rec'" ;;
    --export=tsv) check "$mode: ESC shown as ^[" grep -aqF '^[]52;c;' "$rec" ;;
    *) check "$mode: ESC shown as ^[ (Markdown: ^\\[\\])" grep -aqE '\^\\?\[\\?\]52;c;' "$rec" ;;
    esac
done

# ---- speaker names: layouts that take a name as written (TSV, once it is read) -------------
# The label detector of the plain-text layouts does not take a label holding
# a control (such a line stays text, shown as above); TSV's speaker field
# is taken as it is, so hostile names reach the speaker header.
T=$E2E_TMP/names.tsv
{
    printf 'speaker\tzh\ten\n'
    printf '主持人%s\t我们今天谈谈终端安全，这是第一段。\tToday we talk about terminal safety, the first turn.\n' \
        $'\e]0;PWN-NAME\a\e[2J\xc2\x9b'
    printf 'Guest%s\t好的，我来回答这个问题。\tFine, let me answer that question.\n' $'\xe2\x80\xae\x7f'
} >"$T"
if "$DUET" --format=tsv --check "$T" >/dev/null 2>&1 </dev/null || [ $? -ne 2 ]; then
    rec=$E2E_TMP/names.rec
    env -u DUET -u NO_COLOR "$PTYREC" -o "$rec" 120 30 j G q -- "$DUET" --ambiguous-narrow --format=tsv "$T" \
        >"$E2E_TMP/ptyrec.out" 2>&1
    check "TSV speaker names: duet quit normally" grep -qx 'exit 0' "$E2E_TMP/ptyrec.out"
    out=$(leaks "$rec")
    check "TSV speaker names: nothing raw on the terminal ${out:+(}${out//$'\n'/, }${out:+)}" [ -z "$out" ]
    check "TSV speaker names: the header shows ^[]0;PWN-NAME^G" grep -aqF '^[]0;PWN-NAME^G' "$rec"
    check "TSV speaker names: bidi and DEL visible (<U+202E>^?)" grep -aqF 'Guest<U+202E>^?' "$rec"
    for mode in --dump --check "--export=md" "--export=json" "--export=tsv"; do
        env -u DUET "$PTYREC" -o "$rec" 120 30 -- "$DUET" --format=tsv "$mode" "$T" >/dev/null 2>&1
        out=$(leaks "$rec")
        check "TSV speaker names, $mode: nothing raw ${out:+(}$out${out:+)}" [ -z "$out" ]
    done
else
    echo "skip - TSV speaker names: this duet reads no TSV yet (--format=tsv is a usage error)"
fi

# ---- a file dense with controls from its start: text, shown visibly --------------------
# Control characters never make a file binary (only NULs, a magic number or
# undecodable bytes do): the reader opens it, every control in visible form,
# and --check says it is no transcript.
printf '%s\n' "$A" "$A" >"$E2E_TMP/dense$NAME"
rec=$E2E_TMP/dense.rec
env -u DUET "$PTYREC" -o "$rec" 120 40 G q -- "$DUET" --no-resume --ambiguous-narrow "$E2E_TMP/dense$NAME" \
    >"$E2E_TMP/ptyrec.out" 2>&1
check "controls from the first byte: opened, q quits (exit 0)" grep -qx 'exit 0' "$E2E_TMP/ptyrec.out"
check "controls from the first byte: shown as ^[" grep -aqF '^[]52;c;' "$rec"
out=$(leaks "$rec")
check "controls from the first byte: nothing raw ${out:+(}$out${out:+)}" [ -z "$out" ]
env -u DUET "$PTYREC" -o "$rec" 120 40 -- "$DUET" --check "$E2E_TMP/dense$NAME" >"$E2E_TMP/ptyrec.out" 2>&1
check "controls from the first byte: --check, not a transcript (exit 1)" grep -qx 'exit 1' "$E2E_TMP/ptyrec.out"
check "controls from the first byte: --check says what it found" grep -aqF 'not a transcript: ' "$rec"
out=$(leaks "$rec")
check "controls from the first byte: --check clean ${out:+(}$out${out:+)}" [ -z "$out" ]

# ---- error messages naming a hostile file ------------------------------------------------
printf '\0\1\2\3binary\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0' >"$E2E_TMP/bin$NAME"
: >"$E2E_TMP/empty$NAME"
for what in "missing:$E2E_TMP/no$NAME" "binary:$E2E_TMP/bin$NAME" "empty:$E2E_TMP/empty$NAME"; do
    rec=$E2E_TMP/err.rec
    env -u DUET "$PTYREC" -o "$rec" 120 40 -- "$DUET" "${what#*:}" >"$E2E_TMP/ptyrec.out" 2>&1
    check "${what%%:*} hostile name: exit 1" grep -qx 'exit 1' "$E2E_TMP/ptyrec.out"
    out=$(leaks "$rec")
    check "${what%%:*} hostile name: message clean ${out:+(}$out${out:+)}" [ -z "$out" ]
    check "${what%%:*} hostile name: the message names it, escapes as ?" grep -aqF 'evil?]0;PWN-FILE?' "$rec"
done

e2e_done
