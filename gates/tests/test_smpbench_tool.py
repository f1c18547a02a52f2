"""tools/smpbench.py: reading a wall-time boot's lines and laying out the table."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
TAG = "\x01"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cairn_smpbench_tool", ROOT / "tools/smpbench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def lines(source: str = "init", done: bool = True) -> list[str]:
    out = [f"{TAG}[{source}] smp: pairs={p} harts=2 roundtrips={p * 1000} ns=300000000 per_second={p * 3333}"
           for p in (1, 2, 4)]
    return out + ([f"{TAG}[{source}] smp: done"] if done else [])


def test_parse_reads_every_pair_count(tool: ModuleType) -> None:
    assert tool.parse(lines()) == {1: 3333, 2: 6666, 4: 13332}


def test_a_run_that_did_not_finish_or_came_from_elsewhere_gives_nothing(tool: ModuleType) -> None:
    assert tool.parse(lines(done=False)) == {}
    assert tool.parse(lines(source="shell")) == {}


def test_table_has_a_row_per_pair_count_and_a_column_per_hart_count(tool: ModuleType) -> None:
    medians = {(p, h): p * 100 + h for p in (1, 2, 4) for h in (1, 2, 4)}
    rows = tool.table(medians)
    assert len(rows) == 4
    assert rows[2].split()[-3:] == ["201", "202", "204"]
