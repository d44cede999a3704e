#!/usr/bin/env bash
# The reader on the seed transcript at 120x40 and 80x24: the first segment
# in both panes, segment headers on one row, J, G and g, checked against
# the answer key (never against the program's own output).
. "$(dirname "$0")/lib.sh"

# The published seed is in ../shared, beside the repository (our CI's
# checkout); a clone has none, and nothing of it is copied in.
have_shared || skip_all "the reader on the published seed against its gold key"
TEXT=$SEED KEY=$GOLD

NSEG=$(seg_count)

# top_is_segment K: the screen's first row is segment K's header in both
# panes and the next row starts its Chinese and its English text.
top_is_segment() {
    local k=$1 sp zh en r0 r1
    sp=$(seg_speaker "$k")
    zh=$(prefix "$(text_line "$(seg_zh_line "$k")")" 8)
    en=$(first_words "$(text_line "$(seg_en_line "$k")")" 2)
    r0=$(row 0)
    r1=$(row 1)
    [[ $(left_of "$r0") == "$sp"* ]] && [[ $(right_of "$r0") == "$sp"* ]] &&
        [[ $(left_of "$r1") == "$zh"* ]] && [[ $(right_of "$r1") == "$en"* ]]
}

status_says() { row $(($1 - 1)) | grep -qF -- "$2"; }

for size in 120x40 80x24; do
    W=${size%x*} H=${size#*x}
    start_duet "$W" "$H" "$SEED"
    if wait_until top_is_segment 1; then
        ok "$size: both panes open on segment 1: its speaker, its Chinese and its English"
    else
        not_ok "$size: both panes open on segment 1" "want speaker $(seg_speaker 1)"
    fi
    check "$size: the status line names the file and segment 1/$NSEG" \
        wait_until status_says "$H" "segment 1/$NSEG"
    check "$size: the status line shows the speaker" wait_until status_says "$H" "$(seg_speaker 1)"
    check "$size: rows fit and the divider holds its column" rows_ok "$W" "$(side_divider "$W")"

    keys J J J
    if wait_until top_is_segment 4; then
        ok "$size: after J x3 segment 4 is on top, its header on one row in both panes"
    else
        not_ok "$size: after J x3 segment 4 is on top"
    fi
    check "$size: status says segment 4/$NSEG" wait_until status_says "$H" "segment 4/$NSEG"

    keys K
    check "$size: K goes back to segment 3" wait_until top_is_segment 3
    keys 1 0 g
    check "$size: 10g goes to segment 10" wait_until top_is_segment 10
    keys : 2 Enter
    check "$size: :2 Enter goes to segment 2" wait_until top_is_segment 2

    keys G
    footer=$(prefix "$(text_line "$(jq -r '.notes.footer[0]' "$KEY")")" 6)
    last_en=$(text_line "$(jq -r '.segments_zh_lines_to_en_lines[-1][1][-1]' "$KEY")")
    last_word=${last_en##* }
    if wait_until screen_has "$footer" && screen_has "[footer]" && screen_has "$last_word" &&
        status_says "$H" "END"; then
        ok "$size: G shows the end of the last segment and the footer note"
    else
        not_ok "$size: G shows the end of the last segment and the footer note" \
            "want footer '$footer' and last word '$last_word'"
    fi
    check "$size: at the end, rows fit and the divider holds" rows_ok "$W" "$(side_divider "$W")"

    keys g
    intro=$(prefix "$(text_line "$(jq -r '.notes.intro[0]' "$KEY")")" 6)
    if wait_until screen_has "$intro" && [[ $(row 0) == "[intro]"* ]]; then
        ok "$size: g returns to the top: the intro, dimmed note first"
    else
        not_ok "$size: g returns to the top" "want the intro '$intro'"
    fi
    keys q
    check "$size: q quits with status 0" wait_for "DUET-EXIT=0"
done

start_duet 100 30 --segment 4 "$SEED"
check "--segment 4 opens on segment 4" wait_until top_is_segment 4
keys q
wait_for DUET-EXIT=0

e2e_done
