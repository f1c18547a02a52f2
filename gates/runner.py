"""Runs selected stages, independent ones in parallel, and records the run.

This module owns the run: choosing stages (a selected stage brings its dependencies),
running up to `jobs` stages at once as their dependencies finish, longest chain first
(the shared build tree is guarded by the build lock every make run takes, and that one
make gets `jobs` jobs, see StageContext.run), skipping a
stage whose dependency did not pass, applying the environment rules (a refused variable
makes the stage an infra-error, keyed ones join its fingerprint, cleared ones are taken
from its commands' environment), deriving each stage's fingerprint (its inputs, the tools
and packages it names, the gate's Python, and as judges every gate module the stage and
this runner import), consulting and updating the cache, turning a stage's exceptions into
outcomes, live progress on the terminal, and the run folder build/gates/<run-id>/ with
report.json, junit.xml and one log per stage. It does not know what any stage checks.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
import traceback
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from gates import cache, environment, report
from gates.imports import ImportGraph
from gates.report import Outcome, RunReport, StageResult, Verdict
from gates.stages.base import (
    InfraError, Log, Stage, StageContext, StageTimeout, ToolMissing, Workspace, kill_children,
)
from gates.versions import ToolVersions

RUNS_DIR = Path("build/gates")
IMPORTS_MEMO = RUNS_DIR / "imports.json"  # what each gate module imports, by its digest
TOOLS_MEMO = RUNS_DIR / "tools.json"  # each tool file's `--version`, by its path, size and mtime
HEARTBEAT_S = 10.0
SHOWN_MESSAGES = 40
GATE_PACKAGE = Path(__file__).resolve().parent


def default_jobs() -> int:
    """How many stages run at once: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


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


def judges(stage: Stage, graph: ImportGraph) -> tuple[Path, ...]:
    """Every gate module that decides the stage's result: the stage module and what it
    imports, transitively, and the runner with what it imports."""
    return tuple(sorted({*graph.closure(stage.source), *graph.closure(Path(__file__))}))


def start_order(stages: Sequence[Stage]) -> dict[str, int]:
    """Rank for starting ready stages: the longest chain of dependents first (build before
    the stages that wait for it), then the canonical order."""
    dependents: dict[str, list[str]] = {s.name: [] for s in stages}
    for s in stages:
        for d in s.depends:
            dependents.setdefault(d, []).append(s.name)

    def chain(name: str) -> int:
        return 1 + max((chain(d) for d in dependents.get(name, [])), default=0)

    ranked = sorted(range(len(stages)), key=lambda i: (-chain(stages[i].name), i))
    return {stages[i].name: rank for rank, i in enumerate(ranked)}


@dataclass
class Progress:
    """Live lines on the terminal. Every thread that prints shares one lock, and a block
    of lines (a result and its messages) is printed whole."""

    out: TextIO
    lock: threading.Lock

    def say(self, *lines: str) -> None:
        with self.lock:
            for line in lines:
                print(line, file=self.out)
            self.out.flush()


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
class _Shared:
    """What every stage of one run shares: asked once, used from several threads."""

    folder: Path
    workspace: Workspace
    tools: ToolVersions
    digests: cache.FileDigests
    graph: ImportGraph
    store: cache.CacheStore
    progress: Progress
    env: Mapping[str, str]
    build_lock: threading.RLock = field(default_factory=threading.RLock)
    cancelled: threading.Event = field(default_factory=threading.Event)


@dataclass
class Run:
    """One gate run over a repository. Holds only what this run needs; nothing global."""

    root: Path
    stages: Sequence[Stage]
    use_cache: bool
    out: TextIO
    heartbeat_s: float = HEARTBEAT_S
    jobs: int = field(default_factory=default_jobs)
    env: Mapping[str, str] | None = None  # the environment the run sees; None: this process's

    def execute(self, names: Sequence[str]) -> RunReport:
        selected = resolve(self.stages, names)
        run_id = new_run_id()
        folder = self.root / RUNS_DIR / run_id
        folder.mkdir(parents=True)
        env = dict(os.environ if self.env is None else self.env)
        shared = _Shared(
            folder, Workspace(self.root), ToolVersions(env, self.root / TOOLS_MEMO), cache.FileDigests(),
            ImportGraph(GATE_PACKAGE, self.root / IMPORTS_MEMO),
            cache.CacheStore(self.root), Progress(self.out, threading.Lock()), env,
        )
        head = shared.workspace.head() or "none"
        dirty = shared.workspace.dirty()
        note = " (dirty work tree)" if dirty else ""
        shared.progress.say(f"gates: run {run_id} at {head[:12]}{note}: {' '.join(s.name for s in selected)}")
        inputs = self._prefetch(selected, shared)
        results = self._schedule(selected, inputs, shared)
        shared.graph.save()
        shared.tools.save()
        ordered = tuple(results[s.name] for s in selected)
        declared = [v for s in selected for v in (*environment.EVERY_STAGE, *s.env)]
        run = RunReport(
            run_id, _rel(folder, self.root), head, tuple(s.name for s in selected), ordered,
            dirty=dirty, jobs=self.jobs, environment=environment.set_values(declared, env),
            versions=shared.tools.as_json(),
        )
        report.write_json(run, folder / "report.json")
        report.write_junit(run, folder / "junit.xml")
        _point_latest(folder)
        lines = ["", report.table(run.results), f"run folder: {run.folder}"]
        if dirty:
            lines.append(f"work tree: dirty; this run is not a proof of {head[:12]} alone (git status)")
        shared.progress.say(*lines, run.totals.line())
        return run

    def _prefetch(self, selected: Sequence[Stage], shared: _Shared) -> dict[str, cache.Inputs | Exception]:
        """Every stage's inputs, and the versions of the tools and packages they name, asked at
        once: dpkg-query one time for all packages, the tools side by side."""
        found: dict[str, cache.Inputs | Exception] = {}
        for stage in selected:
            try:
                found[stage.name] = stage.inputs(shared.workspace)
            except Exception as exc:  # noqa: BLE001 - reported by the stage's own fingerprint step
                found[stage.name] = exc
        named = [i for i in found.values() if isinstance(i, cache.Inputs)]
        tools = [t for i in named for t in i.tools]
        tools += [p for s in selected for p in environment.programs(s.env, shared.env)]
        shared.tools.prefetch(tools, [p for i in named for p in i.packages] + [p for s in selected for p in s.packages])
        return found

    def _schedule(
        self, selected: Sequence[Stage], inputs: dict[str, cache.Inputs | Exception], shared: _Shared
    ) -> dict[str, StageResult]:
        """Run the stages, at most `jobs` at once, each once its dependencies have finished."""
        rank = start_order(selected)
        pending = sorted(selected, key=lambda s: rank[s.name])
        results: dict[str, StageResult] = {}
        running: dict[Future[StageResult], Stage] = {}
        with ThreadPoolExecutor(max_workers=max(1, self.jobs), thread_name_prefix="stage") as pool:
            try:
                while pending or running:
                    self._start_ready(pending, running, results, pool, inputs, shared)
                    if not running:
                        continue
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        result = future.result()
                        results[running.pop(future).name] = result
                        self._announce(shared.progress, result)
            except BaseException:
                _stop(running, shared.cancelled)
                raise
        return results

    def _start_ready(
        self,
        pending: list[Stage],
        running: dict[Future[StageResult], Stage],
        results: dict[str, StageResult],
        pool: ThreadPoolExecutor,
        inputs: dict[str, cache.Inputs | Exception],
        shared: _Shared,
    ) -> None:
        """Start every pending stage whose dependencies are done, while a worker is free;
        a stage whose dependency did not pass is skipped at once."""
        progress = True
        while progress:
            progress = False
            unfinished = {s.name for s in pending} | {s.name for s in running.values()}
            for stage in list(pending):
                if any(d in unfinished for d in stage.depends):
                    continue
                failed = [d for d in stage.depends if d in results and not results[d].outcome.is_success]
                if failed:
                    pending.remove(stage)
                    results[stage.name] = self._skipped(stage, failed, shared)
                    self._announce(shared.progress, results[stage.name])
                    progress = True
                elif len(running) < max(1, self.jobs):
                    pending.remove(stage)
                    running[pool.submit(self._one, stage, inputs[stage.name], shared)] = stage
                    progress = True

    def _skipped(self, stage: Stage, failed: list[str], shared: _Shared) -> StageResult:
        log = Log(shared.folder / f"{stage.name}.log")
        log.write(f"skipped: {', '.join(failed)} did not pass")
        summary = f"skipped: {failed[0]} did not pass"
        return StageResult(stage.name, Outcome.SKIPPED, 0.0, summary, log=_rel(log.path, self.root))

    def _one(self, stage: Stage, inputs: cache.Inputs | Exception, shared: _Shared) -> StageResult:
        """Refuse, serve from the cache, or run one stage. Runs on a worker thread."""
        declared = (*environment.EVERY_STAGE, *stage.env)
        ctx = StageContext(
            self.root, shared.workspace, shared.tools, Log(shared.folder / f"{stage.name}.log"), shared.folder,
            build_lock=shared.build_lock, env=environment.cleared(declared, shared.env), cancelled=shared.cancelled,
            make_jobs=max(1, self.jobs), use_cache=self.use_cache,
        )
        log = _rel(ctx.log.path, self.root)
        refused = environment.refusals(declared, shared.env)
        if refused:
            ctx.log.write("\n".join(refused))
            return StageResult(stage.name, Outcome.INFRA_ERROR, 0.0, f"infra-error: {refused[0]}", tuple(refused), log)

        start = time.monotonic()
        fp = self._fingerprint(stage, ctx, inputs, declared, shared)
        if fp is not None and self.use_cache and _outputs_exist(self.root, stage):
            hit = shared.store.hit(stage.name, fp)
            if hit is not None:
                ctx.log.write(f"cached: fingerprint {fp} passed at {hit.passed_at}")
                return StageResult(stage.name, Outcome.CACHED, time.monotonic() - start, hit.summary, log=log,
                                   fingerprint=fp)

        shared.progress.say(f"[{stage.name}] started")
        start = time.monotonic()
        with Heartbeat(shared.progress, stage.name, self.heartbeat_s):
            verdict = _guarded(stage, ctx)
        duration = time.monotonic() - start
        if verdict.outcome is Outcome.PASS and fp is not None:
            shared.store.record_pass(stage.name, fp, verdict.summary)
        return StageResult(
            stage.name, verdict.outcome, duration, verdict.summary, verdict.messages, log, verdict.detail, fp or ""
        )

    def _fingerprint(
        self,
        stage: Stage,
        ctx: StageContext,
        inputs: cache.Inputs | Exception,
        declared: Sequence[environment.Var],
        shared: _Shared,
    ) -> str | None:
        """The stage's fingerprint, or None (never cached) when its inputs cannot be named."""
        try:
            if isinstance(inputs, Exception):
                raise inputs
            python = tuple(f"python {k}={v}" for k, v in sorted(shared.tools.python().items()))
            full = replace(
                inputs,
                packages=(*inputs.packages, *stage.packages),
                tools=(*inputs.tools, *environment.programs(declared, shared.env)),
                facts=(*inputs.facts, *environment.keyed(declared, shared.env), *python),
            )
            ctx.log.write("fingerprint facts: " + "; ".join(full.facts))
            return cache.fingerprint(self.root, full, judges(stage, shared.graph), ctx.tools, shared.digests)
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
        lines = [f"[{r.name}] {r.outcome.value} in {r.duration_s:.1f}s: {r.summary}"]
        if not r.outcome.is_success:
            lines += [f"    {message}" for message in r.messages[:SHOWN_MESSAGES]]
            if len(r.messages) > SHOWN_MESSAGES:
                lines.append(f"    ... {len(r.messages) - SHOWN_MESSAGES} more in report.json")
            if r.detail:
                lines.append(r.detail.rstrip("\n"))
            lines.append(f"    log: {r.log}")
        progress.say(*lines)


def _stop(running: Mapping[Future[StageResult], Stage], cancelled: threading.Event) -> None:
    """An interrupted run: no stage starts another command, and what they started is killed
    until every running stage has returned."""
    cancelled.set()
    while any(not f.done() for f in running):
        kill_children()
        wait(running, timeout=0.2)


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
