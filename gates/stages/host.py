"""host: the host unit tests (Check, built with sanitizers) and the gate's own pytest suite.

`make host-tests` builds the Check binaries and `make -s print-host-tests` names them;
each runs from the repository root under a time limit. Check prints 100% for a run of
zero tests, so the stage counts tests itself: a binary that exits non-zero or prints no
summary fails, and so does a total of zero. Then the gate's pytest suite runs, with the
same rule: any failure or zero tests fails.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from gates import environment
from gates.cache import Inputs
from gates.report import Outcome, Verdict
from gates.stages import ctree
from gates.stages.base import Stage, StageContext, StageTimeout, Workspace

BINARY_TIMEOUT_S = 120
PYTEST_TIMEOUT_S = 600
CHECK_SUMMARY = re.compile(r"\d+%: Checks: (\d+), Failures: (\d+), Errors: (\d+)")
CHECK_FAILURE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<kind>[FE]):(?P<suite>[^:]*):(?P<test>[^:]*):\d+: ?(?P<msg>.*)$", re.M)
PYTEST_COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)\b")


@dataclass(frozen=True)
class CheckCounts:
    checks: int
    failures: int
    errors: int


def parse_check(output: str) -> CheckCounts | None:
    """The sum of every Check summary line in `output`, or None if there is none."""
    found = [tuple(map(int, m.groups())) for m in CHECK_SUMMARY.finditer(output)]
    if not found:
        return None
    return CheckCounts(*(sum(column) for column in zip(*found)))


@dataclass(frozen=True)
class PytestCounts:
    passed: int
    failed: int  # failures and errors together

    @property
    def ok(self) -> bool:
        return self.passed > 0 and self.failed == 0


def parse_pytest(output: str) -> PytestCounts:
    """Counts from pytest's closing line ("3 failed, 40 passed in 2.1s"); zeros if absent."""
    lines = [ln for ln in output.splitlines() if PYTEST_COUNT.search(ln) or "no tests ran" in ln]
    if not lines:
        return PytestCounts(0, 0)
    counts = {kind.rstrip("s"): int(n) for n, kind in PYTEST_COUNT.findall(lines[-1])}
    return PytestCounts(counts.get("passed", 0), counts.get("failed", 0) + counts.get("error", 0))


def inputs(ws: Workspace) -> Inputs:
    # Every file: the gate's own tests read the repository as a whole (the contracts over the
    # real tree, the hook configuration, the set-up script), besides what the unit tests build from.
    return Inputs(files=tuple(ws.files()), tools=("gcc", "make", "pkg-config", sys.executable))


def _run_binaries(ctx: StageContext, binaries: list[str]) -> tuple[int, list[str], bool]:
    """(total Check tests, messages, whether any binary overran its time)."""
    total, messages, overran = 0, [], False
    for binary in binaries:
        try:
            done = ctx.run([str(ctx.root / binary)], timeout=BINARY_TIMEOUT_S)
        except StageTimeout as exc:
            messages.append(f"{binary}:1: {exc}")
            overran = True
            continue
        counts = parse_check(done.output)
        for m in CHECK_FAILURE.finditer(done.output):
            messages.append(f"{m['path']}:{m['line']}: {m['suite']}/{m['test']}: {m['msg']}")
        if counts is None:
            messages.append(f"{binary}:1: printed no Check summary (exit {done.returncode})")
            continue
        total += counts.checks
        if done.returncode != 0:
            messages.append(f"{binary}:1: exited {done.returncode} ({counts.failures} failures, {counts.errors} errors)")
    return total, messages, overran


def _run_pytest(ctx: StageContext) -> tuple[PytestCounts, list[str]]:
    done = ctx.run([sys.executable, "-m", "pytest", "-q", "gates/tests"], timeout=PYTEST_TIMEOUT_S)
    counts = parse_pytest(done.output)
    messages = [f"gates/tests:1: {ln}" for ln in done.output.splitlines() if ln.startswith(("FAILED ", "ERROR "))]
    if done.returncode != 0 and not messages:
        messages.append(f"gates/tests:1: pytest exited {done.returncode} (see log)")
    if counts.passed == 0 and not messages:
        messages.append("gates/tests:1: pytest ran no tests")
    return counts, messages


def run(ctx: StageContext) -> Verdict:
    built = ctx.run(["make", "--no-print-directory", "host-tests"], timeout=900)
    ctree.raise_if_tool_missing(built)
    listed = ctx.run(["make", "-s", "--no-print-directory", "print-host-tests"], timeout=60)
    messages: list[str] = []
    binaries: list[str] = []
    if built.returncode != 0 or listed.returncode != 0:
        tail = [ln for ln in built.output.splitlines() if ln.strip()][-3:]
        messages.append("Makefile:1: make host-tests failed: " + (" | ".join(tail) or "see log"))
    else:
        binaries = listed.output.split()
    checks, check_messages, overran = _run_binaries(ctx, binaries)
    messages += check_messages
    if checks == 0 and not messages:
        messages.append("Makefile:1: the host tests ran zero Check tests")
    pytest, pytest_messages = _run_pytest(ctx)
    messages += pytest_messages
    summary = f"host: {checks} Check tests in {len(binaries)} binaries, {pytest.passed} pytest tests"
    if overran:
        return Verdict(Outcome.TIMEOUT, summary, tuple(messages))
    return Verdict.judged(summary, messages)


STAGE = Stage(
    name="host",
    description="host unit tests (Check, sanitizers) and the gate's own pytest suite pass",
    depends=(),
    inputs=inputs,
    run=run,
    source=Path(__file__),
    env=(*ctree.ENV, *environment.SANITIZERS, *environment.CHECK, *environment.PYTEST),
    packages=("check", "libfdt-dev", "libasan*", "libubsan*"),
)
