#!/usr/bin/env bash
# What `make run`, `make check` and `make deps` would install, on a pretend
# machine: fake apt-get, dpkg-query, sudo, id and pkg-config first on PATH
# record what would be installed and by whom, and nothing is. `make run`
# installs only what building and running need, never a test tool or a
# system service; `make check` adds the test tools; without root or
# passwordless sudo the exact apt-get line is printed and make fails.
set -u
. "$(dirname "$0")/../suite.sh"
ROOT=$PWD
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# The make running this test must not lend its job server or flags.
unset MAKEFLAGS MFLAGS MAKELEVEL

# ---- the pretend machine -------------------------------------------------------------
# $FAKE_INSTALLED: the packages installed; $FAKE_UID: the user; $FAKE_SUDO:
# "ok" when sudo needs no password. Every apt-get and sudo call is a line
# of $FAKE_LOG.
mkdir "$TMP/bin"
cat >"$TMP/bin/dpkg-query" <<'EOF'
#!/bin/sh
for a; do p=$a; done
case " $FAKE_INSTALLED " in *" $p "*) echo "install ok installed"; exit 0 ;; esac
echo "dpkg-query: no packages found matching $p" >&2
exit 1
EOF
cat >"$TMP/bin/apt-get" <<'EOF'
#!/bin/sh
echo "apt-get $*" >>"$FAKE_LOG"
EOF
cat >"$TMP/bin/sudo" <<'EOF'
#!/bin/sh
if [ "$1" = -n ]; then [ "$FAKE_SUDO" = ok ]; exit; fi
echo "sudo $*" >>"$FAKE_LOG"
exec "$@"
EOF
cat >"$TMP/bin/id" <<'EOF'
#!/bin/sh
echo "$FAKE_UID"
EOF
cat >"$TMP/bin/pkg-config" <<'EOF'
#!/bin/sh
exit 1
EOF
chmod +x "$TMP/bin"/*
export FAKE_LOG=$TMP/log FAKE_UID=0 FAKE_SUDO=no

# What building and running need, and the tools only tests use (any of
# which `make run` must never install).
RUN="build-essential pkg-config libncurses-dev libutf8proc-dev libunistring-dev libopencc-dev unicode-data"
TEST_TOOLS="libcmocka-dev tmux jq python3 groff-base mandoc man-db"
SERVICES_AND_MORE="openssh-server openssh-client valgrind clang libclang-rt-14-dev libvterm-dev less"

# on MAKE-ARGS...: make in the repository on the pretend machine; output in
# $TMP/out, status in $code, apt-get and sudo calls in $TMP/log.
on() {
    : >"$FAKE_LOG"
    PATH="$TMP/bin:$PATH" make --no-print-directory -C "$ROOT" "$@" >"$TMP/out" 2>&1
    code=$?
}
logged() { grep -qF -- "$1" "$FAKE_LOG"; }
out_has() { grep -qF -- "$1" "$TMP/out"; }
# none_of WORDS FILE: no word of WORDS is in FILE as a whole word.
none_of() {
    local w
    for w in $1; do grep -qw -- "$w" "$2" && { echo "#   found $w in $2: $(cat "$2")"; return 1; }; done
    return 0
}

# ---- make run on a machine with no test tool and one library missing ------------------
export FAKE_INSTALLED="${RUN/libutf8proc-dev/}"
on -n run
check "make -n run: the deps step lists what building and running need" \
    grep -qF "tools/deps \"make run (building and running duet)\" $RUN" "$TMP/out"
check "make -n run: no test tool, no server in its deps step" \
    eval 'grep "tools/deps" "$TMP/out" >"$TMP/deps-line"; none_of "$TEST_TOOLS $SERVICES_AND_MORE" "$TMP/deps-line"'

on ensure-deps
check "make run's deps as root: exit 0 ($(tail -n 1 "$TMP/out"))" [ "$code" -eq 0 ]
check "make run's deps: apt-get update first, then the missing library alone" \
    [ "$(cat "$FAKE_LOG")" = "apt-get update -qq
apt-get install -y -qq --no-install-recommends libutf8proc-dev" ]
check "make run's deps: says what it installs and why" \
    eval 'out_has "make run (building and running duet) needs these Debian packages, not installed: libutf8proc-dev" &&
          out_has "installing them: apt-get update && apt-get install -y --no-install-recommends libutf8proc-dev"'
check "make run's deps: none of the test tools" none_of "$TEST_TOOLS $SERVICES_AND_MORE" "$FAKE_LOG"

# ---- make check adds the test tools, and only them ------------------------------------
on -n check
check "make -n check: the deps step adds the test tools" \
    grep -qF "$RUN $TEST_TOOLS" "$TMP/out"
on ensure-test-deps
check "make check's deps: the missing library and every test tool" \
    logged "apt-get install -y -qq --no-install-recommends libutf8proc-dev $TEST_TOOLS"
check "make check's deps: no SSH server, valgrind, clang or libvterm" none_of "$SERVICES_AND_MORE" "$FAKE_LOG"

# ---- nothing missing: nothing installed, nothing said ----------------------------------
FAKE_INSTALLED="$RUN $TEST_TOOLS" on ensure-test-deps
check "all present: no apt-get, no output" eval '[ "$code" -eq 0 ] && [ ! -s "$FAKE_LOG" ] && [ ! -s "$TMP/out" ]'

# ---- not root ------------------------------------------------------------------------
FAKE_UID=1000 FAKE_SUDO=no on ensure-deps
check "no root, no sudo: make fails" [ "$code" -ne 0 ]
check "no root, no sudo: the exact command to run as root" \
    out_has "    apt-get update && apt-get install -y --no-install-recommends libutf8proc-dev"
check "no root, no sudo: apt-get never ran" [ ! -s "$FAKE_LOG" ]
FAKE_UID=1000 FAKE_SUDO=ok on ensure-deps
check "passwordless sudo: apt-get through sudo" \
    eval '[ "$code" -eq 0 ] && logged "sudo apt-get update -qq" && logged "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libutf8proc-dev"'

# ---- make deps documents both lists, and installs them ----------------------------------
FAKE_INSTALLED="" on deps
check "make deps: the run list, named" out_has "to build and run it (make run):  $RUN"
check "make deps: the test list, named" out_has "to test it (make check adds):    $TEST_TOOLS"
check "make deps: openssh-server only for make check-ssh" eval 'grep -q "make check-ssh: openssh-server" "$TMP/out"'
check "make deps: installs run and test lists, no server" \
    eval 'logged "install -y -qq --no-install-recommends $RUN $TEST_TOOLS" && none_of "$SERVICES_AND_MORE" "$FAKE_LOG"'

suite_done test_deps
