"""The syscall RFC's tables against the ABI headers (gates/contracts_abi.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gates.contracts_abi import ERRORS_H, SYSCALL_H, check_abi

HEADER = """#define CAIRN_SYSCALLS(X) \\
\tX(0, null, 0) \\
\tX(1, handle_close, 1)
"""
ERRORS = """#define CAIRN_ERRORS(X) \\
\tX(ERR_INVAL, -1, "invalid argument") \\
\tX(ERR_BADHANDLE, -12, "handle closed")
"""
RFC = """---
id: RFC-0003
---
<!-- abi:syscalls:begin -->
| nr | name | args | authority | errors |
| --- | --- | --- | --- | --- |
| 0 | null | 0 | self | - |
| 1 | handle_close | 1 | the handle | ERR_BADHANDLE |
<!-- abi:syscalls:end -->
<!-- abi:errors:begin -->
| value | name | meaning |
| --- | --- | --- |
| -1 | ERR_INVAL | invalid argument |
| -12 | ERR_BADHANDLE | handle closed |
<!-- abi:errors:end -->
"""


def _tree(tmp_path: Path, header: str = HEADER, errors: str = ERRORS, rfc: str = RFC) -> Path:
    (tmp_path / SYSCALL_H).parent.mkdir(parents=True)
    (tmp_path / SYSCALL_H).write_text(header)
    (tmp_path / ERRORS_H).write_text(errors)
    (tmp_path / "rfcs").mkdir()
    (tmp_path / "rfcs/RFC-0003-abi.md").write_text(rfc)
    track(tmp_path)
    return tmp_path


def track(root: Path) -> None:
    """Make `root` a repository that tracks its files: the check reads only what git tracks."""
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)


def _messages(root: Path) -> list[str]:
    return [str(f) for f in check_abi(root)]


def test_matching_tables_give_no_findings(tmp_path: Path) -> None:
    assert _messages(_tree(tmp_path)) == []


INIT_ENUM = """enum cairn_init_handle {
\tCAIRN_INIT_SELF = 0,
\tCAIRN_INIT_CONSOLE = 1,
\tCAIRN_INIT_HANDLES = 2,
};
"""
INIT_TABLE = """<!-- abi:init-handles:begin -->
| index | handle | what |
| --- | --- | --- |
| 0 | `CAIRN_INIT_SELF` | init itself |
| 1 | `CAIRN_INIT_CONSOLE` | the console |
<!-- abi:init-handles:end -->
"""


def _init_tree(tmp_path: Path, table: str) -> Path:
    root = _tree(tmp_path, rfc=RFC + table)
    (root / "kernel/abi/cairn/abi/init.h").write_text(INIT_ENUM)
    track(root)
    return root


def test_init_handles_table_matches_the_enum(tmp_path: Path) -> None:
    assert _messages(_init_tree(tmp_path, INIT_TABLE)) == []


def test_init_handles_out_of_order_or_missing_are_named(tmp_path: Path) -> None:
    swapped = INIT_TABLE.replace("| 0 | `CAIRN_INIT_SELF`", "| 1 | `CAIRN_INIT_SELF`")
    assert _messages(_init_tree(tmp_path, swapped)) == [
        "rfcs/RFC-0003-abi.md:19: init handle 'CAIRN_INIT_SELF' is [1] here but [0] in "
        "kernel/abi/cairn/abi/init.h:2"]


def test_init_handles_without_a_table_are_named(tmp_path: Path) -> None:
    assert _messages(_init_tree(tmp_path, "")) == [
        "kernel/abi/cairn/abi/init.h:1: no RFC under rfcs/ carries the abi:init-handles table"]


def test_no_headers_means_nothing_to_check(tmp_path: Path) -> None:
    assert _messages(tmp_path) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("header", "X(1, handle_close, 1)", "X(1, handle_close, 2)"),
         "rfcs/RFC-0003-abi.md:8: syscall 'handle_close' is nr 1 with 1 args here but nr 1 with 2 args"),
        (("header", "\\\n\tX(1, handle_close, 1)", "\\\n\tX(1, handle_close, 1) \\\n\tX(2, handle_dup, 2)"),
         f"{SYSCALL_H}:4: syscall 'handle_dup' is missing from rfcs/RFC-0003-abi.md"),
        (("rfc", "| 0 | null | 0 | self | - |", "| 0 | null | 0 | self | - |\n| 9 | ghost | 0 | self | - |"),
         "rfcs/RFC-0003-abi.md:8: syscall 'ghost' is not in"),
        (("rfc", "| the handle | ERR_BADHANDLE |", "| the handle | ERR_NOPE |"),
         "syscall 'handle_close' names error 'ERR_NOPE'"),
        (("rfc", "| -1 | ERR_INVAL | invalid argument |", "| -2 | ERR_INVAL | invalid argument |"),
         "error 'ERR_INVAL' is -2 'invalid argument' here but -1"),
        (("rfc", "<!-- abi:errors:end -->", ""), "the abi:errors table is missing or has no end marker"),
        (("rfc", "<!-- abi:syscalls:begin -->", ""), "no RFC under rfcs/ carries the abi:syscalls table"),
    ],
)
def test_each_difference_is_reported(tmp_path: Path, change: tuple[str, str, str], expected: str) -> None:
    side, old, new = change
    texts = {"header": HEADER, "rfc": RFC}
    assert old in texts[side]
    texts[side] = texts[side].replace(old, new)
    messages = _messages(_tree(tmp_path, header=texts["header"], rfc=texts["rfc"]))
    assert any(expected in m for m in messages), messages


def test_the_real_repository_agrees() -> None:
    root = Path(__file__).resolve().parents[2]
    assert check_abi(root) == []
