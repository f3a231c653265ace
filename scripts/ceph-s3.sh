#!/usr/bin/env bash
# A throwaway single-node Ceph cluster serving S3 on 127.0.0.1, for tests: one monitor, one in-memory OSD (memstore)
# and a RADOS Gateway. Everything it writes (config, data, logs, sockets, pid files) stays under DIR, so several
# clusters can run side by side and nothing lands in /etc/ceph or /var/lib/ceph.
#
#   scripts/ceph-s3.sh start DIR [OWNER_PID]
#                                  start a cluster in DIR (must be empty or absent) and print the export lines;
#                                  with OWNER_PID, the cluster also stops itself once that process has exited
#   scripts/ceph-s3.sh env DIR     print the export lines of the cluster in DIR (also in DIR/s3.env)
#   scripts/ceph-s3.sh stop DIR    stop the daemons of the cluster in DIR and remove DIR
#
# Needs Debian's radosgw, ceph-mon and ceph-osd (apt-get install radosgw ceph-mon ceph-osd) and curl.
set -euo pipefail

readonly ACCESS_KEY=ratchettestaccesskey
readonly SECRET_KEY=ratchettestsecretkey0123456789abcdefghij
readonly REGION=us-east-1
readonly READY_SECONDS=60

usage() {
  echo "usage: $0 start DIR [OWNER_PID] | stop DIR | env DIR" >&2
  exit 2
}

die() {
  echo "ceph-s3: $*" >&2
  exit 1
}

# Ports the kernel hands out for port 0 are free right now; another process could take one before the daemon
# binds it, which start reports as a daemon that failed to come up.
free_ports() {
  /usr/bin/python3 - "$1" <<'EOF'
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))
EOF
}

# Killed daemons can linger as zombies when nothing reaps them, so "kill -0" says alive; a Z state means dead.
alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}

require_tools() {
  local tool missing=()
  for tool in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool ceph curl; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [ -x /usr/bin/python3 ] || missing+=(/usr/bin/python3)
  if [ ${#missing[@]} -gt 0 ]; then
    die "missing ${missing[*]}: install Debian's radosgw, ceph-mon and ceph-osd (apt-get install radosgw ceph-mon ceph-osd) and curl."
  fi
}

write_conf() {
  local dir=$1 fsid=$2 mon_port=$3 s3_port=$4
  cat >"$dir/ceph.conf" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
mon initial members = a
# Without these the OSD listens on every interface.
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
ms bind msgr1 = false
# A throwaway cluster on the loopback needs no authentication. With cephx off, the gateway must also ask for
# crc mode (its default asks for secure mode first, which needs cephx keys) or it cannot talk to the monitor and OSD.
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
ms client mode = crc
# One OSD: one copy per object, few placement groups, so the pools the gateway creates on its own fit.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
osd crush chooseleaf type = 0
run dir = $dir/run
log file = $dir/log/\$name.log
mon cluster log file = $dir/log/cluster.log
keyring = $dir/keyring
crash dir = $dir/crash
# The monitor refuses to run when the disk under its data is nearly full; a test machine's disk may be.
mon data avail crit = 1
# The monitor batches map changes for a second by default; the gateway's first start makes a dozen of them, one
# after the other (each pool it creates), which made start take 13 s instead of 3.
paxos propose interval = 0.01

[mon]
mon data = $dir/mon/\$cluster-\$id
admin socket = $dir/run/\$name.asok

[osd]
osd data = $dir/osd/\$cluster-\$id
osd objectstore = memstore
# Data lives in memory, counted against this size (not reserved up front): 8 GiB lets a 1 GiB benchmark fit with
# room to spare. The OSD's resident memory grows to about twice the bytes stored.
memstore device bytes = 8589934592
admin socket = $dir/run/\$name.asok

[client.rgw.gw]
rgw data = $dir/rgw
# tcp_nodelay removes a 40 ms delayed-ACK stall on every small request.
rgw frontends = beast endpoint=127.0.0.1:$s3_port tcp_nodelay=1
# Deleted objects' data is freed by the gateway's garbage collector, by default hours later: in memory, a benchmark
# that writes and deletes gigabytes would fill the store (and the machine's memory) first.
rgw gc obj min wait = 0
rgw gc processor period = 5
# 512 request threads by default (600 in all); tests need far fewer.
rgw thread pool size = 64
admin socket = $dir/run/\$name.asok
EOF
}

export_lines() {
  local port=$1
  printf 'export AWS_ENDPOINT_URL=http://127.0.0.1:%s\n' "$port"
  printf 'export AWS_ACCESS_KEY_ID=%s\n' "$ACCESS_KEY"
  printf 'export AWS_SECRET_ACCESS_KEY=%s\n' "$SECRET_KEY"
  printf 'export AWS_REGION=%s\n' "$REGION"
}

# An authenticated request proves the whole path: gateway up, its pools created, the user known.
s3_ready() {
  local port=$1
  curl -sf -o /dev/null --max-time 2 --aws-sigv4 "aws:amz:$REGION:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
    "http://127.0.0.1:$port/"
}

# Polls a readiness check; a daemon that has already died (a port taken meanwhile, a bad setting) fails at once
# instead of after the whole wait.
wait_for() {
  local what=$1 pid=$2 log=$3 deadline=$4
  shift 4
  until "$@" >/dev/null 2>&1; do
    if ! alive "$pid"; then
      die "$what exited during start; read $log"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "$what was not ready after ${READY_SECONDS} s; read $log"
    fi
    sleep 0.1
  done
  # Another server that took the port meanwhile could have answered the check.
  alive "$pid" || die "$what exited during start; read $log"
}

# Runs a daemon in the foreground as a background job, so its pid is known at once and stays on record after it
# dies (a daemon's own pid file appears only after start-up and vanishes when it fails). Its output goes to a file,
# not to the pipes of whoever ran this script, or a caller reading them to the end would wait for the daemon.
launch() {
  local dir=$1 name=$2
  shift 2
  "$@" -f </dev/null >>"$dir/log/$name.out" 2>&1 &
  echo $! >"$dir/run/$name.pid"
  echo $!
}

# A test process that dies without stopping its cluster would leave three daemons behind; this stops them.
watch_owner() {
  local dir=$1 owner=$2
  (
    while alive "$owner"; do
      sleep 1
    done
    stop "$dir"
  ) </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/run/owner-watch.pid"
}

start() {
  local dir=$1 owner=${2:-}
  require_tools
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    die "$dir is not empty; give start an empty or new directory."
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  mkdir -p "$dir"/{run,log,mon,osd,rgw}
  if [ -n "$owner" ]; then
    alive "$owner" || die "owner process $owner is not running."
    watch_owner "$dir" "$owner"
  fi

  local fsid mon_port s3_port
  fsid=$(cat /proc/sys/kernel/random/uuid)
  read -r mon_port s3_port < <(free_ports 2)
  write_conf "$dir" "$fsid" "$mon_port" "$s3_port"
  local conf=(-c "$dir/ceph.conf")
  local deadline=$((SECONDS + READY_SECONDS))

  # mkfs wants a mon keyring even with authentication off.
  ceph-authtool "$dir/keyring" --create-keyring --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --addv a "[v2:127.0.0.1:$mon_port]" --fsid "$fsid" "$dir/monmap" >/dev/null
  ceph-mon "${conf[@]}" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring" 2>>"$dir/log/setup.log"
  local pid
  pid=$(launch "$dir" mon.a ceph-mon "${conf[@]}" -i a)
  wait_for "The monitor" "$pid" "$dir/log/mon.a.log" "$deadline" ceph "${conf[@]}" --connect-timeout 2 mon stat

  local osd_uuid osd_id
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  osd_id=$(ceph "${conf[@]}" osd create "$osd_uuid")
  mkdir -p "$dir/osd/ceph-$osd_id"
  ceph-osd "${conf[@]}" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" 2>>"$dir/log/setup.log"
  pid=$(launch "$dir" "osd.$osd_id" ceph-osd "${conf[@]}" -i "$osd_id")
  wait_for "The OSD" "$pid" "$dir/log/osd.$osd_id.log" "$deadline" osd_up "$dir" "$osd_id"

  # The user first: radosgw-admin then makes the default zone and its pools alone, instead of racing the gateway.
  radosgw-admin "${conf[@]}" user create --uid=ratchet --display-name=Ratchet \
    --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null 2>>"$dir/log/setup.log"
  pid=$(launch "$dir" client.rgw.gw radosgw "${conf[@]}" -n client.rgw.gw)
  wait_for "The S3 gateway" "$pid" "$dir/log/client.rgw.gw.log" "$deadline" s3_ready "$s3_port"

  echo "$s3_port" >"$dir/s3.port"
  export_lines "$s3_port" >"$dir/s3.env"
  cat "$dir/s3.env"
}

osd_up() {
  local dir=$1 id=$2
  ceph -c "$dir/ceph.conf" --connect-timeout 2 osd dump | grep -q "^osd\.$id up"
}

env_of() {
  local dir=$1
  [ -f "$dir/s3.env" ] || die "no cluster in $dir (no s3.env); start one with: $0 start $dir"
  cat "$dir/s3.env"
}

stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  local pidfile pid pids=()
  for pidfile in "$dir"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    # The owner watch calls stop itself; it must not kill itself halfway.
    [ -n "$pid" ] && [ "$pid" != "$BASHPID" ] && alive "$pid" && pids+=("$pid")
  done
  # The data is thrown away, so there is nothing to shut down cleanly.
  for pid in "${pids[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  local tries
  for pid in "${pids[@]}"; do
    for tries in $(seq 50); do
      alive "$pid" || break
      sleep 0.1
    done
  done
  rm -rf "$dir"
}

[ $# -ge 2 ] || usage
case $1 in
  start) [ $# -le 3 ] || usage; start "$2" "${3:-}" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  env) [ $# -eq 2 ] || usage; env_of "$2" ;;
  *) usage ;;
esac
