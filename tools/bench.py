#!/usr/bin/python3
"""Boot the benchmark kernel once and hold its figures to the recorded ones.

The benchmark itself runs in the guest (services/bench/): in the bench boot
image the client is `init`, and it prints one line per case,

    bench: ipc_roundtrip instructions=NNN (median of K batches of M; min A, max B)

This tool boots build/bench/cairn-bench.elf through tools/run-qemu.sh with one
hart, 128 MiB, -icount shift=0,sleep=off (one instruction is one nanosecond
of guest time, so every figure is an instruction count and the same on every
host; an idle wait during the boot ends at its deadline instead of lasting
host time) and a fixed nonce (the whole boot is then the same instruction
stream every time, boot_to_init included).
It requires every case of the record, a clean end (QEMU exit 0) and no PANIC
or FAIL on the console, then compares each figure with gates/bench.yaml: more
than TOLERANCE_PERCENT worse than recorded fails (RFC-0005, "Speed").

Problems are printed as `path:line: message`; the exit status is 0 when every
figure is within bounds, 1 when a figure regressed or the boot failed, 2 on a
usage error or a missing tool. --update writes the measured figures into the
record instead of comparing (after a change that moves them on purpose).
--log keeps the whole console. `just bench` and the gate's bench stage both
run this file; it owns the judgement, they only call it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from gates.stages.qemu import attribute  # noqa: E402 - the one reader of console tags (RFC-0006)
from tools import guestboot  # noqa: E402 - the one way a tool boots a guest (RFC-0017)

KERNEL = Path("build/bench/cairn-bench.elf")
RECORD = Path("gates/bench.yaml")
COMPARE_DIR = Path("build/compare")  # --compare's worktrees, one per commit
BUILD_TIMEOUT_S = 1800.0
QEMU = "qemu-system-riscv64"
NONCE = "be7c0de"  # fixed: the boot is then deterministic under -icount
MEMORY = "128M"
TIMEOUT_S = 120.0
TOLERANCE_PERCENT = 10  # RFC-0005: the gate fails a figure more than 10% worse
FORBIDDEN = ("PANIC", "FAIL")
TAIL_LINES = 40

# The bench image's client is packed as init (services/bench/bench.mk): a figure counts
# only from a line the kernel tagged as that process's output (RFC-0006).
FIGURE_SOURCE = "init"
FIGURE = re.compile(
    r"^bench: (?P<name>[a-z][a-z0-9_]*) instructions=(?P<value>\d+) "
    r"\(median of (?P<batches>\d+) batches of (?P<per_batch>\d+)\b.*\)$"
)

RECORD_HEADER = """\
# The benchmark figures Cairn is held to (RFC-0005, "Speed"), in instructions per
# operation: the median over timed batches of the guest benchmark in services/bench/,
# booted by tools/bench.py with one hart and QEMU's -icount shift=0,sleep=off. `just bench` and
# the gate's bench stage fail when a measured figure is more than 10% above the one
# recorded here. After a change that moves a figure on purpose, re-record with
# `just bench --update` and say why in the commit. `target` is the goal for the
# figure: once the recorded figure meets it, it is a ceiling too, and a measured
# figure above it fails however close to the record. Schema: schemas/bench.schema.json.
"""


class BenchError(Exception):
    """The boot or the record cannot give figures; the message is one `path:line: ...` line."""


@dataclass(frozen=True)
class Figure:
    name: str
    instructions: int
    batches: int
    per_batch: int
    line: str  # the console line, as printed


@dataclass(frozen=True)
class Recorded:
    name: str
    instructions: int
    target: int | None
    line: int  # where the figure is in the record


@dataclass(frozen=True)
class Verdict:
    name: str
    measured: int
    recorded: int
    limit: int  # the largest measured value that still passes
    target: int | None
    line: int

    @property
    def regressed(self) -> bool:
        return self.measured > self.limit

    def percent(self) -> float:
        return 100.0 * (self.measured - self.recorded) / self.recorded


def parse_console(lines: list[str]) -> dict[str, Figure]:
    """Every benchmark line the bench client printed, by case name; a case printed twice
    keeps its last. A figure line from any other source is not a figure."""
    figures: dict[str, Figure] = {}
    for part in (p for line in lines for p in attribute(line) if p.source == FIGURE_SOURCE):
        m = FIGURE.match(part.text)
        if m:
            figures[m["name"]] = Figure(m["name"], int(m["value"]), int(m["batches"]),
                                        int(m["per_batch"]), part.text)
    return figures


def console_problem(lines: list[str]) -> str | None:
    """The first console line that shows the run failed, or None."""
    return next((ln.strip() for ln in lines if any(word in ln for word in FORBIDDEN)), None)


def limit_of(recorded: int) -> int:
    """The largest figure within TOLERANCE_PERCENT of `recorded` (whole instructions)."""
    return recorded * (100 + TOLERANCE_PERCENT) // 100


def load_record(path: Path, rel: str) -> dict[str, Recorded]:
    """The recorded figures, by case name, with their lines. The schema is the contract
    gate's to enforce; this reads only what it needs and says plainly what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        figures = data["figures"]
        out = {}
        for name, entry in figures.items():
            target = entry.get("target")
            out[str(name)] = Recorded(str(name), int(entry["instructions"]),
                                      None if target is None else int(target), _line_of(text, name))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BenchError(f"{rel}:1: cannot read the record: {type(exc).__name__}: {exc}".splitlines()[0]) from exc
    if not out or any(r.instructions <= 0 for r in out.values()):
        raise BenchError(f"{rel}:1: the record needs at least one figure, each above 0")
    return out


def _line_of(text: str, name: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == f"{name}:":
            return number
    return 1


def compare(figures: dict[str, Figure], record: dict[str, Recorded], rel: str) -> tuple[list[Verdict], list[str]]:
    """A verdict per recorded figure, and the problems: a regression or a case the boot did not print."""
    verdicts, problems = [], []
    for name, rec in record.items():
        fig = figures.get(name)
        if fig is None:
            problems.append(f"{rel}:{rec.line}: {name}: the benchmark printed no figure for it")
            continue
        limit = limit_of(rec.instructions)
        ceiling = rec.target is not None and rec.instructions <= rec.target
        if ceiling and rec.target is not None:
            limit = min(limit, rec.target)  # a target the record meets is held too
        v = Verdict(name, fig.instructions, rec.instructions, limit, rec.target, rec.line)
        verdicts.append(v)
        if v.regressed and ceiling and v.measured > (rec.target or 0):
            problems.append(
                f"{rel}:{v.line}: {name}: {v.measured} instructions is above its target of "
                f"{rec.target}, which the recorded {v.recorded} meets (limit {v.limit})"
            )
        elif v.regressed:
            problems.append(
                f"{rel}:{v.line}: {name}: {v.measured} instructions is {v.percent():+.1f}% against the "
                f"{v.recorded} recorded; more than {TOLERANCE_PERCENT}% worse (limit {v.limit})"
            )
    return verdicts, problems


def describe(v: Verdict) -> str:
    target = ""
    if v.target is not None:
        target = f"; target <= {v.target}: {'met' if v.measured <= v.target else 'not met'}"
    state = "REGRESSED" if v.regressed else "ok"
    if v.percent() < -TOLERANCE_PERCENT:
        state += " (better than recorded: `just bench --update` makes the gate hold the new figure)"
    return (f"bench: {v.name} {v.measured} vs recorded {v.recorded} ({v.percent():+.1f}%, "
            f"fails above {v.limit}{target}): {state}")


def render_record(figures: dict[str, Figure], old: dict[str, Recorded], environment: str, today: str) -> str:
    """The record file for `figures`, keeping each old target."""
    body: dict[str, Any] = {"measured_on": today, "environment": environment, "figures": {}}
    for name in sorted(figures):
        fig = figures[name]
        entry: dict[str, Any] = {"instructions": fig.instructions, "batches": fig.batches,
                                 "per_batch": fig.per_batch}
        if name in old and old[name].target is not None:
            entry["target"] = old[name].target
        body["figures"][name] = entry
    return RECORD_HEADER + yaml.safe_dump(body, sort_keys=False, default_flow_style=False)


def boot_args(kernel: str) -> list[str]:
    return ["--kernel", kernel, "--smp", "1", "--mem", MEMORY, "--nonce", NONCE, "--icount", "--no-sleep"]


def boot(kernel: str, shown: str, timeout: float, log: Path | None) -> tuple[list[str], int]:
    """Boot `kernel` to its end (tools/guestboot.py): the console lines and QEMU's exit status."""
    cmd = guestboot.command(boot_args(kernel))
    try:
        lines, code = guestboot.boot(boot_args(kernel), timeout)
    except guestboot.Overrun as over:
        _write_log(log, cmd, over.lines)
        raise BenchError(f"{shown}:1: the bench boot did not end within {timeout:g} s") from None
    _write_log(log, cmd, lines)
    return lines, code


def _write_log(log: Path | None, cmd: list[str], lines: list[str]) -> None:
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"# $ {' '.join(cmd)}\n" + "".join(ln + "\n" for ln in lines), encoding="utf-8")


def measure(kernel: str, shown: str, timeout: float, log: Path | None) -> dict[str, Figure]:
    """One boot's figures, or BenchError with the reason and the console's last lines.
    `shown` is the kernel's name in messages."""
    start = time.monotonic()
    lines, code = boot(kernel, shown, timeout, log)
    problem = console_problem(lines)
    if problem is None and code != 0:
        problem = f"QEMU exited with {code}, not 0"
    if problem is not None:
        tail = "\n".join(lines[-TAIL_LINES:])
        raise BenchError(f"{shown}:1: the bench boot failed: {problem}\n"
                         f"--- last {min(len(lines), TAIL_LINES)} console lines ---\n{tail}")
    figures = parse_console(lines)
    if not figures:
        raise BenchError(f"{shown}:1: the bench boot printed no figure")
    print(f"bench: booted {shown} in {time.monotonic() - start:.1f}s (1 hart, -icount shift=0,sleep=off)")
    return figures


def _old_record(path: Path, rel: str, update: bool) -> dict[str, Recorded]:
    """The record to compare with; when updating, an unreadable one only loses its targets."""
    try:
        return load_record(path, rel)
    except BenchError:
        if update:
            return {}
        raise


def qemu_version() -> str:
    try:
        done = subprocess.run([QEMU, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "QEMU (version unknown)"
    first = (done.stdout.splitlines() or ["QEMU"])[0]
    m = re.search(r"version (\S+)", first)
    return f"QEMU {m[1]}" if m else first


def _path(given: Path | None, default: Path) -> tuple[Path, str]:
    """A path argument as (absolute path, the name to print): given ones are the
    caller's, relative to the working directory; defaults are the repository's."""
    if given is None:
        return ROOT / default, str(default)
    return given.resolve(), str(given)


def build_other(rev: str) -> tuple[Path, str]:
    """Build commit `rev`'s bench kernel in a worktree of its own under COMPARE_DIR (kept, so a
    second comparison with the same commit only boots); the kernel's path and a label."""
    done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"bench: --compare {rev}: not a commit of this repository")
    sha = done.stdout.strip()
    tree = ROOT / COMPARE_DIR / sha[:12]
    if not (tree / ".git").exists():
        shutil.rmtree(tree, ignore_errors=True)
        add = subprocess.run(["git", "worktree", "add", "--detach", str(tree), sha], cwd=ROOT,
                             capture_output=True, text=True, check=False)
        if add.returncode != 0:
            raise BenchError(f"bench: --compare {rev}: git worktree add failed: {add.stderr.strip()}")
    print(f"bench: building {rev} ({sha[:12]}) in {tree.relative_to(ROOT)} ...", flush=True)
    make = subprocess.run(["make", "-s", "-C", str(tree), str(KERNEL)], capture_output=True, text=True,
                          check=False, timeout=BUILD_TIMEOUT_S)
    if make.returncode != 0 or not (tree / KERNEL).is_file():
        tail = "\n".join((make.stdout + make.stderr).splitlines()[-10:])
        raise BenchError(f"bench: --compare {rev}: its bench kernel did not build\n{tail}")
    return tree / KERNEL, f"{rev} ({sha[:12]})"


def compare_table(mine: dict[str, Figure], theirs: dict[str, Figure], label: str) -> list[str]:
    """One line per figure either side printed: the other commit's, this tree's, the change."""
    names = list(mine) + [n for n in theirs if n not in mine]
    width = max(len(n) for n in names)
    lines = [f"bench: {'figure':<{width}}  {'other':>12}  {'this':>12}  change   (other = {label})"]
    for name in names:
        a = theirs[name].instructions if name in theirs else None
        b = mine[name].instructions if name in mine else None
        change = f"{(b - a) * 100.0 / a:+.1f}%" if a and b is not None else "-"
        lines.append(f"bench: {name:<{width}}  {a if a is not None else '-':>12}  "
                     f"{b if b is not None else '-':>12}  {change}")
    return lines


def _report(figures: dict[str, Figure], record: dict[str, Recorded], rel: str) -> int:
    """Print each figure against its record; 1 if any regressed or is missing."""
    verdicts, problems = compare(figures, record, rel)
    for v in verdicts:
        print(describe(v))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"bench: FAIL: {len(problems)} of {len(record)} recorded figures not met", file=sys.stderr)
        return 1
    print(f"bench: ok: {len(verdicts)} figures within {TOLERANCE_PERCENT}% of {rel}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench", description="Boot the benchmark kernel (1 hart, -icount shift=0) and compare its "
        f"figures with the record; fails on a figure more than {TOLERANCE_PERCENT}% worse.")
    parser.add_argument("--kernel", type=Path, help=f"the bench kernel (default {KERNEL})")
    parser.add_argument("--record", type=Path, help=f"the recorded figures (default {RECORD})")
    parser.add_argument("--log", type=Path, help="write the whole console here")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds the boot may take")
    parser.add_argument("--update", action="store_true", help="write the measured figures into the record")
    parser.add_argument("--compare", metavar="REV",
                        help="also build and boot commit REV's bench kernel and print both sets of "
                        "figures side by side (no judgement)")
    args = parser.parse_args(argv)
    kernel, kernel_rel = _path(args.kernel, KERNEL)
    record, record_rel = _path(args.record, RECORD)
    if not kernel.is_file():
        print(f"{kernel_rel}:1: missing (run 'make build' first)", file=sys.stderr)
        return 2
    if shutil.which(QEMU) is None:
        print(f"bench: {QEMU} is not installed", file=sys.stderr)
        return 2
    try:
        old = _old_record(record, record_rel, args.update)
        figures = measure(str(kernel), kernel_rel, args.timeout, args.log)
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 1
    for fig in figures.values():
        print(fig.line)
    if args.compare is not None:
        try:
            other_kernel, label = build_other(args.compare)
            other = measure(str(other_kernel), label, args.timeout, None)
        except (BenchError, subprocess.TimeoutExpired) as exc:
            print(exc, file=sys.stderr)
            return 1
        print("\n".join(compare_table(figures, other, label)))
        return 0
    if not args.update:
        return _report(figures, old, record_rel)
    environment = f"{qemu_version()} virt, -icount shift=0,sleep=off, 1 hart, {MEMORY}"
    record.write_text(render_record(figures, old, environment, date.today().isoformat()), encoding="utf-8")
    print(f"bench: recorded {len(figures)} figures in {record_rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
