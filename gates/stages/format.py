"""format: every C file in kernel/, userspace/ and services/ is as clang-format writes it.

The style is the repository's .clang-format; this stage only asks clang-format, over
tracked and untracked-not-ignored files, and lists the files that differ.
"""

from __future__ import annotations

import re
from pathlib import Path

from gates.cache import Inputs
from gates.report import Verdict
from gates.stages.base import Stage, StageContext, Workspace

BATCH = 100  # files per clang-format call, to keep command lines short
DIAGNOSTIC = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):\d+: (?:error|warning): ")


def c_files(ws: Workspace) -> list[str]:
    return [p for p in ws.select(("kernel/**", "userspace/**", "services/**", "examples/**", "tests/**")) if p.endswith((".c", ".h"))]


def inputs(ws: Workspace) -> Inputs:
    return Inputs(files=(*c_files(ws), ".clang-format"), tools=("clang-format",))


def run(ctx: StageContext) -> Verdict:
    files = c_files(ctx.workspace)
    first_lines: dict[str, int] = {}
    failed_calls = []
    for i in range(0, len(files), BATCH):
        batch = files[i : i + BATCH]
        done = ctx.run(["clang-format", "--dry-run", "--Werror", *batch], timeout=300)
        for line in done.output.splitlines():
            found = DIAGNOSTIC.match(line)
            if found:
                first_lines.setdefault(found["path"], int(found["line"]))
        if done.returncode != 0 and not any(p in first_lines for p in batch):
            failed_calls.append(f"clang-format exited {done.returncode} without naming a file (see log)")
    messages = [f"{p}:{n}: differs from clang-format's output" for p, n in first_lines.items()]
    messages += failed_calls
    summary = f"format: {len(files)} files checked, {len(first_lines)} differ"
    return Verdict.judged(summary, messages)


STAGE = Stage(
    name="format",
    description="C sources match .clang-format",
    depends=(),
    inputs=inputs,
    run=run,
    source=Path(__file__),
)
