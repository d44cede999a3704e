#!/usr/bin/env bash
# Search across simplified and traditional Chinese in the real program: a
# pattern typed in simplified finds the traditional text and the reverse
# (through OpenCC's map, search.h), the view moves to it, the prompt counts
# both scripts, and the highlight covers exactly the traditional characters
# matched. The transcript is written here, in our own words: mostly
# traditional, one answer in simplified.
. "$(dirname "$0")/lib.sh"

TEA=$E2E_TMP/tea.txt
cat >"$TEA" <<'EOF'
主持人：
歡迎來到節目。今天我們聊聊茶。
林曉雯：
謝謝邀請。我從小就喜歡喝茶。
主持人：
你最早喝的是什麼茶？
林曉雯：
是外婆泡的烏龍茶，味道很香。
主持人：
後來你去了哪裡學習？
林曉雯：
我去了很多地方，也在山上住過一年。
主持人：
那段時間你學到了什麼？
林曉雯：
學到了耐心。種茶要等很久。
主持人：
聽說你在臺灣住過？
林曉雯：
對，我在那裡的山上種過茶，頭髮都曬黃了。
主持人：
那里的茶有什么不同？
林曉雯：
台湾的高山茶很清爽，这几年发展得很快。
主持人：
最後一個問題：你會推薦什麼茶？
林曉雯：
先從綠茶開始，慢慢來。
Host:
Welcome to the show. Today we talk about tea.
Lin Xiaowen:
Thanks for having me. I have loved tea since I was small.
Host:
What was the first tea you drank?
Lin Xiaowen:
The oolong my grandmother made; it smelled wonderful.
Host:
Where did you go to learn after that?
Lin Xiaowen:
I went to many places, and lived on a mountain for a year.
Host:
What did you learn in that time?
Lin Xiaowen:
Patience. Growing tea takes a long wait.
Host:
I hear you lived in the island's hills?
Lin Xiaowen:
Yes, I grew tea on the slopes there, and the sun turned my hair yellow.
Host:
How is the tea there different?
Lin Xiaowen:
The high mountain tea is fresh, and the trade has grown fast.
Host:
One last question: what tea would you suggest?
Lin Xiaowen:
Start with green tea, and take it slowly.
EOF

W=100 H=16
status() { row $((H - 1)); }
status_has() { status | grep -qF -- "$1"; }
screen_left_has() { capture | head -n $((H - 1)) | while IFS= read -r l; do left_of "$l"; echo; done | grep -qF -- "$1"; }
attrs() { tmux -L "$SOCK" capture-pane -e -p -t t; }
# highlighted TEXT: TEXT is drawn on a background colour that ends right
# after it (the highlight covers exactly TEXT)
highlighted() { attrs | grep -aq $'\e\[[0-9;]*48;5;[0-9]*m'"$1"$'\e\['; }

start_duet $W $H "$TEA"
check "opens on the first segment, 臺灣 not yet on screen" \
    wait_until eval 'screen_left_has 歡迎來到節目 && ! screen_left_has 臺灣'

# /台湾 typed in simplified: the traditional 臺灣 first (segment 9), then
# the simplified one (segment 11): two matches
keys /
keys -l 台湾
check "/台湾 (simplified) finds 臺灣 (traditional): the view moves to it, 1/2" \
    wait_until eval 'screen_left_has 聽說你在臺灣住過 && status_has "1/2"'
check "/台湾: the highlight covers exactly 臺灣" wait_until highlighted 臺灣
keys Enter
check "Enter: /台湾 1/2 on the status line" wait_until status_has "/台湾 1/2"
keys n
check "n: the simplified 台湾 is the second match" \
    wait_until eval 'status_has "/台湾 2/2" && highlighted 台湾'

# the reverse: 臺灣 typed in traditional finds both too
keys g /
keys -l 臺灣
check "/臺灣 (traditional) finds both scripts: 1/2" wait_until eval 'status_has "1/2"'
keys Enter

# one simplified character, two traditional ones: 发 finds 髮 and 發
keys g /
keys -l 发
check "/发 finds 髮 (hair) and 發 (growth): 1/2, 髮 highlighted" \
    wait_until eval 'status_has "1/2" && highlighted 髮'
keys Escape

# no folding across unrelated characters: 台北 is nowhere
keys /
keys -l 台北
check "/台北 finds nothing" wait_until eval 'status | grep -qiE "no match|not found"'
keys Escape

keys q
check "q quits" wait_until duet_exited
e2e_done
