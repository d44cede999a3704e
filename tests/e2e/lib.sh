# lib.sh — the end-to-end harness: the real duet binary in a real terminal.
#
# Each test file sources this, then starts tmux sessions of a fixed size on
# a private server (one socket per test run, killed at exit), types keys,
# and captures the screen. Nothing sleeps a fixed time: wait_for and
# wait_until poll the screen until it shows what they wait for, or give up
# after a timeout (E2E_TIMEOUT seconds, 15 by default; CI machines are
# small and loaded).
#
# Environment (set by tests/run): DUET, the binary; BUILD, the build
# directory (for the helpers in tests/e2e/*.c).

set -u
export LC_ALL=C.UTF-8

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$E2E_DIR/../.." && pwd)
DUET=${DUET_BIN:-$ROOT/build/duet} # a shell variable here; $DUET in the environment is duet's own options
export -n DUET
: "${BUILD:=$ROOT/build}"
: "${E2E_TIMEOUT:=15}"
COLWIDTH=$BUILD/tests/e2e/colwidth
. "$ROOT/tests/suite.sh"
# The transcript most suites read and its answer key (line-numbered): the
# bundled sample, sectioned, three speakers, with intro, marker, noise and
# footer notes, a 2-1 and a 1-2. Expectations come from the key and the
# file's own text, never from duet's output.
TEXT=$ROOT/samples/sectioned-interview.txt
KEY=$ROOT/tests/corpus/sectioned-interview.key.json
# The published seed and its gold key, in ../shared (test_seed.sh, which
# skips without them).
SEED=$SHARED/corpus/seed-sectioned-zh-en.txt
GOLD=$SHARED/corpus/seed-sectioned-zh-en.gold.json
SOCK=duet-e2e-$$-$RANDOM
E2E_TMP=$(mktemp -d)
# duet remembers positions under $XDG_STATE_HOME: never the user's own
# during tests (tmux sessions get one each, see start_shell).
export XDG_STATE_HOME=$E2E_TMP/state
E2E_NAME=$(basename "$0" .sh)
PASSED=0
FAILED=0

# At exit: the tmux server goes, and any duet this run started that is still
# there (a failed test may leave one behind) is ended by its pid.
e2e_cleanup() {
    tmux -L "$SOCK" kill-server 2>/dev/null
    local pid
    if [ -f "$E2E_TMP/pids" ]; then
        while read -r pid; do
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
        done <"$E2E_TMP/pids"
    fi
    rm -rf "$E2E_TMP"
}
trap e2e_cleanup EXIT

cat >"$E2E_TMP/tmux.conf" <<'EOF'
set -g status off
set -s exit-empty off
set -sg escape-time 0
set -g default-terminal tmux-256color
set -g history-limit 0
set -g remain-on-exit off
EOF

for tool in "$DUET" "$COLWIDTH"; do
    if [ ! -x "$tool" ]; then
        echo "$E2E_NAME: $tool is missing: run make" >&2
        exit 1
    fi
done
if ! command -v tmux >/dev/null; then
    echo "$E2E_NAME: tmux is missing: run make deps" >&2
    exit 1
fi

# ---- reporting ------------------------------------------------------------

ok() { PASSED=$((PASSED + 1)); echo "ok - $1"; }

# not_ok NAME [DETAIL]: a failure, with the screen as it was.
not_ok() {
    FAILED=$((FAILED + 1))
    echo "not ok - $1"
    [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/#   /'
    echo "#   screen:"
    capture 2>/dev/null | sed 's/^/#   |/'
}

# check NAME COMMAND...: ok when the command succeeds.
check() {
    local name=$1
    shift
    if "$@"; then ok "$name"; else not_ok "$name"; fi
}

e2e_done() {
    echo "$E2E_NAME: $PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}

# ---- terminals --------------------------------------------------------------

# start_shell W H: a new session (killing the previous one) of W x H cells
# running a plain shell whose prompt is "PROMPT> ".
start_shell() {
    # exit-empty is off: killing the last session leaves the server up, so
    # the next session never races a server on its way out.
    tmux -L "$SOCK" kill-session -t t 2>/dev/null
    # Each session remembers positions in a state directory of its own, so
    # that no test resumes where another left (test_resume.sh sets its own).
    local state
    state=$(mktemp -d "$E2E_TMP/state.XXXXXX")
    if ! tmux -L "$SOCK" -f "$E2E_TMP/tmux.conf" new-session -d -s t -x "$1" -y "$2" \
        "env -u DUET -u NO_COLOR PS1='PROMPT> ' HOME=$E2E_TMP XDG_STATE_HOME=$state HISTFILE=/dev/null bash --norc --noprofile" ||
        ! wait_for 'PROMPT>'; then
        echo "$E2E_NAME: tmux or the shell in it did not start" >&2
        exit 1
    fi
}

# type_line TEXT: types a command line into the shell and Enter.
type_line() {
    tmux -L "$SOCK" send-keys -t t -l "$1"
    tmux -L "$SOCK" send-keys -t t Enter
}

# start_duet W H ARGS...: duet in a fresh W x H terminal; after it exits the
# shell prints "DUET-EXIT=<status>". Its pid is in $E2E_TMP/pid. Waits for
# the status line (the last row) to be drawn. DUET_ENV (words NAME=VALUE,
# no spaces inside) goes into its environment: DUET_ENV=TERM=xterm.
start_duet() {
    local w=$1 h=$2
    shift 2
    start_shell "$w" "$h"
    local args="" a
    for a in "$@"; do args="$args '${a//\'/\'\\\'\'}'"; done
    type_line "clear; ${DUET_ENV:+env $DUET_ENV }sh -c 'echo \$\$ > $E2E_TMP/pid; echo \$\$ >> $E2E_TMP/pids; exec \"\$0\" \"\$@\"' '$DUET' $args; echo DUET-EXIT=\$?"
    # (the typed command line shows "DUET-EXIT=$?" until clear runs: only a
    # status number says duet has ended)
    wait_until eval 'status_drawn || duet_exited'
    if duet_exited; then # it could not start: no point waiting on it
        not_ok "duet $* starts at ${w}x$h"
        e2e_done
        exit 1
    fi
}

# True when the shell has printed duet's exit status.
duet_exited() { capture | grep -qE 'DUET-EXIT=[0-9]+'; }

# True when the terminal's last row holds duet's status line.
status_drawn() { [ -n "$(capture | tail -n 1 | tr -d ' ')" ] && ! capture | grep -q 'PROMPT>'; }

keys() { tmux -L "$SOCK" send-keys -t t "$@"; }

resize() { tmux -L "$SOCK" resize-window -t t -x "$1" -y "$2"; }

duet_pid() { cat "$E2E_TMP/pid"; }

# capture: the screen as text, one line per row (all rows, even blank).
capture() {
    local h
    h=$(tmux -L "$SOCK" display -p -t t '#{pane_height}')
    tmux -L "$SOCK" capture-pane -p -t t | awk -v h="$h" '{ print } END { for (i = NR; i < h; i++) print "" }'
}

# row N: row N (0-based) of the screen.
row() { capture | sed -n "$(($1 + 1))p"; }

# ---- waiting -------------------------------------------------------------------

# wait_until COMMAND...: polls until the command succeeds; false on timeout.
wait_until() {
    local deadline=$((SECONDS + E2E_TIMEOUT))
    while ! "$@"; do
        [ "$SECONDS" -ge "$deadline" ] && return 1
        sleep 0.05
    done
}

screen_has() { capture | grep -qF -- "$1"; }

# wait_for TEXT: polls until TEXT is on the screen.
wait_for() { wait_until screen_has "$1"; }

# ---- panes --------------------------------------------------------------------

DIV=│

# left_of LINE / right_of LINE: the text of each pane of a side-by-side row
# (without the blanks around the divider).
left_of() { local l=${1%%"$DIV"*}; printf '%s' "${l%"${l##*[! ]}"}"; }
right_of() {
    case $1 in *"$DIV"*) local r=${1#*"$DIV"}; printf '%s' "${r# }" ;; *) printf '' ;; esac
}

# rows_ok W [DIVIDER_COL [CHAR]]: every row of the screen is at most W
# columns (the C library knows every character on it), and when a divider
# column is given, the divider is in that column on every text row.
rows_ok() {
    local w=$1 col=${2:--1} ch=${3:-}
    capture >"$E2E_TMP/screen"
    local n=0 bad=0 width div rows
    rows=$(wc -l <"$E2E_TMP/screen")
    while read -r width div; do
        n=$((n + 1))
        if [ "$width" -lt 0 ] || [ "$width" -gt "$w" ]; then bad=1; fi
        if [ "$col" -ge 0 ] && [ "$n" -lt "$rows" ] && [ "$div" -ne "$col" ]; then bad=1; fi
    done < <("$COLWIDTH" $ch <"$E2E_TMP/screen")
    [ "$bad" -eq 0 ]
}

# side_divider W: the divider's column at width W, from layout.h's geometry.
side_divider() { echo $((($1 - 3) / 2 + 1)); }

# ---- the transcript's answer key ---------------------------------------------------

# text_line N: line N of the transcript ($TEXT).
text_line() { sed -n "${1}p" "$TEXT" | tr -d '\r'; }

# seg_zh_line K / seg_en_line K: the first Chinese / English line of segment K
# (1-based) in the answer key ($KEY).
seg_zh_line() { jq -r ".segments_zh_lines_to_en_lines[$(($1 - 1))][0][0]" "$KEY"; }
seg_en_line() { jq -r ".segments_zh_lines_to_en_lines[$(($1 - 1))][1][0]" "$KEY"; }
seg_count() { jq -r '.segments_zh_lines_to_en_lines | length' "$KEY"; }

# seg_speaker K: the speaker of segment K.
seg_speaker() {
    local l
    l=$(seg_zh_line "$1")
    jq -r --argjson l "$l" '.zh_units[] | select(.line == $l) | .speaker' "$KEY"
}

# prefix TEXT N: the first N characters of TEXT.
prefix() { printf '%s' "${1:0:$2}"; }

# first_words TEXT N: the first N words.
first_words() { printf '%s' "$1" | tr -s ' ' '\n' | head -n "$2" | paste -sd' '; }
