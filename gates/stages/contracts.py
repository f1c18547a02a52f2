"""contracts: the tasks, RFCs and ADRs against their schemas (gates/contracts.py judges).

This stage only adapts the contracts checker to the runner: every Finding it returns
becomes one message, and any finding fails the stage. The rules live in gates/contracts.py,
README.md's account of the gate is held to the gate by gates/contracts_readme.py, and
each stable protocol's interface file to its earlier versions by gates/contracts_idl.py.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from gates import gitutil, globs
from gates.cache import Inputs
from gates.contracts_idl import check_idl
from gates.contracts_readme import check_readme
from gates.report import Verdict
from gates.stages.base import Stage, StageContext, Workspace

READS = (
    "tasks/**",
    "rfcs/**",
    "adr/**",
    "schemas/**",
    "docs/**",
    "gates/*.py",
    "gates/*.yaml",
    "gates/profiles/**",
    "gates/templates/**",
    "kernel/abi/**",
    "README.md",
    "idl/**",  # the references in the RFCs and the stable wires (gates/contracts_idl.py)
    "tools/idlgen.py",  # which generates the references
)


def inputs(ws: Workspace) -> Inputs:
    return Inputs(files=tuple(ws.select(READS)))


def all_stages() -> list[Stage]:
    from gates.stages import all_stages as every  # noqa: PLC0415 - gates.stages imports this module

    return every()


def run(ctx: StageContext) -> Verdict:
    checker = importlib.import_module("gates.contracts")
    findings = checker.check(ctx.root)
    findings += check_readme(ctx.root, [s.name for s in all_stages()])
    findings += check_idl(ctx.root)
    messages = [str(f) for f in findings]
    for m in messages:
        ctx.log.write(m)
    tracked = gitutil.tracked_files(ctx.root, "tasks", "rfcs", "adr")
    documents = len(globs.select(tracked, ("tasks/*.md", "rfcs/*.md", "adr/*.md")))
    return Verdict.judged(f"contracts: {documents} documents, {len(messages)} findings", messages)


STAGE = Stage(
    name="contracts",
    description="tasks, RFCs and ADRs are well-formed and agree with each other",
    depends=(),
    inputs=inputs,
    run=run,
    source=Path(__file__),
)
