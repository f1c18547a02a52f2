"""The C tree as the stages see it: which files feed a build, and the compilation database.

Shared by static, arch, host and build. It owns the list of globs whose contents decide
a compile, and reading build/compile_commands.json after `make compdb`; it judges nothing.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from gates import environment
from gates.stages.base import Completed, StageContext, ToolMissing

COMPDB = "build/compile_commands.json"
BUILD_INPUTS = (
    "kernel/**",
    "userspace/**",
    "services/**",
    "idl/**",  # every protocol's C is generated from its interface file (RFC-0012)
    "Makefile",
    "**/*.mk",
    "**/*.ld",
    "gates/markers.yaml",
    "gates/markers.py",
    "tools/**",  # the boot-image packer and manifest checker feed the build and its tests
    "schemas/**",  # tools/manifest.py checks init's manifest against schemas/manifest.schema.json
    "examples/**",  # make build compiles examples/hello against the installed SDK
    "tests/**",  # and the hostile suite (tests/hostile) against it, into the hostile image
)
COMPILERS = ("riscv64-unknown-elf-gcc", "riscv64-unknown-elf-ar", "gcc", "make")  # what make runs from PATH
# The cross toolchain's assembler and linker, and the C library user programs compile against.
CROSS_PACKAGES = ("binutils-riscv64-unknown-elf", "picolibc-riscv64-unknown-elf")
# What every stage that runs make or a compiler over the tree declares (gates/environment.py).
ENV = (*environment.MAKE, *environment.COMPILE)


# make's words when a recipe's program is not installed
MISSING_PROGRAM = re.compile(r"^make(?:\[\d+\])?: (?P<tool>[^:\s]+): (?:Command not found|No such file or directory)$", re.M)


def raise_if_tool_missing(done: Completed) -> None:
    """A make run that failed because a program is not installed is an infra-error, not a fail."""
    found = MISSING_PROGRAM.search(done.output) if done.returncode != 0 else None
    if found:
        raise ToolMissing(f"{found['tool']} is not installed (make could not run it)")


class CompdbError(Exception):
    """`make compdb` failed or wrote something unreadable; the message says which."""


@dataclass(frozen=True)
class CompileEntry:
    directory: Path
    file: str  # as written in the database
    arguments: tuple[str, ...]

    def path(self) -> Path:
        return (self.directory / self.file).resolve()


def load_compdb(ctx: StageContext) -> list[CompileEntry]:
    """Run `make compdb` and read the database it writes, both under the build lock so
    another stage's make cannot rewrite it in between."""
    with ctx.build_lock:
        done = ctx.run(["make", "--no-print-directory", "compdb"], timeout=300)
        raise_if_tool_missing(done)
        if done.returncode != 0:
            tail = [ln for ln in done.output.splitlines() if ln.strip()][-3:]
            raise CompdbError("make compdb failed: " + (" | ".join(tail) or f"exit {done.returncode}"))
        try:
            raw = json.loads((ctx.root / COMPDB).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CompdbError(f"{COMPDB}:1: cannot read the compilation database: {exc}") from exc
    entries = []
    for item in raw:
        args = item.get("arguments") or shlex.split(item.get("command", ""))
        entries.append(CompileEntry(Path(item["directory"]), item["file"], tuple(args)))
    return entries


def relative(path: Path, root: Path) -> str | None:
    """`path` relative to the repository root, or None when it lies outside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
