#!/usr/bin/env bash
# Over SSH for real: Debian's sshd on a loopback port with throwaway host
# and user keys, `ssh -tt` into it from inside tmux, duet opened there.
# Chinese renders in its columns; the remote session has no LANG (sshd
# passes none), so duet falls back to C.UTF-8 and says so; and killing the
# ssh client (a dropped link) ends duet on the far side through its own
# teardown (SIGHUP: it remembers its place on the way out), leaving no
# process behind. Skipped, saying why, where there is no sshd (a plain
# `make check` installs no system service; `make check-ssh` does).
. "$(dirname "$0")/lib.sh"
E2E_TIMEOUT=$((E2E_TIMEOUT * 2)) # key exchange on a loaded machine

# skip WHY: nothing here can run (exit 77: tests/run counts it skipped;
# under `make check-ssh`, which installs sshd, that fails the run).
skip() { skip_all "duet over a real SSH link" "$1"; }
SSHD=$(command -v sshd || echo /usr/sbin/sshd)
[ -x "$SSHD" ] || skip "no sshd: make check-ssh installs openssh-server"
command -v ssh >/dev/null && command -v ssh-keygen >/dev/null ||
    skip "no ssh client: make check-ssh installs openssh-client"

D=$E2E_TMP/ssh
mkdir -m 700 "$D"
ssh-keygen -q -t ed25519 -N '' -C duet-test-host -f "$D/host_key" &&
    ssh-keygen -q -t ed25519 -N '' -C duet-test-user -f "$D/user_key" &&
    cp "$D/user_key.pub" "$D/authorized_keys" || skip "ssh-keygen failed"
chmod 600 "$D/authorized_keys"
if [ "$(id -u)" = 0 ]; then
    # Privilege separation: sshd as root needs its empty directory (and
    # Debian's sshd user, which the package creates).
    mkdir -p /run/sshd && chmod 755 /run/sshd
fi

SSHD_PID=""
ssh_cleanup() {
    [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null
    e2e_cleanup
}
trap ssh_cleanup EXIT

# sshd_config for one port: keys only, no PAM (so no /etc/default/locale:
# the session gets no LANG), no environment accepted from the client.
write_config() {
    cat >"$D/sshd_config" <<CONF
Port $1
ListenAddress 127.0.0.1
HostKey $D/host_key
PidFile $D/sshd.pid
AuthorizedKeysFile $D/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PrintMotd no
PrintLastLog no
LogLevel ERROR
CONF
}

SSH_OPTS=(-F /dev/null -i "$D/user_key" -o IdentitiesOnly=yes -o BatchMode=yes
          -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
          -o ConnectTimeout=20)
user=$(id -un)
port=""
for try in 1 2 3 4 5; do
    p=$((20000 + (RANDOM * 7 + $$ + try) % 40000))
    write_config "$p"
    if ! "$SSHD" -t -f "$D/sshd_config" 2>"$D/sshd.err"; then
        skip "sshd rejects its configuration: $(head -n 1 "$D/sshd.err")"
    fi
    "$SSHD" -D -e -f "$D/sshd_config" 2>>"$D/sshd.log" &
    SSHD_PID=$!
    # Up when a login works (or gone when the port was taken).
    if wait_until eval '! kill -0 "$SSHD_PID" 2>/dev/null || ssh "${SSH_OPTS[@]}" -p "$p" "$user@127.0.0.1" true 2>/dev/null'; then
        if kill -0 "$SSHD_PID" 2>/dev/null; then
            port=$p
            break
        fi
    fi
    kill "$SSHD_PID" 2>/dev/null
    SSHD_PID=""
done
[ -n "$port" ] || skip "sshd did not start: $(tail -n 1 "$D/sshd.log" 2>/dev/null)"
ok "sshd runs on 127.0.0.1:$port; ssh logs in with a throwaway key"

check "the remote session has no LANG" \
    eval '[ -z "$(ssh "${SSH_OPTS[@]}" -p "$port" "$user@127.0.0.1" "echo \$LANG\$LC_ALL\$LC_CTYPE" 2>/dev/null)" ]'

# duet on the far side, from a terminal in tmux. The remote command (a
# script: no quoting through two shells) records duet's pid (exec keeps it)
# and keeps its positions in the test's directory.
cat >"$D/remote.sh" <<SCRIPT
#!/bin/sh
cd '$ROOT' || exit 1
echo \$\$ > '$D/duet.pid'
XDG_STATE_HOME='$D/state' exec '$DUET' '$TEXT'
SCRIPT
chmod 755 "$D/remote.sh"
opts=""
for o in "${SSH_OPTS[@]}"; do opts="$opts '$o'"; done
W=100
start_shell $W 30
type_line "clear; sh -c 'echo \$\$ > $D/ssh.pid; exec ssh -tt $opts -p $port $user@127.0.0.1 $D/remote.sh'; echo SSH-EXIT=\$?"
zh1=$(prefix "$(text_line "$(seg_zh_line 1)")" 6)
check "over SSH: duet draws the first segment" wait_for "$zh1"
check "over SSH: LANG unset, the status line says C.UTF-8 is used" wait_for "using C.UTF-8"
check "over SSH: rows fit, the divider in its column" rows_ok $W "$(side_divider $W)"
keys J
check "over SSH: keys work (J)" wait_until eval 'capture | tail -n 1 | grep -q "segment 2/"'
check "over SSH: still in their columns" rows_ok $W "$(side_divider $W)"

duet_pid=$(cat "$D/duet.pid")
check "the remote duet runs (pid $duet_pid)" kill -0 "$duet_pid"
kill -KILL "$(cat "$D/ssh.pid")" # the link drops: no goodbye from the client
gone() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null); [ -z "$st" ] || [ "${st#Z}" != "$st" ]; } # a zombie has ended
check "ssh client killed: the remote duet is gone" wait_until gone "$duet_pid"
at2="0:$(head -n $(($(seg_zh_line 2) - 1)) "$TEXT" | wc -c)" # where segment 2 begins in the text
check "it left through its own teardown (SIGHUP): its place is remembered (segment 2, at $at2)" \
    wait_until eval 'grep -qE "^[0-9a-f]{16} $at2 " "$D/state/duet/positions" 2>/dev/null'
check "no duet process of this test is left" eval '! pgrep -f -- "$DUET $TEXT" >/dev/null || { pgrep -af -- "$DUET $TEXT"; ps -o pid,ppid,stat,cmd -p "$duet_pid"; false; }'

e2e_done
