#!/usr/bin/env python3
"""Replay parity with libCacheSim: the same traces through vidsim's and libCacheSim's policies.

Writes Zipf traces with `vidsim cache zipf` (equal sizes and lognormal sizes), replays them through LRU, FIFO,
SIEVE, S3-FIFO and Belady at several cache sizes in both, and checks: LRU and FIFO equal to libCacheSim's
(deterministic policies), SIEVE and S3-FIFO within 0.5 percentage point, Belady at or above every other
policy. Prints a table; exits non-zero on any miss. Run by scripts/cache-parity.sh (which installs libcachesim).
"""
import csv, os, subprocess, sys, tempfile
import libcachesim as lcs

VIDSIM = os.environ.get("VIDSIM", ".build/release/vidsim")
POLICIES = [("lru", lcs.LRU, 0.0), ("fifo", lcs.FIFO, 0.0), ("sieve", lcs.Sieve, 0.005),
            ("s3fifo", lcs.S3FIFO, 0.005), ("belady", lcs.Belady, None)]
TRACES = [  # name, vidsim cache zipf options
    ("zipf-0.8-equal", ["--objects", "100000", "--requests", "2000000", "--alpha", "0.8", "--object-size", "1"]),
    ("zipf-1.0-equal", ["--objects", "100000", "--requests", "2000000", "--alpha", "1.0", "--object-size", "1", "--seed", "2"]),
    ("zipf-0.9-sized", ["--objects", "100000", "--requests", "2000000", "--alpha", "0.9", "--median-size", "100000",
                        "--size-sigma", "1", "--seed", "3"]),
]
SHARES = [0.001, 0.01, 0.1]

def main():
    failures = 0
    work = tempfile.mkdtemp(prefix="vidsim-parity-")
    print(f"{'trace':16} {'policy':7} {'cache':>14} {'vidsim':>9} {'libCacheSim':>12} {'diff':>9}  check")
    for name, options in TRACES:
        path = os.path.join(work, name + ".oracleGeneral")
        subprocess.run([VIDSIM, "cache", "zipf", path] + options, check=True, stderr=subprocess.DEVNULL)
        sizes = ",".join(f"{share * 100:g}%" for share in SHARES)
        out = os.path.join(work, name + ".csv")
        subprocess.run([VIDSIM, "cache", "replay", path, "--policy", ",".join(p[0] for p in POLICIES), "--size", sizes,
                        "--threads", "1", "--csv", out], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ours = {}
        with open(out) as f:
            for row in csv.DictReader(f):
                ours[(row["policy"], int(row["capacity_bytes"]))] = float(row["object_hit_ratio"])
        capacities = sorted({capacity for (_, capacity) in ours})
        for capacity in capacities:
            theirs_at = {}
            for policy, make, tolerance in POLICIES:
                reader = lcs.TraceReader(path, lcs.TraceType.ORACLE_GENERAL_TRACE)
                miss_ratio, _ = make(capacity).process_trace(reader)
                theirs = 1 - miss_ratio
                theirs_at[policy] = theirs
                mine = ours[(policy, capacity)]
                diff = mine - theirs
                if tolerance is None:
                    ok = all(mine >= ours[(other, capacity)] - 1e-12 for other, _, _ in POLICIES)
                    check = "at or above every policy" if ok else "BELOW ANOTHER POLICY"
                else:
                    ok = abs(diff) <= tolerance + 1e-9
                    check = ("equal" if tolerance == 0 else f"within {tolerance * 100:g} point") if ok else "MISMATCH"
                failures += 0 if ok else 1
                print(f"{name:16} {policy:7} {capacity:>14} {mine:9.5f} {theirs:12.5f} {diff:+9.5f}  {check}")
    print("parity: " + ("all checks passed" if failures == 0 else f"{failures} checks FAILED"))
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
