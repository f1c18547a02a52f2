"""The runner with stand-in stages: outcomes, dependencies, cache, progress and the run folder."""

from __future__ import annotations

import io
import json
import os
import signal
import threading
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


# --- stages in parallel ------------------------------------------------------------------

def run_with(root: Path, stages: list[Stage], jobs: int, env: dict[str, str] | None = None) -> tuple[runner.RunReport, str]:
    out = io.StringIO()
    (root / "input.txt").touch()
    report = runner.Run(root, stages, False, out, jobs=jobs, env=env).execute([s.name for s in stages])
    return report, out.getvalue()


class Concurrency:
    """Counts how many stand-in stages are inside `hold` at once."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self.lock = threading.Lock()

    def hold(self, seconds: float) -> Callable[[StageContext], Verdict]:
        def run(ctx: StageContext) -> Verdict:
            with self.lock:
                self.now += 1
                self.most = max(self.most, self.now)
            time.sleep(seconds)
            with self.lock:
                self.now -= 1
            return Verdict.passed("held")

        return run


def test_independent_stages_run_at_the_same_time(tmp_path):
    meet = threading.Barrier(2, timeout=5)
    both = [stage(n, lambda ctx: meet.wait() is not None and Verdict.passed("met")) for n in ("a", "b")]
    report, _ = run_with(tmp_path, both, jobs=2)
    assert outcomes(report) == {"a": "pass", "b": "pass"}


def test_no_more_than_jobs_stages_run_at_once(tmp_path):
    for jobs in (1, 2):
        seen = Concurrency()
        run_with(tmp_path, [stage(n, seen.hold(0.15)) for n in "abcd"], jobs=jobs)
        assert seen.most == jobs


def test_a_stage_starts_only_after_its_dependencies_finish(tmp_path):
    events: list[str] = []

    def step(name: str, seconds: float) -> Callable[[StageContext], Verdict]:
        return lambda ctx: events.append(f"{name} start") or time.sleep(seconds) or events.append(f"{name} end") or Verdict.passed(name)

    stages = [stage("lint", step("lint", 0.3)), stage("build", step("build", 0.1)),
              stage("boot", step("boot", 0.0), depends=("build",)), stage("bench", step("bench", 0.0), depends=("boot",))]
    run_with(tmp_path, stages, jobs=2)
    assert events.index("build end") < events.index("boot start") < events.index("boot end") < events.index("bench start")
    events.clear()
    run_with(tmp_path, stages, jobs=1)
    assert events[0] == "build start"  # the longest chain starts first


def test_results_and_the_table_keep_the_canonical_order(tmp_path):
    stages = [stage("slow", lambda ctx: time.sleep(0.3) or Verdict.passed("slow")), stage("fast", passing)]
    report, out = run_with(tmp_path, stages, jobs=2)
    assert [r.name for r in report.results] == ["slow", "fast"]
    assert out.index("[fast] pass") < out.index("[slow] pass")  # live lines as they happen
    table = out[out.index("stage  outcome"):].splitlines()
    assert [row.split()[0] for row in table[1:3]] == ["slow", "fast"]


def test_a_failure_and_its_messages_are_printed_as_one_block(tmp_path):
    many = stage("many", lambda ctx: Verdict.failed("broken", [f"src/a.c:{i}: wrong" for i in range(30)]))
    chatty = stage("chatty", lambda ctx: [ctx.log.write("x") for _ in range(200)] and Verdict.passed("fine"))
    _, out = run_with(tmp_path, [many, chatty], jobs=2)
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("[many] fail in "))
    assert lines[start + 1 : start + 31] == [f"    src/a.c:{i}: wrong" for i in range(30)]


def fake_make(folder: Path, log: Path) -> str:
    """A `make` that notes when it starts and ends; returns a PATH that finds it first."""
    folder.mkdir()
    script = folder / "make"
    script.write_text(f"#!/bin/sh\necho \"start $*\" >> {log}\nsleep 0.3\necho \"end $*\" >> {log}\n")
    script.chmod(0o755)
    return f"{folder}:{os.environ['PATH']}"


def test_make_runs_one_at_a_time_with_the_runs_jobs(tmp_path):
    log = tmp_path / "make.log"
    path = fake_make(tmp_path / "bin", log)

    def making(target: str) -> Callable[[StageContext], Verdict]:
        return lambda ctx: Verdict.passed(ctx.run(["make", target], timeout=10).output)

    run_with(tmp_path, [stage("a", making("build")), stage("b", making("host-tests"))], jobs=2, env={"PATH": path})
    lines = log.read_text().splitlines()
    assert [ln.split()[0] for ln in lines] == ["start", "end", "start", "end"]
    assert lines[0].split()[1:] == ["-j2", "--output-sync=target", lines[0].split()[-1]]
    assert lines[0].split()[-1] == lines[1].split()[-1]  # each make ended before the next began


def test_other_commands_run_while_a_make_holds_the_build_tree(tmp_path):
    log = tmp_path / "make.log"
    path = fake_make(tmp_path / "bin", log)
    seen: list[str] = []

    def lint(ctx: StageContext) -> Verdict:
        time.sleep(0.1)  # make has started by now
        ctx.run(["true"], timeout=10)
        seen.append("ran" if log.read_text().count("end") == 0 else "waited")
        return Verdict.passed("lint")

    stages = [stage("build", lambda ctx: Verdict.passed(ctx.run(["make", "build"], timeout=10).output)), stage("lint", lint)]
    run_with(tmp_path, stages, jobs=2, env={"PATH": path})
    assert seen == ["ran"]


def test_an_interrupt_stops_every_running_stage_and_what_it_started(tmp_path):
    def sleeper(ctx: StageContext) -> Verdict:
        ctx.run(["sleep", "60"], timeout=120)
        return Verdict.passed("slept")

    def interrupter(ctx: StageContext) -> Verdict:
        time.sleep(0.3)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C reaches the main thread
        return Verdict.passed("done")

    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        run_with(tmp_path, [stage("sleeper", sleeper), stage("interrupter", interrupter)], jobs=2)
    assert time.monotonic() - start < 10
