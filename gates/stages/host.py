"""host: the host unit tests (Check, built with sanitizers) and the gate's own pytest suite.

`make host-tests` builds the Check binaries and `make -s print-host-tests` names them;
each runs from the repository root under a time limit. Check prints 100% for a run of
zero tests, so the stage counts tests itself: a binary that exits non-zero, prints no
summary or runs zero tests fails. Every Check test source in the tree (TEST_SOURCES, or
any C file defining a START_TEST) must be linked into one of those binaries: the stage
reads the compile units each binary was linked from (its DWARF, via readelf), so a test
file that no make fragment links fails with `path:1:`.

Then the gate's pytest suite runs, writing a JUnit file into the run folder that the stage
reads case by case: any failure or zero tests fails; every test file must have tests
collected (a conftest.py or an option that leaves a file out fails), not all of them
skipped; every skip and xfail needs a reason; nothing may be deselected. Skips are
counted in the summary.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
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
PYTEST_COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected)\b")
# Check test sources by place; any other C file that defines a START_TEST is one too.
TEST_SOURCES = ("kernel/tests/**/test_*.c", "userspace/*/tests/*.c", "services/*/tests/*.c")
DEFINES_TESTS = "START_TEST("
# The compile units of a binary: `readelf --debug-dump=info --dwarf-depth=1` prints one
# DW_TAG_compile_unit per linked source, with its DW_AT_name (relative to the build's root).
UNIT_TAG = re.compile(r"^\s*<0><[0-9a-f]+>:.*\((DW_TAG_\w+)\)\s*$")
UNIT_NAME = re.compile(r"^\s*<[0-9a-f]+>\s+DW_AT_name\s*:\s*(?:\([^)]*\):\s*)?(?P<name>\S.*?)\s*$")
PYTEST_FILES = ("gates/tests/**/test_*.py", "gates/tests/**/*_test.py")
PYTEST_JUNIT = "host-pytest.xml"
# What pytest writes as the reason of a skip or xfail given none.
NO_REASON = ("", "Skipped", "unconditional skip")


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
    skipped: int = 0  # skipped and xfailed together
    deselected: int = 0

    @property
    def ok(self) -> bool:
        return self.passed > 0 and self.failed == 0


def parse_pytest(output: str) -> PytestCounts:
    """Counts from pytest's closing line ("3 failed, 40 passed in 2.1s"); zeros if absent."""
    lines = [ln for ln in output.splitlines() if PYTEST_COUNT.search(ln) or "no tests ran" in ln]
    if not lines:
        return PytestCounts(0, 0)
    counts = {kind.rstrip("s"): int(n) for n, kind in PYTEST_COUNT.findall(lines[-1])}
    return PytestCounts(
        counts.get("passed", 0),
        counts.get("failed", 0) + counts.get("error", 0),
        counts.get("skipped", 0) + counts.get("xfailed", 0),
        counts.get("deselected", 0),
    )


@dataclass(frozen=True)
class PytestCase:
    """One test case as pytest's JUnit file (xunit1) records it."""

    file: str  # repository-relative
    name: str
    skipped: bool  # skipped or xfailed
    reason: str
    where: str  # "path:line" of the skip, or of the test when pytest gives no place


def parse_junit(text: str, root: Path) -> list[PytestCase]:
    """The test cases in a JUnit file from `pytest --junitxml -o junit_family=xunit1`."""
    cases = []
    for case in ET.fromstring(text).iter("testcase"):
        file = _repo_path(case.get("file", ""), root)
        line = int(case.get("line", "0") or 0) + 1  # pytest counts lines from 0
        skip = case.find("skipped")
        reason = skip.get("message", "") if skip is not None else ""
        where = f"{file}:{line}"
        place = re.match(r"^(?P<path>[^:\n]+):(?P<line>\d+): ", (skip.text or "") if skip is not None else "")
        if place:
            where = f"{_repo_path(place['path'], root)}:{place['line']}"
        cases.append(PytestCase(file, case.get("name", "?"), skip is not None, reason.strip(), where))
    return cases


def _repo_path(path: str, root: Path) -> str:
    if Path(path).is_absolute():
        return ctree.relative(Path(path), root) or path
    return path


def judge_pytest_cases(cases: list[PytestCase], test_files: list[str]) -> list[str]:
    """Skips without a reason, and test files left out or skipped whole."""
    messages = [f"{c.where}: {c.name} was skipped without a reason" for c in cases
                if c.skipped and (c.reason in NO_REASON or c.reason.startswith("condition: "))]
    for file in test_files:
        mine = [c for c in cases if c.file == file]
        if not mine:
            messages.append(f"{file}:1: pytest collected no test from it (a conftest.py or an option left it out)")
        elif all(c.skipped for c in mine):
            messages.append(f"{file}:1: every one of its {len(mine)} tests was skipped")
    return messages


def inputs(ws: Workspace) -> Inputs:
    # Every file: the gate's own tests read the repository as a whole (the contracts over the
    # real tree, the hook configuration, the set-up script), besides what the unit tests build from.
    return Inputs(files=tuple(ws.files()), tools=("gcc", "make", "pkg-config", "readelf", sys.executable))


def parse_units(output: str, root: Path) -> set[str]:
    """The repository paths of the compile units readelf printed for one binary."""
    units, tag = set(), None
    for line in output.splitlines():
        found = UNIT_TAG.match(line)
        if found:
            tag = found.group(1)
            continue
        named = UNIT_NAME.match(line)
        if named and tag == "DW_TAG_compile_unit":
            units.add(_repo_path(named["name"], root))
    return units


def check_sources(ws: Workspace) -> list[str]:
    """Every Check test source in the work tree: by place, or by defining a START_TEST."""
    found = set(ws.select(TEST_SOURCES))
    for path in ws.select(("**/*.c",)):
        try:
            if DEFINES_TESTS in (ws.root / path).read_text(encoding="utf-8", errors="replace"):
                found.add(path)
        except OSError:
            continue  # listed but gone: nothing to link
    return sorted(found)


def unlinked(ctx: StageContext, binaries: list[str]) -> list[str]:
    """A message for every Check test source that none of `binaries` was linked from."""
    linked: set[str] = set()
    unread = []
    for binary in binaries:
        done = ctx.run(["readelf", "--debug-dump=info", "--dwarf-depth=1", str(ctx.root / binary)], timeout=60)
        linked |= parse_units(done.output, ctx.root)
        if done.returncode != 0:
            unread.append(f"{binary}:1: readelf could not list the sources it was linked from (exit {done.returncode})")
    return unread + [f"{path}:1: this Check test source is linked into no binary that make print-host-tests names"
                     for path in check_sources(ctx.workspace) if path not in linked]


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
        if counts.checks == 0:
            messages.append(f"{binary}:1: ran zero Check tests")
        if done.returncode != 0:
            messages.append(f"{binary}:1: exited {done.returncode} ({counts.failures} failures, {counts.errors} errors)")
    return total, messages, overran


def _run_pytest(ctx: StageContext) -> tuple[PytestCounts, list[str]]:
    junit = ctx.run_folder / PYTEST_JUNIT
    junit.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "pytest", "-q", "gates/tests", f"--junitxml={junit}", "-o", "junit_family=xunit1"]
    done = ctx.run(cmd, timeout=PYTEST_TIMEOUT_S)
    counts = parse_pytest(done.output)
    messages = [f"gates/tests:1: {ln}" for ln in done.output.splitlines() if ln.startswith(("FAILED ", "ERROR "))]
    if done.returncode != 0 and not messages:
        messages.append(f"gates/tests:1: pytest exited {done.returncode} (see log)")
    if counts.passed == 0 and not messages:
        messages.append("gates/tests:1: pytest ran no tests")
    if counts.deselected:
        messages.append(f"gates/tests:1: pytest deselected {counts.deselected} tests; the gate runs every test")
    try:
        cases = parse_junit(junit.read_text(encoding="utf-8"), ctx.root)
    except (OSError, ET.ParseError) as exc:
        return counts, messages + [f"gates/tests:1: pytest's JUnit file is unreadable: {exc}"]
    return counts, messages + judge_pytest_cases(cases, ctx.workspace.select(PYTEST_FILES))


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
    if binaries:
        messages += unlinked(ctx, binaries)
    if checks == 0 and not messages:
        messages.append("Makefile:1: the host tests ran zero Check tests")
    pytest, pytest_messages = _run_pytest(ctx)
    messages += pytest_messages
    summary = (f"host: {checks} Check tests in {len(binaries)} binaries, {pytest.passed} pytest tests "
               f"({pytest.skipped} skipped)")
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
