#!/usr/bin/env bash
# Every layout opens in the reader with no flags: the first turn's text in
# its pane (Chinese left, English right), a subtitle turn's start time on
# its header row, two files read together, and q quits with status 0.
. "$(dirname "$0")/lib.sh"

S=$ROOT/samples

# open FILES... / ZH_TEXT / EN_TEXT [/ HEADER]: both texts on screen, then q
open_layout() {
    local zh=$1 en=$2 header=$3
    shift 3
    start_duet 100 24 --no-resume "$@"
    check "$*: the Chinese of the first turn" wait_for "$zh"
    check "$*: the English of the first turn" wait_for "$en"
    [ -n "$header" ] && check "$*: the header row '$header'" wait_for "$header"
    keys q
    check "$*: q quits with status 0" wait_for DUET-EXIT=0
}

open_layout "您研究珊瑚礁已经十年了" "You have studied coral reefs" "" "$S/interleaved-interview.txt"
open_layout "合作社有多少骑手" "How many riders does the co-op" "" "$S/inline-pairs.txt"
open_layout "您每天几点开始工作" "What time do you start work" "" "$S/two-files.en.txt" "$S/two-files.zh.txt"
open_layout "今天我们去看看城市的屋顶农场" "Today we visit a rooftop farm" "主持人 / Host 0:01" "$S/subtitles.srt"
open_layout "我想从一个问题开始" "I want to start with a question" "主讲人 / Speaker 0:00" "$S/talk.zh.srt" "$S/talk.en.srt"
open_layout "这幅画完成于1889年" "This painting was finished in 1889" "Guide 0:00" "$S/subtitles.vtt"
open_layout "新图书馆将于明年春天开放" "The new library will open next spring" "发言人 0:05" "$S/table.md"
open_layout "这周我们先看上线进度" "Let's look at the launch progress" "发言人 1 0:04" "$S/speech-to-text.txt"
open_layout "您研究珊瑚礁已经十年了" "You have studied coral reefs" "" "$S/exported.tsv"

e2e_done
