# container.sh: boots a throwaway copy of a root under systemd-nspawn, runs
# commands in it, and powers it off; sourced by tests/package/run.
#
#   container_boot ROOT      copy ROOT to a temp dir and boot it (in the background)
#   container_ready SECONDS  wait until its systemd says running or degraded
#   ct CMD...                run CMD inside (all its namespaces), a clean environment
#   container_poweroff       power it off, however far it got, and remove the copy
#   CT_DIR  the temp dir     CT_ROOT  the copy's root (files can be put there)
#   CT_LOG  the console      CT_NSPAWN, CT_LEADER  nspawn's PID, the container's PID 1
#
# This machine's PID 1 is not systemd: --register=no (no machined) and
# --keep-unit (no transient scope on a host bus) are what let nspawn run at
# all, and machinectl cannot reach the container; nsenter into PID 1's
# namespaces can. The host's cgroups are v1 with a name=systemd hierarchy
# and a cgroup2 "unified" one (hybrid): nspawn 252 sets up the same for the
# container by itself, so no SYSTEMD_NSPAWN_UNIFIED_HIERARCHY is needed.

CT_DIR= CT_ROOT= CT_LOG= CT_NSPAWN= CT_LEADER=

container_boot() {
    CT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kosmo-package.XXXXXX") || return 1
    CT_ROOT=$CT_DIR/root CT_LOG=$CT_DIR/console.log
    # Our own copy instead of nspawn's -x: -x copies into /var/lib/machines
    # and removes the copy itself, which it cannot do when it is killed.
    cp -a --reflink=auto "$1" "$CT_ROOT" || return 1
    systemd-nspawn -b --register=no --keep-unit --private-network \
        -M "kosmo-package-$$" -D "$CT_ROOT" < /dev/null > "$CT_LOG" 2>&1 &
    CT_NSPAWN=$!
    _container_leader
}

# The container's PID 1 (its systemd): the child of nspawn that is PID 1 of
# a PID namespace of its own. nspawn's first child (the "outer child", in
# the host's PID namespace) sets up the mounts, forks that one and exits;
# taking whichever child came first can take the outer one, and then every
# nsenter into its gone PID fails: the likeliest cause of a CI run
# (2026-12-06) in which every ask answered nothing for 120 s.
_container_leader() {
    local i pid
    for ((i = 0; i < 300; i++)); do
        for pid in $(pgrep -P "$CT_NSPAWN"); do
            _pid1_of_own_namespace "$pid" && { CT_LEADER=$pid; return 0; }
        done
        _alive "$CT_NSPAWN" || break
        sleep 0.1
    done
    echo "container.sh: systemd-nspawn started no container" >&2
    tail -n 20 "$CT_LOG" >&2
    return 1
}

# /proc/PID/status's NSpid: its PID in each namespace, the host's first.
_pid1_of_own_namespace() {
    local ids
    ids=$(sed -n 's/^NSpid:[[:space:]]*//p' "/proc/$1/status" 2> /dev/null)
    case $ids in *[[:space:]]1) return 0 ;; esac
    return 1
}

ct() {
    nsenter -t "$CT_LEADER" -a env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 TERM=dumb "$@"
}

# running, or degraded with the failed units named: both are a booted system.
container_ready() {
    local state= end=$((SECONDS + $1))
    # Asked afresh every tenth of a second, without --wait: a --wait asked
    # while systemd was still coming up sometimes waited for ever (twice it
    # hung the whole 120 s while the console showed the system up).
    # Until systemd has its private bus socket, systemctl answers nothing.
    while [ "$SECONDS" -lt "$end" ]; do
        state=$(timeout 10 nsenter -t "$CT_LEADER" -a systemctl is-system-running 2> "$CT_DIR/ready.err")
        case $state in running | degraded) break ;; esac
        sleep 0.1
    done
    case $state in
        running) return 0 ;;
        degraded)
            echo "# the container is degraded; failed units:"
            ct systemctl --failed --no-legend | sed 's/^/#   /'
            return 0
            ;;
    esac
    echo "# the container's systemd says '$state' after $1 s; the last ask's errors:"
    sed 's/^/#   /' "$CT_DIR/ready.err"
    return 1
}

# Poweroff through its systemd; then SIGTERM to nspawn (which asks the
# container to halt), then SIGKILL to nspawn and to the container's PID 1
# (which ends every process of its PID namespace). The copy is removed only
# when nothing is mounted below it any more.
container_poweroff() {
    [ -n "$CT_DIR" ] || return 0
    if [ -n "$CT_NSPAWN" ] && _alive "$CT_NSPAWN"; then
        [ -z "$CT_LEADER" ] || timeout 10 nsenter -t "$CT_LEADER" -a systemctl poweroff > /dev/null 2>&1
        _container_gone 30 || {
            echo "# the container did not power off within 30 s; its console's last lines:"
            tail -n 15 "$CT_LOG" | sed 's/^/#   /'
            kill -TERM "$CT_NSPAWN" 2> /dev/null
            _container_gone 15
        } || {
            kill -KILL "$CT_NSPAWN" ${CT_LEADER:+"$CT_LEADER"} 2> /dev/null
            _container_gone 5
        }
    fi
    # Removing the copy (800 MB, tens of thousands of files) may take a
    # while on a busy disk: it is timed apart from the poweroff.
    [ -z "${CT_TIMES:-}" ] || echo "# time: poweroff: $((SECONDS - CT_TIMES)) s"
    if grep -qF " $CT_DIR/" /proc/self/mountinfo; then
        echo "# container.sh: $CT_DIR still has mounts; not removed" >&2
    else
        rm -rf "$CT_DIR"
    fi
    CT_DIR= CT_NSPAWN= CT_LEADER=
}

_container_gone() {
    local i
    for ((i = 0; i < $1 * 10; i++)); do
        _alive "$CT_NSPAWN" || { wait "$CT_NSPAWN" 2> /dev/null; return 0; }
        sleep 0.1
    done
    return 1
}

# A process that has exited but is not yet reaped (a zombie) is not alive.
_alive() {
    local state
    state=$(ps -o stat= -p "$1") || return 1
    [ "${state#Z}" = "$state" ]
}
