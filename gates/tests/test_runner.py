"""The runner with stand-in stages: outcomes, dependencies, cache, progress and the run folder."""

from __future__ import annotations

import io
import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from gates import runner
from gates.cache import Inputs
from gates.report import Verdict
from gates.stages.base import Stage, StageContext, StageTimeout, ToolMissing


def stage(name: str, run: Callable[[StageContext], Verdict], depends: tuple[str, ...] = (), outputs: tuple[str, ...] = ()) -> Stage:
    return Stage(name, f"the {name} stage", depends, lambda ws: Inputs(files=("input.txt",)), run, Path(__file__), outputs)


def passing(ctx: StageContext) -> Verdict:
    ctx.log.write("all good")
    return Verdict.passed("fine")


def failing(ctx: StageContext) -> Verdict:
    return Verdict.failed("broken", ["src/a.c:3: wrong"])


def crashing(ctx: StageContext) -> Verdict:
    raise ValueError("the stage has a bug")


def missing_tool(ctx: StageContext) -> Verdict:
    raise ToolMissing("frob is not installed")


def overrunning(ctx: StageContext) -> Verdict:
    raise StageTimeout("frob did not finish within 5 s")


def execute(root: Path, stages: list[Stage], names: list[str] | None = None, use_cache: bool = True,
            heartbeat_s: float = 10.0) -> tuple[runner.RunReport, str]:
    out = io.StringIO()
    (root / "input.txt").touch()
    names = names if names is not None else [s.name for s in stages]
    report = runner.Run(root, stages, use_cache, out, heartbeat_s).execute(names)
    return report, out.getvalue()


def outcomes(report: runner.RunReport) -> dict[str, str]:
    return {r.name: r.outcome.value for r in report.results}


def test_each_way_a_stage_can_end_has_its_outcome(tmp_path):
    stages = [stage("a", passing), stage("b", failing), stage("c", crashing), stage("d", missing_tool), stage("e", overrunning)]
    report, out = execute(tmp_path, stages)
    assert outcomes(report) == {"a": "pass", "b": "fail", "c": "crash", "d": "infra-error", "e": "timeout"}
    assert out.splitlines()[-1] == "gates: 1 passed, 4 failed"
    assert not report.ok
    assert "the stage has a bug" in (tmp_path / report.results[2].log).read_text()
    assert "Traceback" in (tmp_path / report.results[2].log).read_text()


def test_a_failed_dependency_skips_only_its_dependents(tmp_path):
    stages = [stage("build", failing), stage("lint", passing), stage("boot", passing, depends=("build",))]
    report, out = execute(tmp_path, stages)
    assert outcomes(report) == {"build": "fail", "lint": "pass", "boot": "skipped"}
    assert "[boot] skipped: build did not pass" in out
    assert out.splitlines()[-1] == "gates: 1 passed, 2 failed"


def test_the_run_folder_holds_report_junit_logs_and_latest(tmp_path):
    report, out = execute(tmp_path, [stage("a", passing), stage("b", failing)])
    folder = tmp_path / report.folder
    data = json.loads((folder / "report.json").read_text())
    assert data["run_id"] == report.run_id and data["selected"] == ["a", "b"]
    assert data["totals"] == {"passed": 1, "failed": 1, "ok": False}
    assert data["stages"][1] == {
        "name": "b", "outcome": "fail", "duration_s": data["stages"][1]["duration_s"],
        "summary": "broken", "messages": ["src/a.c:3: wrong"], "log": f"{report.folder}/b.log",
        "fingerprint": report.results[1].fingerprint,
    }
    assert len(data["stages"][1]["fingerprint"]) == 64
    suite = ET.parse(folder / "junit.xml").getroot()
    assert (suite.tag, suite.get("tests"), suite.get("failures")) == ("testsuite", "2", "1")
    assert suite.find("testcase[@name='b']/failure") is not None
    assert "all good" in (folder / "a.log").read_text()
    assert (tmp_path / "build/gates/latest").resolve() == folder.resolve()
    assert f"run folder: {report.folder}" in out
    assert "stage  outcome" in out  # the closing table's header


def test_junit_marks_errors_and_skips(tmp_path):
    stages = [stage("a", crashing), stage("b", passing, depends=("a",))]
    report, _ = execute(tmp_path, stages)
    suite = ET.parse(tmp_path / report.folder / "junit.xml").getroot()
    assert suite.get("errors") == "1" and suite.get("skipped") == "1"
    assert suite.find("testcase[@name='a']/error") is not None
    assert suite.find("testcase[@name='b']/skipped") is not None


def test_a_pass_is_cached_until_an_input_changes(tmp_path):
    calls: list[str] = []
    counted = stage("a", lambda ctx: calls.append("a") or Verdict.passed("fine"))
    execute(tmp_path, [counted])
    report, out = execute(tmp_path, [counted])
    assert outcomes(report) == {"a": "cached"} and calls == ["a"]
    assert "[a] cached: fine" in out and out.splitlines()[-1] == "gates: 1 passed, 0 failed"
    (tmp_path / "input.txt").write_text("changed")
    report, _ = execute(tmp_path, [counted])
    assert outcomes(report) == {"a": "pass"} and calls == ["a", "a"]


def test_a_failure_is_never_cached(tmp_path):
    calls: list[str] = []
    counted = stage("a", lambda ctx: calls.append("a") or Verdict.failed("broken"))
    execute(tmp_path, [counted])
    execute(tmp_path, [counted])
    assert calls == ["a", "a"]


def test_no_cache_runs_everything(tmp_path):
    calls: list[str] = []
    counted = stage("a", lambda ctx: calls.append("a") or Verdict.passed("fine"))
    execute(tmp_path, [counted])
    report, _ = execute(tmp_path, [counted], use_cache=False)
    assert outcomes(report) == {"a": "pass"} and calls == ["a", "a"]


def test_a_missing_output_defeats_the_cache(tmp_path):
    def build(ctx: StageContext) -> Verdict:
        (ctx.root / "out.elf").write_text("elf")
        return Verdict.passed("built")

    builder = stage("build", build, outputs=("out.elf",))
    execute(tmp_path, [builder])
    (tmp_path / "out.elf").unlink()
    report, _ = execute(tmp_path, [builder])
    assert outcomes(report) == {"build": "pass"}


def test_a_long_stage_reports_that_it_is_still_running(tmp_path):
    slow = stage("slow", lambda ctx: time.sleep(0.25) or Verdict.passed("done"))
    _, out = execute(tmp_path, [slow], heartbeat_s=0.1)
    assert "[slow] started" in out and "[slow] still running (0s)" in out
    assert "[slow] pass in 0.2s: done" in out or "[slow] pass in 0.3s: done" in out


def test_a_stage_returning_the_wrong_type_is_a_crash(tmp_path):
    report, _ = execute(tmp_path, [stage("a", lambda ctx: "ok")])  # type: ignore[arg-type, return-value]
    assert outcomes(report) == {"a": "crash"}


def test_inputs_that_cannot_be_named_run_the_stage_uncached(tmp_path):
    def broken_inputs(ws: object) -> Inputs:
        raise RuntimeError("no git here")

    s = Stage("a", "a", (), broken_inputs, passing, Path(__file__))
    execute(tmp_path, [s])
    report, _ = execute(tmp_path, [s])
    assert outcomes(report) == {"a": "pass"}


def test_selecting_a_stage_brings_its_dependencies_in_canonical_order():
    stages = [stage("build", passing), stage("lint", passing), stage("boot", passing, depends=("build",))]
    assert [s.name for s in runner.resolve(stages, ["boot"])] == ["build", "boot"]
    with pytest.raises(runner.SelectionError, match="unknown stage 'bot'"):
        runner.resolve(stages, ["bot"])


def test_the_real_stages_run_in_the_documented_order():
    from gates.stages import all_stages

    stages = all_stages()
    assert [s.name for s in stages] == [
        "contracts", "scope", "format", "static", "arch", "host", "fuzz", "build", "qemu", "bench"
    ]
    assert {s.name: s.depends for s in stages}["qemu"] == ("build",)
    assert {s.name: s.depends for s in stages}["bench"] == ("build",)
