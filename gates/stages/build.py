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
BENCH_KERNEL = "build/bench/cairn-bench.elf"  # the bench stage boots it
DIAGNOSTIC = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?:\d+:)? (?:fatal )?(?P<kind>error|warning): (?P<msg>.*)$")
MAKE_ERROR = re.compile(r"^make(?:\[\d+\])?: \*\*\* (?P<msg>.*)$")
# The project's own build tools (tools/manifest.py, mkbootimg.py, ...) report `path:line: message`.
TOOL_DIAGNOSTIC = re.compile(r"^(?P<path>[^\s:][^\s:]*):(?P<line>\d+): (?P<msg>.*)$")


def diagnostics(output: str) -> list[str]:
    """Compiler and linker diagnostics as `path:line: kind: message`, the build tools'
    `path:line: message` lines, then make's own errors, which only say a rule failed."""
    lines = output.splitlines()
    found = [f"{m['path']}:{m['line']}: {m['kind']}: {m['msg']}" for m in map(DIAGNOSTIC.match, lines) if m]
    found += [ln for ln in lines if TOOL_DIAGNOSTIC.match(ln) and not DIAGNOSTIC.match(ln)]
    found += [f"Makefile:1: make: {m['msg']}" for m in map(MAKE_ERROR.match, lines) if m]
    return list(dict.fromkeys(found))


def inputs(ws: Workspace) -> Inputs:
    return Inputs(files=tuple(ws.select(ctree.BUILD_INPUTS)), tools=ctree.COMPILERS)


def run(ctx: StageContext) -> Verdict:
    done = ctx.run(["make", "--no-print-directory", "build"], timeout=1200)
    ctree.raise_if_tool_missing(done)
    if done.returncode != 0:
        messages = diagnostics(done.output) or [f"Makefile:1: make build exited {done.returncode} (see log)"]
        return Verdict.failed(f"build: make build failed ({len(messages)} diagnostics)", messages)
    missing = [p for p in (KERNEL_ELF, BENCH_KERNEL) if not (ctx.root / p).is_file()]
    if missing:
        return Verdict.failed("build: no kernel image", [f"{p}:1: make build did not write it" for p in missing])
    elf = ctx.root / KERNEL_ELF
    return Verdict.passed(f"build: {KERNEL_ELF} ({elf.stat().st_size} bytes)")


STAGE = Stage(
    name="build",
    description="make build: the kernel and user programs compile with -Werror",
    depends=(),
    inputs=inputs,
    run=run,
    source=Path(__file__),
    outputs=(KERNEL_ELF, BENCH_KERNEL),  # a cached pass needs both, so a missing one is rebuilt
)
