"""Reading what the C tools print: host test counts (Check, including the zero-test trap, and
pytest), and the diagnostics the build, static and format stages lift into messages."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from gates.cache import ToolVersions
from gates.stages import build, ctree, host, static
from gates.stages import format as format_stage
from gates.stages.base import Completed, Log, StageContext, ToolMissing, Workspace


def test_a_check_summary_is_read():
    out = "Running suite(s): cap\n100%: Checks: 17, Failures: 0, Errors: 0\n"
    assert host.parse_check(out) == host.CheckCounts(17, 0, 0)


def test_zero_tests_read_as_zero_even_at_100_percent():
    assert host.parse_check("100%: Checks: 0, Failures: 0, Errors: 0\n") == host.CheckCounts(0, 0, 0)


def test_several_summaries_add_up():
    out = "50%: Checks: 4, Failures: 1, Errors: 1\n100%: Checks: 3, Failures: 0, Errors: 0\n"
    assert host.parse_check(out) == host.CheckCounts(7, 1, 1)


def test_no_summary_is_none():
    assert host.parse_check("Segmentation fault\n") is None


def test_pytest_counts():
    assert host.parse_pytest("....\n42 passed in 3.21s\n") == host.PytestCounts(42, 0)
    assert host.parse_pytest("1 failed, 40 passed, 2 warnings in 2.0s\n") == host.PytestCounts(40, 1)
    assert host.parse_pytest("2 errors in 0.1s\n") == host.PytestCounts(0, 2)
    assert not host.parse_pytest("no tests ran in 0.01s\n").ok
    assert not host.parse_pytest("").ok


def fake_binary(root: Path, name: str, output: str, code: int) -> str:
    path = root / name
    path.write_text(f"#!/bin/sh\nprintf '%s' '{output}'\nexit {code}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return name


def test_binaries_are_judged_by_exit_summary_and_failure_lines(tmp_path):
    folder = tmp_path / "run"
    ctx = StageContext(tmp_path, Workspace(tmp_path), ToolVersions(), Log(folder / "host.log"), folder)
    good = fake_binary(tmp_path, "good", "100%: Checks: 5, Failures: 0, Errors: 0\n", 0)
    bad = fake_binary(
        tmp_path, "bad",
        "kernel/tests/cap.c:12:F:cap:dup_full:0: Assertion x == 1 failed\n50%: Checks: 2, Failures: 1, Errors: 0\n", 1,
    )
    silent = fake_binary(tmp_path, "silent", "", 0)
    total, messages, overran = host._run_binaries(ctx, [good, bad, silent])
    assert (total, overran) == (7, False)
    assert messages == [
        "kernel/tests/cap.c:12: cap/dup_full: Assertion x == 1 failed",
        "bad:1: exited 1 (1 failures, 0 errors)",
        "silent:1: printed no Check summary (exit 0)",
    ]



def test_make_failing_for_want_of_a_program_is_an_infra_error():
    ctree.raise_if_tool_missing(Completed(2, "kernel/smp.c:3:1: error: x\n"))  # an ordinary failure passes
    with pytest.raises(ToolMissing, match="riscv64-unknown-elf-gcc is not installed"):
        ctree.raise_if_tool_missing(Completed(2, "make: riscv64-unknown-elf-gcc: No such file or directory\n"))


def test_build_lifts_compiler_and_make_errors():
    out = (
        "riscv64-unknown-elf-gcc ... -c kernel/smp.c\n"
        "kernel/smp.c:41:9: error: unused variable 'x' [-Werror=unused-variable]\n"
        "make: *** [kernel/kernel.mk:30: build/kernel/smp.o] Error 1\n"
    )
    assert build.diagnostics(out) == [
        "kernel/smp.c:41: error: unused variable 'x' [-Werror=unused-variable]",
        "Makefile:1: make: [kernel/kernel.mk:30: build/kernel/smp.o] Error 1",
    ]


def test_static_findings_are_read_from_both_tools(tmp_path):
    ctx = StageContext(tmp_path, Workspace(tmp_path), ToolVersions(), Log(tmp_path / "s.log"), tmp_path)
    tidy = f"{tmp_path}/kernel/a.c:4:38: error: Undefined value returned [clang-analyzer-core.uninitialized.UndefReturn]\n"
    tidy += f"{tmp_path}/kernel/a.c:4:17: note: 'x' declared without an initial value\n"
    assert static._findings(ctx, tidy, static.TIDY_FINDING, "clang-tidy") == [
        "kernel/a.c:4: clang-tidy: error: Undefined value returned [clang-analyzer-core.uninitialized.UndefReturn]"
    ]
    cpp = "kernel/a.c:4: warning: Uninitialized variable: x [uninitvar]\n"
    assert static._findings(ctx, cpp, static.CPPCHECK_FINDING, "cppcheck") == [
        "kernel/a.c:4: cppcheck: warning: Uninitialized variable: x [uninitvar]"
    ]


def test_format_names_the_first_line_that_differs():
    line = "kernel/dtb.c:249:30: error: code should be clang-formatted [-Wclang-format-violations]"
    found = format_stage.DIAGNOSTIC.match(line)
    assert found is not None and (found["path"], found["line"]) == ("kernel/dtb.c", "249")
