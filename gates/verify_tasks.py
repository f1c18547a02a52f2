"""verify-tasks: run every done task's proof commands, once each, and say how each went.

A done task's `proof.commands` are its claim that the work holds; this module runs them.
A command that several tasks share runs once, in the order first seen (tasks in id
order). Each runs under bash from the repository root, its output going straight to the
terminal, in a process group of its own so an overrun is stopped whole; then one line
gives its outcome and time, and a closing table lists them all. Any failure fails the
run (exit 1).

A proof command that itself ran verify-tasks would recurse without end: the run marks
its environment with NESTED, and a nested run refuses to start (exit 2).

It does not judge the tasks' files (the contracts stage does); a task that cannot be
read is left out here and reported there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from gates.contracts import load_tasks

NESTED = "CAIRN_VERIFY_TASKS"
COMMAND_TIMEOUT_S = 3600
USAGE_ERROR = 2


@dataclass(frozen=True)
class ProofCommand:
    command: str
    tasks: tuple[str, ...]  # the done tasks that name it, in id order


@dataclass(frozen=True)
class Ran:
    proof: ProofCommand
    returncode: int  # -1: did not finish within the time limit
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def outcome(self) -> str:
        if self.ok:
            return "ok"
        return "timeout" if self.returncode == -1 else f"FAIL (exit {self.returncode})"


Execute = Callable[[str, Path], int]


def proof_commands(root: Path) -> list[ProofCommand]:
    """Every done task's proof commands, each once, in the order first named."""
    named: dict[str, list[str]] = {}
    for task_id, doc in sorted(load_tasks(root).items()):
        if doc.data.get("status") != "done":
            continue
        proof = doc.data.get("proof")
        commands = proof.get("commands") if isinstance(proof, dict) else None
        for command in commands if isinstance(commands, list) else []:
            if isinstance(command, str) and command.strip():
                named.setdefault(command.strip(), []).append(task_id)
    return [ProofCommand(command, tuple(tasks)) for command, tasks in named.items()]


def execute(command: str, root: Path) -> int:
    """Run `command` under bash at `root`; its exit status, or -1 after COMMAND_TIMEOUT_S."""
    env = dict(os.environ, **{NESTED: "1"})
    proc = subprocess.Popen(["bash", "-c", command], cwd=root, env=env, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        return proc.wait(timeout=COMMAND_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return -1
    except BaseException:
        _kill(proc)
        raise


def _kill(proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def verify(root: Path, out: TextIO, run: Execute = execute) -> int:
    """Run every proof command; 0 when all pass, 1 when any fails, 2 when nested."""
    if os.environ.get(NESTED):
        print("verify-tasks: refused: already inside a verify-tasks run (a proof command "
              "runs verify-tasks)", file=out, flush=True)
        return USAGE_ERROR
    proofs = proof_commands(root)
    if not proofs:
        print("verify-tasks: no done task names a proof command; nothing to run", file=out)
        return 0
    results = []
    for n, proof in enumerate(proofs, 1):
        tag = f"verify-tasks: [{n}/{len(proofs)}]"
        print(f"{tag} $ {proof.command}  ({', '.join(proof.tasks)})", file=out, flush=True)
        start = time.monotonic()
        ran = Ran(proof, run(proof.command, root), time.monotonic() - start)
        print(f"{tag} {ran.outcome()} in {ran.seconds:.1f}s: {proof.command}", file=out, flush=True)
        results.append(ran)
    return _summary(results, out)


def _summary(results: list[Ran], out: TextIO) -> int:
    print("\nverify-tasks: the done tasks' proof commands", file=out)
    for ran in results:
        print(f"  {ran.outcome():<16} {ran.seconds:7.1f}s  {ran.proof.command}  "
              f"({', '.join(ran.proof.tasks)})", file=out)
    failed = [r for r in results if not r.ok]
    print(f"verify-tasks: {len(results) - len(failed)} passed, {len(failed)} failed", file=out, flush=True)
    return 1 if failed else 0
