"""Runs selected stages in order and records the run.

This module owns the run: choosing stages (a selected stage brings its dependencies),
skipping a stage whose dependency did not pass, consulting and updating the cache,
turning a stage's exceptions into outcomes, live progress on the terminal, and the
run folder build/gates/<run-id>/ with report.json, junit.xml and one log per stage.
It does not know what any stage checks.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from gates import cache, report
from gates.report import Outcome, RunReport, StageResult, Verdict
from gates.stages.base import InfraError, Log, Stage, StageContext, StageTimeout, ToolMissing, Workspace

RUNS_DIR = Path("build/gates")
HEARTBEAT_S = 10.0
SHOWN_MESSAGES = 40
JUDGES = (Path(__file__), Path(cache.__file__), Path(__file__).parent / "stages" / "base.py")


class SelectionError(ValueError):
    """The command line named a stage that does not exist."""


def resolve(stages: Sequence[Stage], names: Sequence[str]) -> list[Stage]:
    """The named stages plus everything they depend on, in the canonical stage order."""
    by_name = {s.name: s for s in stages}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = ", ".join(by_name)
        raise SelectionError(f"unknown stage '{unknown[0]}' (known: {known})")
    wanted: set[str] = set()
    pending = list(names)
    while pending:
        name = pending.pop()
        if name not in wanted:
            wanted.add(name)
            pending.extend(by_name[name].depends)
    return [s for s in stages if s.name in wanted]


@dataclass
class Progress:
    """Live lines on the terminal. The heartbeat thread and the runner share one lock."""

    out: TextIO
    lock: threading.Lock

    def say(self, line: str) -> None:
        with self.lock:
            print(line, file=self.out, flush=True)


class Heartbeat:
    """Prints `still running (Ns)` every `interval` seconds while a stage runs."""

    def __init__(self, progress: Progress, name: str, interval: float) -> None:
        self._progress, self._name, self._interval = progress, name, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True)

    def _beat(self) -> None:
        start = time.monotonic()
        while not self._stop.wait(self._interval):
            elapsed = round(time.monotonic() - start)
            self._progress.say(f"[{self._name}] still running ({elapsed}s)")

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def new_run_id() -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{secrets.token_hex(3)}"


@dataclass
class Run:
    """One gate run over a repository. Holds only what this run needs; nothing global."""

    root: Path
    stages: Sequence[Stage]
    use_cache: bool
    out: TextIO
    heartbeat_s: float = HEARTBEAT_S

    def execute(self, names: Sequence[str]) -> RunReport:
        selected = resolve(self.stages, names)
        run_id = new_run_id()
        folder = self.root / RUNS_DIR / run_id
        folder.mkdir(parents=True)
        progress = Progress(self.out, threading.Lock())
        workspace = Workspace(self.root)
        tools = cache.ToolVersions()
        store = cache.CacheStore(self.root)
        head = workspace.head() or "none"
        progress.say(f"gates: run {run_id} at {head[:12]}: {' '.join(s.name for s in selected)}")

        results: dict[str, StageResult] = {}
        for stage in selected:
            ctx = StageContext(self.root, workspace, tools, Log(folder / f"{stage.name}.log"), folder)
            result = self._one(stage, ctx, results, store, progress)
            results[stage.name] = result
            self._announce(progress, result)

        run = RunReport(run_id, _rel(folder, self.root), head, tuple(s.name for s in selected), tuple(results.values()))
        report.write_json(run, folder / "report.json")
        report.write_junit(run, folder / "junit.xml")
        _point_latest(folder)
        progress.say("\n" + report.table(run.results))
        progress.say(f"run folder: {run.folder}")
        progress.say(run.totals.line())
        return run

    def _one(
        self,
        stage: Stage,
        ctx: StageContext,
        done: dict[str, StageResult],
        store: cache.CacheStore,
        progress: Progress,
    ) -> StageResult:
        log = _rel(ctx.log.path, self.root)
        failed_deps = [d for d in stage.depends if d in done and not done[d].outcome.is_success]
        if failed_deps:
            ctx.log.write(f"skipped: {', '.join(failed_deps)} did not pass")
            return StageResult(stage.name, Outcome.SKIPPED, 0.0, f"skipped: {failed_deps[0]} did not pass", log=log)

        start = time.monotonic()
        fp = self._fingerprint(stage, ctx)
        if fp is not None and self.use_cache and _outputs_exist(self.root, stage):
            hit = store.hit(stage.name, fp)
            if hit is not None:
                ctx.log.write(f"cached: fingerprint {fp} passed at {hit.passed_at}")
                return StageResult(stage.name, Outcome.CACHED, time.monotonic() - start, hit.summary, log=log)

        progress.say(f"[{stage.name}] started")
        start = time.monotonic()
        with Heartbeat(progress, stage.name, self.heartbeat_s):
            verdict = _guarded(stage, ctx)
        duration = time.monotonic() - start
        if verdict.outcome is Outcome.PASS and fp is not None:
            store.record_pass(stage.name, fp, verdict.summary)
        return StageResult(
            stage.name, verdict.outcome, duration, verdict.summary, verdict.messages, log, verdict.detail
        )

    def _fingerprint(self, stage: Stage, ctx: StageContext) -> str | None:
        """The stage's fingerprint, or None (never cached) when its inputs cannot be named."""
        try:
            inputs = stage.inputs(ctx.workspace)
            return cache.fingerprint(self.root, inputs, (stage.source, *JUDGES), ctx.tools)
        except Exception:  # noqa: BLE001 - a broken input list must not stop the stage itself
            ctx.log.write("cannot fingerprint inputs; the stage runs uncached\n" + traceback.format_exc())
            return None

    def _announce(self, progress: Progress, r: StageResult) -> None:
        if r.outcome is Outcome.CACHED:
            progress.say(f"[{r.name}] cached: {r.summary}")
            return
        if r.outcome is Outcome.SKIPPED:
            progress.say(f"[{r.name}] {r.summary}")
            return
        progress.say(f"[{r.name}] {r.outcome.value} in {r.duration_s:.1f}s: {r.summary}")
        if r.outcome.is_success:
            return
        for message in r.messages[:SHOWN_MESSAGES]:
            progress.say(f"    {message}")
        if len(r.messages) > SHOWN_MESSAGES:
            progress.say(f"    ... {len(r.messages) - SHOWN_MESSAGES} more in report.json")
        if r.detail:
            progress.say(r.detail.rstrip("\n"))
        progress.say(f"    log: {r.log}")


def _guarded(stage: Stage, ctx: StageContext) -> Verdict:
    """Run the stage, mapping its exceptions to outcomes; a crash keeps its traceback in the log."""
    try:
        verdict = stage.run(ctx)
    except ToolMissing as exc:
        return Verdict(Outcome.INFRA_ERROR, f"infra-error: {exc}", (str(exc),))
    except InfraError as exc:
        return Verdict(Outcome.INFRA_ERROR, f"infra-error: {_first_line(exc)}", tuple(str(exc).splitlines()))
    except StageTimeout as exc:
        return Verdict(Outcome.TIMEOUT, f"timeout: {exc}", (str(exc),))
    except Exception as exc:  # noqa: BLE001 - a stage's own bug is reported, not fatal
        ctx.log.write("stage crashed:\n" + traceback.format_exc())
        line = f"{type(exc).__name__}: {_first_line(exc)}"
        return Verdict(Outcome.CRASH, f"crash: {line}", (line,))
    if not isinstance(verdict, Verdict):
        return Verdict(Outcome.CRASH, f"crash: run returned {type(verdict).__name__}, not a Verdict")
    return verdict


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _outputs_exist(root: Path, stage: Stage) -> bool:
    return all((root / p).exists() for p in stage.outputs)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _point_latest(folder: Path) -> None:
    """Repoint build/gates/latest at this run, replacing the old link in one step."""
    link = folder.parent / "latest"
    tmp = folder.parent / f".latest-{os.getpid()}"
    try:
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(folder.name)
        os.replace(tmp, link)
    except OSError:
        pass  # a file system without symlinks: the run folder path is still printed
