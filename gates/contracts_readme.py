"""README.md against the gate it describes: the stages it names and the figures it quotes.

This module owns one rule: what the README says about the gate agrees with the gate.
Its stage table and its sample `make test` output name every stage, in the order they
run, and the sample's closing count matches; every benchmark figure it quotes is the one
recorded in gates/bench.yaml. Figures that change from run to run (seconds, test counts)
are the README's to refresh from a real report; the order, names and recorded figures
are checked here, so they cannot drift.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from gates.findings import Finding

README = "README.md"
BENCH_RECORD = "gates/bench.yaml"
TABLE_ROW = re.compile(r"^\| ([a-z]+) \| ")
SAMPLE_ROW = re.compile(r"^([a-z]+) +(pass|cached) +\d+(?:\.\d+)? +\1: ")
CLOSING = re.compile(r"^gates: (\d+) passed, (\d+) failed$")
# `bench: NAME instructions=N`, `NAME N vs recorded M` and the stage summary's `NAME N`.
QUOTED = (
    re.compile(r"\bbench: ([a-z_]+) instructions=(\d+)"),
    re.compile(r"\b([a-z_]+) (\d+) vs recorded (\d+)"),
    re.compile(r"(?:bench: |, )([a-z_]+) (\d+)(?=,| instructions)"),
)


def check_readme(root: Path, stage_names: list[str]) -> list[Finding]:
    """Every way README.md disagrees with the stages and with the recorded bench figures."""
    try:
        lines = (root / README).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        return [Finding(README, 1, f"cannot read: {exc.strerror or exc}")]
    findings = _stage_table(lines, stage_names) + _sample_run(lines, stage_names)
    return findings + _bench_figures(root, lines)


def _stage_table(lines: list[str], stages: list[str]) -> list[Finding]:
    start = next((i for i, ln in enumerate(lines) if ln.startswith("| stage | checks |")), None)
    if start is None:
        return [Finding(README, 1, "has no '| stage | checks |' table of the gate's stages")]
    rows = []
    for ln in lines[start + 2 :]:
        m = TABLE_ROW.match(ln)
        if not m:
            break
        rows.append(m[1])
    return _order(rows, stages, start + 1, "the stage table")


def _sample_run(lines: list[str], stages: list[str]) -> list[Finding]:
    rows = [(i, m[1]) for i, ln in enumerate(lines) if (m := SAMPLE_ROW.match(ln))]
    if not rows:
        return [Finding(README, 1, "has no sample `make test` table (stage, outcome, seconds, summary)")]
    findings = _order([name for _, name in rows], stages, rows[0][0] + 1, "the sample run")
    closing = [(i, m) for i, ln in enumerate(lines) if (m := CLOSING.match(ln))]
    for i, m in closing:
        if int(m[1]) != len(stages) or int(m[2]) != 0:
            findings.append(Finding(README, i + 1, f"the sample run closes '{lines[i]}', but the gate has "
                                                   f"{len(stages)} stages"))
    if not closing:
        findings.append(Finding(README, rows[-1][0] + 1, "the sample run has no closing 'gates: N passed, 0 failed'"))
    return findings


def _order(found: list[str], stages: list[str], line: int, what: str) -> list[Finding]:
    if found == stages:
        return []
    return [Finding(README, line, f"{what} names {' '.join(found) or 'no stage'}; the gate runs "
                                  f"{' '.join(stages)}")]


def _bench_figures(root: Path, lines: list[str]) -> list[Finding]:
    try:
        record = yaml.safe_load((root / BENCH_RECORD).read_text(encoding="utf-8"))["figures"]
        recorded = {name: int(f["instructions"]) for name, f in record.items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError):
        return []  # the data stage reports an unreadable record against its own file
    findings = []
    for number, ln in enumerate(lines, 1):
        for pattern in QUOTED:
            for m in pattern.finditer(ln):
                name, values = m[1], [int(v) for v in m.groups()[1:]]
                want = recorded.get(name)
                stale = next((v for v in values if v != want), None) if want is not None else None
                if stale is not None:
                    findings.append(Finding(README, number, f"quotes {name} {stale}; {BENCH_RECORD} records {want}"))
    return findings
