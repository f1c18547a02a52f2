"""build: `make build` cross-compiles the kernel and user programs with warnings as errors.

The flags and rules are the Makefile's; this stage runs it, lifts compiler diagnostics
into messages, and checks the kernel image the qemu stage boots was written.
"""

from __future__ import annotations

import re
from pathlib import Path

from gates.cache import Inputs
from gates.report import Verdict
from gates.stages import ctree
from gates.stages.base import Stage, StageContext, Workspace

KERNEL_ELF = "build/kernel/cairn.elf"
DIAGNOSTIC = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?:\d+:)? (?:fatal )?(?P<kind>error|warning): (?P<msg>.*)$")
MAKE_ERROR = re.compile(r"^make(?:\[\d+\])?: \*\*\* (?P<msg>.*)$")


def diagnostics(output: str) -> list[str]:
    """Compiler and linker diagnostics as `path:line: kind: message`, then make's own errors."""
    found = [f"{m['path']}:{m['line']}: {m['kind']}: {m['msg']}" for m in map(DIAGNOSTIC.match, output.splitlines()) if m]
    found += [f"Makefile:1: make: {m['msg']}" for m in map(MAKE_ERROR.match, output.splitlines()) if m]
    return list(dict.fromkeys(found))


def inputs(ws: Workspace) -> Inputs:
    return Inputs(files=tuple(ws.select(ctree.BUILD_INPUTS)), tools=ctree.COMPILERS)


def run(ctx: StageContext) -> Verdict:
    done = ctx.run(["make", "--no-print-directory", "build"], timeout=1200)
    ctree.raise_if_tool_missing(done)
    if done.returncode != 0:
        messages = diagnostics(done.output) or [f"Makefile:1: make build exited {done.returncode} (see log)"]
        return Verdict.failed(f"build: make build failed ({len(messages)} diagnostics)", messages)
    elf = ctx.root / KERNEL_ELF
    if not elf.is_file():
        return Verdict.failed("build: no kernel image", [f"{KERNEL_ELF}:1: make build did not write the kernel image"])
    return Verdict.passed(f"build: {KERNEL_ELF} ({elf.stat().st_size} bytes)")


STAGE = Stage(
    name="build",
    description="make build: the kernel and user programs compile with -Werror",
    depends=(),
    inputs=inputs,
    run=run,
    source=Path(__file__),
    outputs=(KERNEL_ELF,),
)
