#!/usr/bin/env python3
"""Measure the product's boot: instructions from kernel entry to the shell's prompt, and
the wall time of `make run` to the prompt.

Instructions: the product kernel boots on one hart under QEMU's -icount shift=0, where
the system clock advances one nanosecond per instruction while the hart runs. At the
shell's greeting this types `uptime` twice; each prints the hart's busy time since the
kernel started (clock_read: the clock less the hart's idle time). The first counts the
boot, the prompt and one `uptime` command; the second one more command; so the boot to
the prompt is the first less the difference. Idle time is left out, and so is the
interrupt entry of an idle hart, which the kernel counts as idle (RFC-0003).

Wall time: `make run` as a user types it, with everything already built, from its start
to the shell's greeting on the console; then `shutdown` ends it.

Each figure is measured --runs times; the medians are printed last. The product kernel
must be built (`make build`).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KERNEL = "build/kernel/cairn.elf"
GREETING = "Cairn shell: type help for the commands"
UPTIME = re.compile(r"uptime: .*; 1 hart busy (\d+)\.(\d{9}) s, idle")
ENDED = "init exited with status"


class Boot:
    """One QEMU (or make run) process: its console lines, and text typed into it."""

    def __init__(self, cmd: list[str]) -> None:
        self.start = time.monotonic()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def wait_for(self, pattern: re.Pattern[str] | str, deadline: float) -> tuple[str, float]:
        """The first console line holding `pattern`, and the seconds since start it came."""
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            raw = self.proc.stdout.readline()
            if not raw:
                raise RuntimeError("the console closed before the expected line")
            line = raw.decode("utf-8", "replace").replace("\x01", "").strip()
            hit = pattern.search(line) if isinstance(pattern, re.Pattern) else pattern in line
            if hit:
                return line, time.monotonic() - self.start
        raise RuntimeError(f"no line with {pattern!r} in time")

    def type(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def end(self) -> None:
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def busy_ns(line: str) -> int:
    match = UPTIME.search(line)
    if match is None:
        raise RuntimeError(f"not an uptime line: {line}")
    return int(match.group(1)) * 1_000_000_000 + int(match.group(2))


def instructions_to_prompt(timeout: float) -> int:
    boot = Boot(["bash", "tools/run-qemu.sh", "--kernel", KERNEL, "--smp", "1", "--mem", "128M",
                 "--icount"])
    deadline = time.monotonic() + timeout
    try:
        boot.wait_for(GREETING, deadline)
        boot.type("uptime\r")
        first = busy_ns(boot.wait_for(UPTIME, deadline)[0])
        boot.type("uptime\r")
        second = busy_ns(boot.wait_for(UPTIME, deadline)[0])
        boot.type("shutdown\r")
        boot.wait_for(ENDED, deadline)
    finally:
        boot.end()
    return first - (second - first)


def make_run_to_prompt(timeout: float) -> float:
    boot = Boot(["make", "--no-print-directory", "run"])
    deadline = time.monotonic() + timeout
    try:
        seconds = boot.wait_for(GREETING, deadline)[1]
        boot.type("shutdown\r")
        boot.wait_for(ENDED, deadline)
    finally:
        boot.end()
    return seconds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="boot_figures", description=__doc__.split("\n\n")[0],
                                     epilog="The method is in the module's docstring.")
    parser.add_argument("--runs", type=int, default=5, help="boots per figure (default 5)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds one boot may take")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not (ROOT / KERNEL).is_file():
        print(f"boot_figures: {KERNEL} is missing; run `make build` first", file=sys.stderr)
        return 2
    try:
        counts = []
        for i in range(args.runs):
            counts.append(instructions_to_prompt(args.timeout))
            print(f"run {i + 1}/{args.runs}: {counts[-1]} instructions from kernel entry to the prompt",
                  flush=True)
        walls = []
        for i in range(args.runs):
            walls.append(make_run_to_prompt(args.timeout))
            print(f"run {i + 1}/{args.runs}: make run reached the prompt in {walls[-1]:.2f} s", flush=True)
    except (RuntimeError, OSError) as exc:
        print(f"boot_figures: {exc}", file=sys.stderr)
        return 1
    print(f"median: {int(statistics.median(counts))} instructions from kernel entry to the prompt "
          f"(min {min(counts)}, max {max(counts)})")
    print(f"median: make run to the prompt in {statistics.median(walls):.2f} s "
          f"(min {min(walls):.2f}, max {max(walls):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
