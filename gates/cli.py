"""The command line: `python3 -m gates COMMAND ...`.

This module owns parsing arguments and dispatching to the module that does the work:
the runner for test-all/gate, the scope rules for commit-msg, and the contracts
engineers' newdoc, board and verify_tasks modules (imported only when asked for). Before a run it
checks that it is Debian's Python with the gate's libraries (anything else is an
infra-error, not a failed check), and test-all says when the git hooks are missing.
Exit status: 0 success, 1 a check failed, 2 a usage error, 3 the gate cannot run here.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import platform
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import NoReturn, TextIO

from gates import gitutil
from gates.gitutil import GitError
from gates.runner import Run, SelectionError, default_jobs
from gates.stages import all_stages
from gates.stages.base import Stage

PROG = "python3 -m gates"
USAGE_ERROR = 2
INFRA_ERROR = 3
GATE_PYTHON = Path("/usr/bin/python3")  # Debian's, with python3-jsonschema, -yaml and -pytest
GATE_MODULES = ("jsonschema", "yaml")  # what every stage needs; host needs pytest too
HOOKS = ("pre-commit", "commit-msg")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: `gates gate: error: ... (try --help)`, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message} (try --help)\n")


def build_parser(stages: Sequence[Stage]) -> argparse.ArgumentParser:
    names = ", ".join(s.name for s in stages)
    parser = _Parser(prog=PROG, description="Cairn's gate runner and repository helpers.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    every = commands.add_parser("test-all", help="run every stage", description=f"Run every stage: {names}.")
    every.add_argument("--no-cache", action="store_true", help="run stages even when their inputs passed before")
    _add_jobs(every)

    gate = commands.add_parser(
        "gate", help="run the named stages (and what they depend on)",
        description=f"Run the named stages plus the stages they depend on. Stages: {names}.",
    )
    gate.add_argument("stages", nargs="+", metavar="STAGE")
    gate.add_argument("--no-cache", action="store_true", help="run stages even when their inputs passed before")
    _add_jobs(gate)

    for kind in ("task", "rfc", "adr"):
        new = commands.add_parser(f"new-{kind}", help=f"create a new {kind} document and print its path")
        new.add_argument("title", metavar="TITLE")

    commands.add_parser("board", help="print the task board")
    header = commands.add_parser("markers-header", help="write the C header generated from gates/markers.yaml")
    header.add_argument("out", metavar="OUT")
    hook = commands.add_parser(
        "commit-msg", help="the commit-msg hook: judge the commit being made",
        description="Check the commit being made (message FILE, staged task, staged paths) against the scope rules.",
    )
    hook.add_argument("file", metavar="FILE", type=Path)
    commands.add_parser("list-stages", help="list the stages in the order they run")
    commands.add_parser(
        "verify-tasks", help="run every done task's proof commands once each",
        description="Run the proof commands of every done task, each command once, and fail if any fails.",
    )
    return parser


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return value


def _add_jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-j", "--jobs", type=_jobs, default=None, metavar="N",
        help=f"stages run at once, and make's jobs (default: the cores, here {default_jobs()})",
    )


def python_problem(executable: str | None = None, modules: Sequence[str] = GATE_MODULES) -> str | None:
    """Why this interpreter cannot run the gate, in one line; None when it can."""
    executable = executable or sys.executable
    if os.path.realpath(executable) != os.path.realpath(GATE_PYTHON):
        return (f"this is {executable} (Python {platform.python_version()}); the gate runs under {GATE_PYTHON} "
                f"with Debian's python3-jsonschema, python3-yaml and python3-pytest (`just` and `make test` use it)")
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        return f"{GATE_PYTHON} cannot import {', '.join(missing)}; `make setup` installs the gate's packages"
    return None


def missing_hooks(root: Path) -> list[str]:
    """The git hooks the repository expects that are not installed (none outside a repository)."""
    folder = gitutil.hooks_dir(root)
    if folder is None:
        return []
    return [h for h in HOOKS if not os.access(folder / h, os.X_OK)]


def main(
    argv: Sequence[str],
    root: Path | None = None,
    out: TextIO | None = None,
    stages: Sequence[Stage] | None = None,
) -> int:
    root = root or Path.cwd()
    out = out or sys.stdout
    stages = list(stages) if stages is not None else all_stages()
    args = build_parser(stages).parse_args(list(argv))
    command = args.command
    if command in ("test-all", "gate"):
        problem = python_problem()
        if problem:
            return _fail(f"infra-error: {problem}", INFRA_ERROR)
        if command == "test-all":
            _note_hooks(root, out)
        names = [s.name for s in stages] if command == "test-all" else args.stages
        return _run(root, stages, names, not args.no_cache, out, args.jobs or default_jobs())
    if command.startswith("new-"):
        return _new_document(root, command.removeprefix("new-"), args.title, out)
    if command == "board":
        return _board(root, out)
    if command == "markers-header":
        from gates import markers  # needs yaml: imported only here, after the argument checks

        return markers.main([args.out])
    if command == "commit-msg":
        return _commit_msg(root, args.file, out)
    if command == "verify-tasks":
        return _verify_tasks(root, out)
    for s in stages:
        depends = f" (after {', '.join(s.depends)})" if s.depends else ""
        print(f"{s.name:<10} {s.description}{depends}", file=out)
    return 0


def _fail(message: str, code: int = 1) -> int:
    print(f"gates: {message}", file=sys.stderr)
    return code


def _note_hooks(root: Path, out: TextIO) -> None:
    missing = missing_hooks(root)
    if missing:
        print(f"gates: note: the git hooks are not installed ({', '.join(missing)}); `make setup` installs them",
              file=out)


def _run(root: Path, stages: list[Stage], names: list[str], use_cache: bool, out: TextIO, jobs: int) -> int:
    try:
        report = Run(root, stages, use_cache, out, jobs=jobs).execute(names)
    except SelectionError as exc:
        return _fail(str(exc), USAGE_ERROR)
    except KeyboardInterrupt:
        return _fail("interrupted; the stage's processes were stopped", 130)
    return 0 if report.ok else 1


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        _fail(f"{name.replace('.', '/')}.py is not available: {exc}")
        return None


def _new_document(root: Path, kind: str, title: str, out: TextIO) -> int:
    newdoc = _module("gates.newdoc")
    if newdoc is None:
        return 1
    try:
        path = newdoc.new_document(kind, title, root, date.today())
    except ValueError as exc:
        return _fail(f"new-{kind}: {exc}", USAGE_ERROR)
    try:
        path = Path(path).relative_to(root)
    except ValueError:
        pass
    print(path, file=out)
    return 0


def _board(root: Path, out: TextIO) -> int:
    board = _module("gates.board")
    if board is None:
        return 1
    print(board.render_board(root), end="", file=out)
    return 0


def _verify_tasks(root: Path, out: TextIO) -> int:
    verify_tasks = _module("gates.verify_tasks")
    if verify_tasks is None:
        return 1
    return verify_tasks.verify(root, out)


def _commit_msg(root: Path, file: Path, out: TextIO) -> int:
    from gates.stages import scope  # the rules live there, shared with the scope stage

    try:
        message = file.read_text(encoding="utf-8")
        problems = scope.check_staged(root, message)
    except OSError as exc:
        return _fail(f"commit-msg: cannot read {file}: {exc.strerror}")
    except (scope.GovernanceError, GitError, ImportError) as exc:
        return _fail(f"commit-msg: {exc}")
    for problem in problems:
        print(problem, file=out)
    if problems:
        print("commit-msg: the commit breaks the scope rules (see gates/governance.yaml)", file=out)
        return 1
    return 0
