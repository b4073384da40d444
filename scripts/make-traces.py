#!/usr/bin/env python3
"""Writes the small synthetic bandwidth traces shipped in traces/bandwidth/ (deterministic: the same files every run).

rural-3g.txt: the seed's rural viewer, "500 Kbps on average, fluctuating between 300 and 800 Kbps": a
mean-reverting random walk (Ornstein-Uhlenbeck, mean 500 Kbps, 10 s reversion time) sampled every second and
clipped to [300, 800] Kbps, 10 minutes long.
commute-4g.txt: a mobile link with deep fades: log-normal around 6 Mbps (sigma 0.6, 5 s correlation) with a
fade to 200 Kbps for 4 to 12 s about once a minute, 10 minutes long.
step-down.json: Sabre's network format, 60 s at 5 Mbps, 60 s at 1.2 Mbps, 60 s at 400 Kbps, 40 ms latency.
"""
import json
import math
import random
from pathlib import Path

out = Path(__file__).resolve().parent.parent / "traces" / "bandwidth"
out.mkdir(parents=True, exist_ok=True)

rng = random.Random(2026)
rate, lines = 500.0, ["0.0\t0.5"]
for second in range(1, 601):
    rate += (500.0 - rate) / 10.0 + rng.gauss(0.0, 90.0)
    rate = min(800.0, max(300.0, rate))
    lines.append(f"{second}.0\t{rate / 1000:.4f}")
(out / "rural-3g.txt").write_text("\n".join(lines) + "\n")

rng = random.Random(4)
level, fade, lines = 0.0, 0, ["0.0\t6.0"]
for second in range(1, 601):
    level = level * math.exp(-1 / 5) + rng.gauss(0.0, 0.6 * math.sqrt(1 - math.exp(-2 / 5)))
    if fade == 0 and rng.random() < 1 / 60:
        fade = rng.randint(4, 12)
    mbps = 0.2 if fade > 0 else 6.0 * math.exp(level)
    fade = max(0, fade - 1)
    lines.append(f"{second}.0\t{mbps:.4f}")
(out / "commute-4g.txt").write_text("\n".join(lines) + "\n")

steps = [(60000, 5000, 40), (60000, 1200, 40), (60000, 400, 40)]
(out / "step-down.json").write_text(json.dumps(
    [{"duration_ms": d, "bandwidth_kbps": b, "latency_ms": l} for d, b, l in steps], indent=1) + "\n")
