#!/usr/bin/env bash
# The Slurm recipe on a real Slurm: starts a one-node cluster on this machine (munged, slurmctld, slurmd, with
# a throwaway slurm.conf), runs cluster/slurm-sweep.sbatch as a seven-task array job over
# scenarios/sweeps/starter-fleet.yaml, merges the shards' partials with vidsim merge, and compares the merged
# report, file by file, with the one a single vidsim sweep writes; then the same for a run's replications with
# cluster/slurm-run.sbatch (scenarios/abr-compare.yaml, three tasks). Prints PASS or FAIL per file and exits
# non-zero on any difference or failure. Not part of CI (it needs root, installs Debian's slurm-wlm and munge
# when missing, and starts daemons); run it after changing sweeps, sharding or the batch script, with vidsim
# built (swift build -c release):
#
#   sudo scripts/slurm-sweep-check.sh
#
# The daemons it started are stopped on exit; the installed packages stay. Its temporary folder (config,
# state, logs, reports) is removed after a pass and kept, with its path printed, after a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
vidsim=.build/release/vidsim
sweep=scenarios/sweeps/starter-fleet.yaml
array=0-6
replications=2
run_scenario=scenarios/abr-compare.yaml
[ "$(id -u)" -eq 0 ] || { echo "run as root: sudo $0" >&2; exit 1; }
[ -x "$vidsim" ] || { echo "no $vidsim: build it first (swift build -c release)" >&2; exit 1; }

# Install Slurm and munge from Debian if missing (Docker-style policy-rc.d, if any, keeps them from starting).
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
if ! installed slurm-wlm || ! installed munge; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm munge >/dev/null
fi

work=$(mktemp -d)
chmod 755 "$work"
pids=() # daemons this script started, stopped in reverse order on exit
cleanup() {
  local status=$?
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[$i]}" 2>/dev/null || true
    while kill -0 "${pids[$i]}" 2>/dev/null; do sleep 0.2; done
  done
  if [ "$status" -eq 0 ]; then rm -rf "$work"; else echo "kept $work (config, daemon and job logs)" >&2; fi
}
trap cleanup EXIT
wait_for() { # wait_for SECONDS WHAT COMMAND...: polls the command until it succeeds
  local seconds=$1 what=$2; shift 2
  for _ in $(seq $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "FAIL: $what within $seconds s" >&2; return 1
}

# munged: reuse one already running, else start one (with a key if the package left none).
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  [ -f /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
  install -d -o munge -g munge -m 755 /run/munge
  setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground >"$work/munged.log" 2>&1 &
  pids+=($!)
  wait_for 10 "munged answering" sh -c 'munge -n </dev/null | unmunge'
fi

# A one-node cluster: this host, all its CPUs, 90% of its memory; state, spool, pid files and logs in $work.
host=$(hostname -s)
memory=$(awk '/^MemTotal:/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
mkdir -p "$work/state" "$work/spool" "$work/logs"
cat >"$work/slurm.conf" <<EOF
ClusterName=vidsim-check
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf # read by the daemons, sinfo, sbatch and squeue alike
slurmctld -D -i >>"$work/slurmctld.out" 2>&1 &
pids+=($!)
wait_for 30 "slurmctld answering" scontrol ping
slurmd -D >>"$work/slurmd.out" 2>&1 &
pids+=($!)
wait_for 60 "node $host idle" sh -c "sinfo -h -n '$host' -o %T | grep -qx idle"
sinfo

# An array job from the repository's folder, its task logs in $work/logs (not the batch script's default, the
# repository's folder); polled every second for up to 10 min (sbatch --wait polls ever more slowly).
# array_job ARRAY SCRIPT ARGS...: fails unless every task completed.
array_job() {
  local array=$1 script=$2; shift 2
  local tasks=$((${array#*-} - ${array%-*} + 1))
  echo "sbatch --array=$array $script $*"
  local start end job completed
  start=$(date +%s.%N)
  job=$(sbatch --parsable --chdir="$repo" --output="$work/logs/$(basename "$script" .sbatch)-%A_%a.out" --array="$array" "$script" "$@")
  for _ in $(seq 600); do [ -n "$(squeue -h -j "$job" -o %i)" ] || break; sleep 1; done
  end=$(date +%s.%N)
  echo "job $job: array $array ended in $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}') s"
  squeue -h -t all -j "$job" -o "  %i %T on %N, %S to %e" | sort -V
  completed=$(squeue -h -t all -j "$job" -o %T | grep -cx COMPLETED || true)
  if [ "$completed" -ne "$tasks" ]; then
    echo "FAIL: array job $job: $completed of $tasks tasks completed" >&2
    tail -n 20 "$work"/logs/*.out >&2 || true
    exit 1
  fi
}
failures=0
same() { # same FILE A B [wall]: byte for byte, or but for the sentence on wall time
  if [ "${4:-}" = wall ]; then
    cmp <(grep -v ' s of wall time' "$2") <(grep -v ' s of wall time' "$3") >/dev/null && local ok=1 || local ok=0
  else
    cmp "$2" "$3" && local ok=1 || local ok=0
  fi
  if [ "$ok" -eq 1 ]; then
    echo "PASS: $1 (Slurm array, merged) is the same as one process's${4:+ (but for the wall time)}"
  else
    echo "FAIL: $1 (Slurm array, merged) differs from one process's"
    failures=$((failures + 1))
  fi
}

# The sweep: merge, run the same sweep in one process (their tables to $work), and compare byte for byte.
array_job "$array" cluster/slurm-sweep.sbatch "$sweep" --reports "$work/slurm" --replications "$replications"
"$vidsim" merge "$work/slurm/sweep-starter-fleet/partials" >"$work/merge.out"
head -n 1 "$work/merge.out"
"$vidsim" sweep "$sweep" --reports "$work/single" --replications "$replications" >"$work/single.out"
head -n 1 "$work/single.out"
for file in sweep.json sweep.md sweep.csv sweep.html; do
  same "$file" "$work/slurm/sweep-starter-fleet/$file" "$work/single/sweep-starter-fleet/$file"
done

# A run with a CDN and players, its replications sharded by cluster/slurm-run.sbatch: report.json and report.csv
# byte for byte; report.md and report.html but for the sentence on wall time (the shards' sum when merged).
array_job 0-2 cluster/slurm-run.sbatch run "$run_scenario" --reports "$work/slurm" --replications 3
"$vidsim" merge "$work/slurm/abr-compare/partials" >"$work/merge-run.out"
head -n 1 "$work/merge-run.out"
"$vidsim" run "$run_scenario" --reports "$work/single" --replications 3 >"$work/single-run.out"
head -n 1 "$work/single-run.out"
for file in report.json report.csv; do same "$file" "$work/slurm/abr-compare/$file" "$work/single/abr-compare/$file"; done
for file in report.md report.html; do same "$file" "$work/slurm/abr-compare/$file" "$work/single/abr-compare/$file" wall; done
[ "$failures" -eq 0 ]
