"""static: clang-tidy and cppcheck over every file in the compilation database.

Both tools can exit 0 while reporting findings, so this stage judges by exit code and
by the findings it parses from their output: either one fails it. The checks are the
repository's .clang-tidy and the cppcheck options below; zero analysed files fails too,
since a database that lost its entries would otherwise pass silently.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gates.cache import Inputs
from gates.report import Verdict
from gates.stages import ctree
from gates.stages.base import Completed, Stage, StageContext, Workspace

TIDY_JOBS = 2
TIDY_FINDING = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):\d+: (?P<severity>warning|error): (?P<message>.*)$")
CPPCHECK_TEMPLATE = "{file}:{line}: {severity}: {message} [{id}]"
CPPCHECK_FINDING = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): (?P<severity>[a-z]+): (?P<message>.*\[\w+\])$")
CPPCHECK = [
    "cppcheck",
    f"--project={ctree.COMPDB}",
    "--error-exitcode=1",
    "--enable=warning,performance,portability",
    "--inline-suppr",
    "--suppress=missingIncludeSystem",
    "-q",
    f"--template={CPPCHECK_TEMPLATE}",
]


def inputs(ws: Workspace) -> Inputs:
    files = (*ws.select(ctree.BUILD_INPUTS), ".clang-tidy")
    return Inputs(files=files, tools=("clang-tidy", "cppcheck", *ctree.COMPILERS))


def _findings(ctx: StageContext, output: str, pattern: re.Pattern[str], tool: str) -> list[str]:
    found = []
    for line in output.splitlines():
        m = pattern.match(line)
        if m:
            path = ctree.relative(ctx.root / m["path"], ctx.root) or m["path"]
            found.append(f"{path}:{m['line']}: {tool}: {m['severity']}: {m['message']}")
    return found


def _tidy(ctx: StageContext, files: list[str]) -> list[str]:
    def one(path: str) -> tuple[str, Completed]:
        return path, ctx.run(["clang-tidy", "-p", "build", "--quiet", "--warnings-as-errors=*", path], timeout=600)

    messages: list[str] = []
    with ThreadPoolExecutor(max_workers=TIDY_JOBS) as pool:
        for path, done in pool.map(one, files):
            found = _findings(ctx, done.output, TIDY_FINDING, "clang-tidy")
            if done.returncode != 0 and not found:
                found = [f"{path}:1: clang-tidy exited {done.returncode} without a parsable finding (see log)"]
            messages += found
    return list(dict.fromkeys(messages))  # a header's finding repeats for every file including it


def _cppcheck(ctx: StageContext) -> list[str]:
    done = ctx.run(CPPCHECK, timeout=900)
    found = _findings(ctx, done.output, CPPCHECK_FINDING, "cppcheck")
    if done.returncode != 0 and not found:
        found = [f"{ctree.COMPDB}:1: cppcheck exited {done.returncode} without a parsable finding (see log)"]
    return list(dict.fromkeys(found))


def run(ctx: StageContext) -> Verdict:
    try:
        entries = ctree.load_compdb(ctx)
    except ctree.CompdbError as exc:
        return Verdict.failed("static: no compilation database", [str(exc)])
    files = sorted({ctree.relative(e.path(), ctx.root) or str(e.path()) for e in entries})
    if not files:
        return Verdict.failed("static: 0 files analysed", [f"{ctree.COMPDB}:1: the compilation database is empty"])
    tidy = _tidy(ctx, files)
    cppcheck = _cppcheck(ctx)
    summary = f"static: {len(files)} files analysed, {len(tidy)} clang-tidy and {len(cppcheck)} cppcheck findings"
    return Verdict.judged(summary, tidy + cppcheck)


STAGE = Stage(
    name="static",
    description="clang-tidy and cppcheck find nothing in the compilation database",
    depends=(),
    inputs=inputs,
    run=run,
    source=Path(__file__),
    env=ctree.ENV,
    packages=ctree.CROSS_PACKAGES,
)
