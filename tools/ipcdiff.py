#!/usr/bin/python3
"""Boot the differential test on the fast and the slow kernel and compare (RFC-0014).

services/tests/ipcdiff/ is a client (packed as `init`) and a server that make a fixed
sequence of system calls with a distinct pattern in every register and print every
register they get back, one `ipcdiff: ...` line per call. The same image is linked into
two kernels from the same objects (services/tests/ipcdiff/ipcdiff.mk):

    build/ipcdiff/cairn-ipcdiff-fast.elf   the trap entry and fastpath.S as shipped
    build/ipcdiff/cairn-ipcdiff-slow.elf   the entry built with CAIRN_FASTPATH=0: the C path only

This tool boots each once through tools/run-qemu.sh (one hart, -icount shift=0, a fixed
nonce, so each boot is one deterministic instruction stream) and requires:

  - a clean end (QEMU exit 0), no PANIC or FAIL, and `ipcdiff: done N steps` with N the
    number of client steps printed and at least MIN_STEPS;
  - the same `ipcdiff:` lines, in the same order, from the same sources, on both kernels:
    every register of every call, on both sides;
  - on every step whose name holds `/fast`, fewer instructions on the fast kernel than on
    the slow one (the `ipcdiff-cost:` lines, read but not compared): the fast path was
    taken, not declined.

Problems are printed as `path:line: message`. Exit 0 when both boots agree, 1 when they
do not or a boot failed, 2 on a usage error or a missing kernel. `just ipcdiff` and the
gate's bench stage run it.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from gates.stages.qemu import attribute  # noqa: E402 - the one reader of console tags (RFC-0006)
from tools import guestboot  # noqa: E402 - the one way a tool boots a guest (RFC-0017)

FAST = "build/ipcdiff/cairn-ipcdiff-fast.elf"
SLOW = "build/ipcdiff/cairn-ipcdiff-slow.elf"
NONCE = "1bcd1ff"
TIMEOUT_S = 60.0
MIN_STEPS = 10
SOURCES = ("init", "ipcdiffsrv")  # the client is packed as init
FORBIDDEN = ("PANIC", "FAIL")
LINE = re.compile(r"^ipcdiff: ")
COST = re.compile(r"^ipcdiff-cost: (\d+) (\S+) (\d+)$")
DONE = re.compile(r"^ipcdiff: done (\d+) steps$")
STEP = re.compile(r"^ipcdiff: client (\d+) ")


class DiffError(Exception):
    """A boot gave no usable transcript; the message is one `path:line: ...` line."""


@dataclass(frozen=True)
class Transcript:
    lines: list[str]  # `[source] ipcdiff: ...`, in console order
    costs: dict[int, tuple[str, int]]  # step -> (name, instructions)
    steps: int


def read(console: list[str], shown: str) -> Transcript:
    """The transcript of one boot's console, or DiffError when it is not a whole run."""
    lines: list[str] = []
    costs: dict[int, tuple[str, int]] = {}
    steps = client_steps = 0
    for raw in console:
        if any(word in raw for word in FORBIDDEN):
            raise DiffError(f"{shown}:1: the console says: {raw.strip()}")
        for part in attribute(raw):
            if part.source not in SOURCES:
                continue
            cost = COST.match(part.text)
            if cost is not None:
                costs[int(cost.group(1))] = (cost.group(2), int(cost.group(3)))
            elif LINE.match(part.text):
                lines.append(f"[{part.source}] {part.text}")
                client_steps += 1 if part.source == "init" and STEP.match(part.text) else 0
                done = DONE.match(part.text)
                steps = int(done.group(1)) if done is not None and part.source == "init" else steps
    if steps == 0:
        raise DiffError(f"{shown}:1: the run did not finish (no `ipcdiff: done N steps` from init)")
    if steps != client_steps or steps < MIN_STEPS or len(costs) != steps:
        raise DiffError(f"{shown}:1: done says {steps} steps, the console shows {client_steps} "
                        f"with {len(costs)} costs (at least {MIN_STEPS} needed)")
    return Transcript(lines, costs, steps)


def compare(fast: Transcript, slow: Transcript) -> list[str]:
    """Every difference between the two transcripts, and every /fast step the fast kernel did not speed up."""
    problems = []
    for i in range(max(len(fast.lines), len(slow.lines))):
        a = fast.lines[i] if i < len(fast.lines) else "(nothing)"
        b = slow.lines[i] if i < len(slow.lines) else "(nothing)"
        if a != b:
            problems.append(f"{FAST}:1: line {i + 1} differs:\n  fast: {a}\n  slow: {b}")
            break  # what follows a first difference says little more
    for step, (name, cost) in sorted(fast.costs.items()):
        other = slow.costs.get(step)
        if "/fast" in name and other is not None and cost >= other[1]:
            problems.append(f"{FAST}:1: step {step} {name}: {cost} instructions on the fast kernel, "
                            f"{other[1]} on the slow one: the fast path was not taken")
    return problems


def boot(kernel: str, timeout: float) -> list[str]:
    try:
        lines, code = guestboot.boot(["--kernel", kernel, "--smp", "1", "--nonce", NONCE, "--icount"], timeout)
    except guestboot.Overrun:
        raise DiffError(f"{kernel}:1: the boot did not end within {timeout:g} s") from None
    if code != 0:
        tail = "\n".join(lines[-20:])
        raise DiffError(f"{kernel}:1: QEMU exited with {code}, not 0\n{tail}")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per boot")
    parser.add_argument("--show", action="store_true", help="print the fast kernel's transcript")
    args = parser.parse_args(argv)
    for kernel in (FAST, SLOW):
        if not (ROOT / kernel).is_file():
            print(f"{kernel}:1: missing; `make build` writes it", file=sys.stderr)
            return 2
    try:
        fast = read(boot(FAST, args.timeout), FAST)
        slow = read(boot(SLOW, args.timeout), SLOW)
    except DiffError as err:
        print(f"ipcdiff: {err}", file=sys.stderr)
        return 1
    if args.show:
        print("\n".join(fast.lines))
    problems = compare(fast, slow)
    quick = [f"{name} {cost}/{slow.costs[s][1]}" for s, (name, cost) in sorted(fast.costs.items())
             if "/fast" in name]
    for p in problems:
        print(p, file=sys.stderr)
    verdict = "differ" if problems else "agree"
    print(f"ipcdiff: {fast.steps} steps, {len(fast.lines)} lines: the two kernels {verdict}; "
          f"fast/slow instructions on the fast steps: {', '.join(quick)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
