"""tools/ipcdiff.py: reading a differential boot's console and comparing two of them."""

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
    spec = importlib.util.spec_from_file_location("cairn_ipcdiff_tool", ROOT / "tools/ipcdiff.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def console(steps: int, cost: int = 100, source: str = "init", regs: str = "abc") -> list[str]:
    lines = []
    for n in range(1, steps + 1):
        lines.append(f"{TAG}[ipcdiffsrv] ipcdiff: srv {n} received a0=0 regs=1")
        lines.append(f"{TAG}[{source}] ipcdiff: client {n} call/fast a0=0 regs={regs}")
        lines.append(f"{TAG}[{source}] ipcdiff-cost: {n} call/fast {cost}")
    lines.append(f"{TAG}[{source}] ipcdiff: done {steps} steps")
    return lines


def test_two_equal_runs_agree_when_the_fast_kernel_is_faster(tool: ModuleType) -> None:
    fast = tool.read(console(12, cost=100), "fast")
    slow = tool.read(console(12, cost=300), "slow")
    assert fast.steps == 12 and len(fast.lines) == 25
    assert tool.compare(fast, slow) == []


def test_one_register_apart_is_a_difference(tool: ModuleType) -> None:
    fast = tool.read(console(12, cost=100, regs="abd"), "fast")
    slow = tool.read(console(12, cost=300), "slow")
    problems = tool.compare(fast, slow)
    assert len(problems) == 1 and "line 2 differs" in problems[0]


def test_a_fast_step_no_cheaper_means_the_fast_path_was_not_taken(tool: ModuleType) -> None:
    fast = tool.read(console(12, cost=300), "fast")
    slow = tool.read(console(12, cost=300), "slow")
    problems = tool.compare(fast, slow)
    assert len(problems) == 12 and "the fast path was not taken" in problems[0]


def test_lines_from_another_source_do_not_count(tool: ModuleType) -> None:
    with pytest.raises(tool.DiffError, match="did not finish"):
        tool.read(console(12, source="shell"), "fast")


def test_too_few_steps_or_a_missing_done_fail(tool: ModuleType) -> None:
    with pytest.raises(tool.DiffError, match="at least 10"):
        tool.read(console(3), "fast")
    with pytest.raises(tool.DiffError, match="did not finish"):
        tool.read(console(12)[:-1], "fast")


def test_a_panic_fails_the_boot(tool: ModuleType) -> None:
    with pytest.raises(tool.DiffError, match="PANIC"):
        tool.read([*console(12), "[kernel] PANIC somewhere"], "fast")
