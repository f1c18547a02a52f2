#!/usr/bin/python3
"""Round trips per second with one, two and four IPC pairs on one, two and four harts.

Boots build/bench-smp/cairn-bench-smp.elf (services/bench/smp/, whose init runs one, two
and four independent client/server pairs for 300 ms each) through tools/run-qemu.sh
*without* -icount, so the guest's clock is the host's wall clock and QEMU runs one host
thread per hart, once per hart count, --runs times, and prints the median rate of each
(pairs, harts) cell as a table. The figure depends on the host (its cores, its load), so it
is reported, not gated; the table says how many host CPUs there were.

Exit 0 when every boot printed every line, 1 when one did not, 2 on a usage error or a
missing kernel. `just bench-smp` runs it.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from gates.stages.qemu import attribute  # noqa: E402 - the one reader of console tags (RFC-0006)
from tools import guestboot  # noqa: E402 - the one way a tool boots a guest (RFC-0017)

KERNEL = "build/bench-smp/cairn-bench-smp.elf"
HARTS = (1, 2, 4)
PAIRS = (1, 2, 4)
TIMEOUT_S = 120.0
LINE = re.compile(r"^smp: pairs=(\d+) harts=(\d+) roundtrips=(\d+) ns=(\d+) per_second=(\d+)$")


def parse(console: list[str]) -> dict[int, int]:
    """pairs -> round trips per second, from init's lines; {} unless `smp: done` closes them."""
    rates: dict[int, int] = {}
    done = False
    for raw in console:
        for part in attribute(raw):
            if part.source != "init":
                continue
            m = LINE.match(part.text)
            if m is not None:
                rates[int(m[1])] = int(m[5])
            done = done or part.text == "smp: done"
    return rates if done else {}


def boot(harts: int, timeout: float) -> list[str]:
    try:
        lines, _ = guestboot.boot(["--kernel", KERNEL, "--smp", str(harts), "--nonce", "5"], timeout)
    except guestboot.Overrun as over:
        return over.lines  # without `smp: done`: parse gives nothing, and the caller fails
    return lines


def table(medians: dict[tuple[int, int], int]) -> list[str]:
    head = "smp: round trips per second (median)  " + "  ".join(f"{h} hart{'s' if h > 1 else ' '}"
                                                               .rjust(9) for h in HARTS)
    rows = [head]
    for p in PAIRS:
        cells = "  ".join(f"{medians[(p, h)]:>9}" for h in HARTS)
        rows.append(f"smp: {p} pair{'s' if p > 1 else ' '}".ljust(39) + cells)
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="boots per hart count (default 3)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per boot")
    args = parser.parse_args(argv)
    if args.runs < 1:
        print("smpbench: --runs must be at least 1", file=sys.stderr)
        return 2
    if not (ROOT / KERNEL).is_file():
        print(f"{KERNEL}:1: missing; `make build` writes it", file=sys.stderr)
        return 2
    samples: dict[tuple[int, int], list[int]] = {(p, h): [] for p in PAIRS for h in HARTS}
    for h in HARTS:
        for run in range(args.runs):
            print(f"smpbench: {h} hart(s), run {run + 1} of {args.runs} ...", file=sys.stderr, flush=True)
            rates = parse(boot(h, args.timeout))
            if sorted(rates) != list(PAIRS):
                print(f"{KERNEL}:1: the boot on {h} hart(s) did not print every pair count", file=sys.stderr)
                return 1
            for p, rate in rates.items():
                samples[(p, h)].append(rate)
    medians = {k: int(statistics.median(v)) for k, v in samples.items()}
    print("\n".join(table(medians)))
    print(f"smp: {args.runs} boots per hart count, 300 ms per cell, wall time; host CPUs: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
