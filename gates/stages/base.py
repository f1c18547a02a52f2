"""The stage interface: what every module in gates/stages/ declares, and what it is handed.

A stage module defines one `STAGE = Stage(...)`: its name, a one-line description,
the stages it depends on, a function naming its inputs (for the cache), the environment
variables that can change its result (gates/environment.py) and a run function that
returns a Verdict. The run function gets a StageContext: the repository root, a per-run
Workspace (file list, HEAD and whether the tree is dirty, asked of git once), the run's
tool versions, the stage's log, and `run()` for external commands, which logs everything
a tool prints, runs make only while holding the run's build lock (stages run in parallel
and share build/; the one make at a time gets `-jN`), and turns a missing tool or an overrun into the exceptions below. The
runner maps those exceptions to infra-error and timeout, and any other exception to crash.
The context also says whether the run may use cached results. A stage that runs commands
side by side can hand `run()` a cancel event: setting it stops the command (Cancelled).
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from gates import gitutil, globs
from gates.cache import Inputs
from gates.environment import Var
from gates.report import Verdict
from gates.versions import ToolVersions


class ToolMissing(Exception):
    """A tool the stage needs is not installed (infra-error, not the change's fault)."""


class StageTimeout(Exception):
    """A command or deadline ran out (outcome timeout, never a pass)."""


class InfraError(Exception):
    """The environment cannot answer the stage's question (a shallow clone, say)."""


class Cancelled(Exception):
    """The command's cancel event was set while it ran; its process group was killed."""


CANCEL_POLL_S = 0.2


class Log:
    """A stage's log file. Writes from parallel workers are serialised."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")

    def write(self, text: str) -> None:
        with self._lock, self.path.open("a", encoding="utf-8") as f:
            f.write(text if text.endswith("\n") or not text else text + "\n")


class Workspace:
    """Facts about the work tree that several stages ask for, computed once per run."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @cached_property
    def _files(self) -> list[str]:
        return gitutil.work_tree_files(self.root)

    @cached_property
    def _head(self) -> str | None:
        return gitutil.head(self.root)

    @cached_property
    def _dirty(self) -> bool | None:
        return gitutil.is_dirty(self.root)

    def files(self) -> list[str]:
        """Tracked and untracked-not-ignored files, sorted (git ls-files)."""
        return self._files

    def select(self, patterns: Sequence[str]) -> list[str]:
        return globs.select(self.files(), list(patterns))

    def head(self) -> str | None:
        return self._head

    def dirty(self) -> bool | None:
        """Whether git status shows any change or untracked file; None outside a repository."""
        return self._dirty


@dataclass(frozen=True)
class Completed:
    returncode: int
    output: str  # standard output and error, interleaved as the tool wrote them


def kill_group(proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """Kill the process group the gate started for `proc` (it leads its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_children() -> None:
    """Kill every process this process started, with its group: an interrupted run ends
    what its stages started, whichever thread started it. Linux: children are read from /proc."""
    me = os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone already, or not ours to read
        if len(fields) > 1 and fields[1] == str(me):
            pid = int(stat.parent.name)
            try:
                os.killpg(pid, signal.SIGKILL)  # a child that leads its own group (ctx.run's, QEMU)
            except (ProcessLookupError, PermissionError):
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass


def runs_make(cmd: Sequence[str]) -> bool:
    return bool(cmd) and Path(cmd[0]).name == "make"


@dataclass
class StageContext:
    root: Path
    workspace: Workspace
    tools: ToolVersions
    log: Log
    run_folder: Path
    # Held around every make run: stages in parallel share build/. Re-entrant, so a stage
    # may hold it across a make run and the reading of what that run wrote.
    build_lock: threading.RLock = field(default_factory=threading.RLock)
    env: dict[str, str] | None = None  # the commands' environment (None: the gate's own)
    cancelled: threading.Event = field(default_factory=threading.Event)  # set: start no more commands
    make_jobs: int = 1  # make runs one at a time, each with this many jobs
    use_cache: bool = True  # False under --no-cache: a stage with a cache of its own must not use it

    def run(self, cmd: Sequence[str], timeout: float, cwd: Path | None = None,
            cancel: threading.Event | None = None) -> Completed:
        """Run `cmd` with no input, log its output, and return it.

        The command leads its own process group so an overrun kills it and its children.
        A make command runs only while this run's build lock is held, with `-j make_jobs`
        and its output grouped by target, so diagnostics of parallel compiles do not mix.
        Raises ToolMissing if cmd[0] cannot be started, StageTimeout after `timeout` s, and
        InfraError once the run is interrupted, Cancelled once `cancel` is set.
        """
        if self.cancelled.is_set():
            raise InfraError("the run was interrupted")
        if runs_make(cmd):
            parallel = [f"-j{self.make_jobs}", "--output-sync=target"] if self.make_jobs > 1 else []
            with self.build_lock:
                return self._run([cmd[0], *parallel, *cmd[1:]], timeout, cwd, cancel)
        return self._run(cmd, timeout, cwd, cancel)

    def _run(self, cmd: Sequence[str], timeout: float, cwd: Path | None,
             cancel: threading.Event | None) -> Completed:
        self.log.write(f"$ {shlex.join(cmd)}")
        try:
            proc = subprocess.Popen(
                list(cmd),
                cwd=cwd or self.root,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as exc:
            self.log.write(f"cannot start {cmd[0]}: {exc}")
            raise ToolMissing(f"{cmd[0]} is not available: {exc.strerror or exc}") from exc
        try:
            out = _wait(proc, timeout, cancel)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            out, _ = proc.communicate()
            self.log.write(out.decode("utf-8", "replace") + f"[killed after {timeout:g} s]")
            raise StageTimeout(f"{shlex.join(cmd)} did not finish within {timeout:g} s") from None
        except Cancelled:
            kill_group(proc)
            out, _ = proc.communicate()
            self.log.write(out.decode("utf-8", "replace") + "[stopped: cancelled]")
            raise
        except BaseException:
            kill_group(proc)
            proc.wait()
            raise
        text = out.decode("utf-8", "replace")
        self.log.write(text + f"[exit {proc.returncode}]")
        return Completed(proc.returncode, text)


def _wait(proc: subprocess.Popen, timeout: float, cancel: threading.Event | None) -> bytes:  # type: ignore[type-arg]
    """The command's output once it exits; TimeoutExpired after `timeout`, Cancelled on `cancel`."""
    if cancel is None:
        return proc.communicate(timeout=timeout)[0]
    deadline = time.monotonic() + timeout
    while True:
        try:
            return proc.communicate(timeout=max(0.0, min(CANCEL_POLL_S, deadline - time.monotonic())))[0]
        except subprocess.TimeoutExpired:
            if cancel.is_set():
                raise Cancelled() from None
            if time.monotonic() >= deadline:
                raise


@dataclass(frozen=True)
class Stage:
    name: str
    description: str
    depends: tuple[str, ...]
    inputs: Callable[[Workspace], Inputs]
    run: Callable[[StageContext], Verdict]
    source: Path  # the stage module's file; it and every gate module it imports judge its result
    outputs: tuple[str, ...] = ()  # files a cached pass needs to still exist
    env: tuple[Var, ...] = ()  # variables that can change its result (the runner adds EVERY_STAGE)
    packages: tuple[str, ...] = ()  # Debian packages (dpkg-query patterns) whose versions can change it

