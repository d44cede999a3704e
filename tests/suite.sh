# suite.sh — sourced by the shell suites: counting checks, and what a case
# does when what it needs is not there. The published seed and the
# development set live in ../shared, beside the repository, in our CI only
# (a clone has no such directory, and none of their text is ever copied
# in); a case that needs them, or a tool a plain `make check` does not
# install (sshd), says so in one line and does not count as passed.

passed=0 failed=0
# check WHAT COMMAND...: "ok - WHAT" when the command succeeds, else
# "not ok - WHAT"; counted for suite_done.
check() {
    local what=$1
    shift
    if "$@"; then passed=$((passed + 1)); echo "ok - $what"; else failed=$((failed + 1)); echo "not ok - $what"; fi
}

# suite_done NAME: the counts; false when a check failed.
suite_done() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# SHARED: ../shared, beside the repository.
SHARED=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared

# have_shared: true when the published seed is beside the repository.
have_shared() { [ -r "$SHARED/corpus/seed-sectioned-zh-en.txt" ]; }

# skip_case WHAT [WHY]: prints "SKIP: WHAT (WHY)", WHY being "no ../shared"
# unless given, and adds the line to $DUET_SKIP_LOG for tests/run's summary.
skip_case() {
    local line="SKIP: $1 (${2:-no ../shared})"
    echo "$line"
    if [ -n "${DUET_SKIP_LOG:-}" ]; then echo "$line" >>"$DUET_SKIP_LOG"; fi
    return 0
}

# skip_all WHAT [WHY]: the same for a program all of whose cases need it:
# exits 77, which tests/run counts as skipped.
skip_all() {
    skip_case "$@"
    exit 77
}
