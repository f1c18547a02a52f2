"""What a gate run found, and the three ways it is written down.

This module owns the report types (a stage's verdict, a stage's result, the whole run)
and their renderings: the closing table on the terminal, report.json and junit.xml.
It does not run anything and does not decide outcomes; stages and the runner do.
"""

from __future__ import annotations

import enum
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path


class Outcome(str, enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    TIMEOUT = "timeout"
    CRASH = "crash"
    INFRA_ERROR = "infra-error"
    CACHED = "cached"
    SKIPPED = "skipped"

    @property
    def is_success(self) -> bool:
        return self in (Outcome.PASS, Outcome.CACHED)


@dataclass(frozen=True)
class Verdict:
    """What a stage's run function returns: the runner adds name, timing and log."""

    outcome: Outcome
    summary: str
    messages: tuple[str, ...] = ()
    detail: str = ""  # multi-line text shown after a failure (a console tail, say)

    @staticmethod
    def passed(summary: str, messages: tuple[str, ...] | list[str] = ()) -> Verdict:
        return Verdict(Outcome.PASS, summary, tuple(messages))

    @staticmethod
    def failed(summary: str, messages: tuple[str, ...] | list[str] = (), detail: str = "") -> Verdict:
        return Verdict(Outcome.FAIL, summary, tuple(messages), detail)

    @staticmethod
    def judged(summary: str, messages: tuple[str, ...] | list[str]) -> Verdict:
        """Pass when there are no messages, fail otherwise."""
        return Verdict(Outcome.FAIL if messages else Outcome.PASS, summary, tuple(messages))


@dataclass(frozen=True)
class StageResult:
    name: str
    outcome: Outcome
    duration_s: float
    summary: str
    messages: tuple[str, ...] = ()
    log: str = ""  # path of the stage's log, relative to the repository root
    detail: str = ""
    fingerprint: str = ""  # "" when the stage was not fingerprinted (skipped, refused, inputs unknown)

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "outcome": self.outcome.value,
            "duration_s": round(self.duration_s, 3),
            "summary": self.summary,
            "messages": list(self.messages),
            "log": self.log,
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True)
class Totals:
    passed: int
    failed: int

    def line(self) -> str:
        return f"gates: {self.passed} passed, {self.failed} failed"


@dataclass(frozen=True)
class RunReport:
    run_id: str
    folder: str  # relative to the repository root
    head: str
    selected: tuple[str, ...]
    results: tuple[StageResult, ...] = field(default=())
    dirty: bool | None = None  # git status showed changes or untracked files; None: not a repository
    jobs: int = 1  # stages run at once
    environment: dict[str, str] = field(default_factory=dict)  # keyed variables that were set
    versions: dict[str, object] = field(default_factory=dict)  # tools, packages, python (gates/versions.py)

    @property
    def totals(self) -> Totals:
        passed = sum(1 for r in self.results if r.outcome.is_success)
        return Totals(passed, len(self.results) - passed)

    @property
    def ok(self) -> bool:
        return all(r.outcome.is_success for r in self.results)

    def as_json(self) -> dict[str, object]:
        totals = self.totals
        return {
            "run_id": self.run_id,
            "git_head": self.head,
            "dirty": self.dirty,
            "jobs": self.jobs,
            "selected": list(self.selected),
            "environment": dict(sorted(self.environment.items())),
            **{key: self.versions.get(key, {}) for key in ("tools", "packages", "python")},
            "stages": [r.as_json() for r in self.results],
            "totals": {"passed": totals.passed, "failed": totals.failed, "ok": self.ok},
        }


def write_json(report: RunReport, path: Path) -> None:
    path.write_text(json.dumps(report.as_json(), indent=2) + "\n", encoding="utf-8")


def junit_tree(report: RunReport) -> ET.ElementTree:
    """One testsuite; each stage is a testcase carrying failure, error or skipped as fits."""
    results = report.results
    suite = ET.Element(
        "testsuite",
        name="gates",
        tests=str(len(results)),
        failures=str(sum(r.outcome in (Outcome.FAIL, Outcome.TIMEOUT) for r in results)),
        errors=str(sum(r.outcome in (Outcome.CRASH, Outcome.INFRA_ERROR) for r in results)),
        skipped=str(sum(r.outcome is Outcome.SKIPPED for r in results)),
        time=f"{sum(r.duration_s for r in results):.3f}",
    )
    for r in results:
        case = ET.SubElement(suite, "testcase", classname="gates", name=r.name, time=f"{r.duration_s:.3f}")
        body = "\n".join(r.messages + ((r.detail,) if r.detail else ()))
        if r.outcome in (Outcome.FAIL, Outcome.TIMEOUT):
            ET.SubElement(case, "failure", message=r.summary, type=r.outcome.value).text = body
        elif r.outcome in (Outcome.CRASH, Outcome.INFRA_ERROR):
            ET.SubElement(case, "error", message=r.summary, type=r.outcome.value).text = body
        elif r.outcome is Outcome.SKIPPED:
            ET.SubElement(case, "skipped", message=r.summary)
        ET.SubElement(case, "system-out").text = f"{r.outcome.value}: {r.summary}\nlog: {r.log}"
    return ET.ElementTree(suite)


def write_junit(report: RunReport, path: Path) -> None:
    tree = junit_tree(report)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def table(results: tuple[StageResult, ...] | list[StageResult]) -> str:
    """The closing table: stage, outcome, seconds, summary; one row per stage."""
    rows = [("stage", "outcome", "seconds", "summary")]
    rows += [(r.name, r.outcome.value, f"{r.duration_s:.1f}", r.summary) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for name, outcome, seconds, summary in rows:
        lines.append(f"{name:<{widths[0]}}  {outcome:<{widths[1]}}  {seconds:>{widths[2]}}  {summary}")
    return "\n".join(lines)
