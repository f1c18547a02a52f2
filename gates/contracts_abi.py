"""The ABI tables of the syscall RFC against the ABI headers, so they cannot drift.

The headers (kernel/abi/cairn/abi/syscall.h and errors.h) define the calls and the error
codes as X-macro lists; the RFC that documents them carries the same lists as Markdown
tables between `<!-- abi:syscalls:begin/end -->` and `<!-- abi:errors:begin/end -->`.
init's initial handles (kernel/abi/cairn/abi/init.h, an enum) are listed the same way,
between `<!-- abi:init-handles:begin/end -->`, in the RFC that carries that table (when one
does; once a header defines them, one must). This module parses both sides and reports every
difference as a Finding. It owns only the
comparison: what the calls mean is the RFC's business, what they do is the kernel's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gates import gitutil
from gates.findings import Finding

SYSCALL_H = "kernel/abi/cairn/abi/syscall.h"
ERRORS_H = "kernel/abi/cairn/abi/errors.h"
INIT_H = "kernel/abi/cairn/abi/init.h"
INIT_ROW = re.compile(r"^\s*(CAIRN_INIT_[A-Z0-9_]+)\s*=\s*(\d+)\s*,")
INIT_COUNT = "CAIRN_INIT_HANDLES"
SYSCALL_ROW = re.compile(r"^\s*X\(\s*(\d+)\s*,\s*([a-z_][a-z0-9_]*)\s*,\s*(\d+)\s*\)")
ERROR_ROW = re.compile(r'^\s*X\(\s*(ERR_[A-Z0-9_]+)\s*,\s*(-\d+)\s*,\s*"([^"]*)"\s*\)')
ERROR_NAME = re.compile(r"ERR_[A-Z0-9_]+")


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[str, ...]


def _header_rows(root: Path, rel: str, pattern: re.Pattern[str]) -> dict[str, Row]:
    """Rows of an X-macro list by name (the second field for calls, the first for errors)."""
    rows: dict[str, Row] = {}
    for n, text in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1):
        m = pattern.match(text)
        if m:
            key = m.group(2) if pattern is SYSCALL_ROW else m.group(1)
            rows[key] = Row(n, tuple(m.groups()))
    return rows


def _table(lines: list[str], name: str) -> list[Row] | None:
    """The body rows of the Markdown table between the begin/end comments called `name`."""
    begin, end = f"<!-- abi:{name}:begin -->", f"<!-- abi:{name}:end -->"
    try:
        start = next(i for i, t in enumerate(lines) if t.strip() == begin)
        stop = next(i for i, t in enumerate(lines) if t.strip() == end and i > start)
    except StopIteration:
        return None
    rows = []
    for i in range(start + 1, stop):
        text = lines[i].strip()
        if not text.startswith("|") or set(text) <= set("|- "):
            continue
        cells = tuple(c.strip() for c in text.strip("|").split("|"))
        rows.append(Row(i + 1, cells))
    return rows[1:]  # the first row is the heading


def _tracked(root: Path, pathspec: str) -> list[str]:
    try:
        return gitutil.tracked_files(root, pathspec)
    except gitutil.GitError:
        return []


def _find_rfc(root: Path, table: str = "syscalls") -> Path | None:
    """The tracked RFC that carries the named table (an untracked one is not read)."""
    for path in (root / rel for rel in _tracked(root, "rfcs") if re.fullmatch(r"rfcs/RFC-[^/]*\.md", rel)):
        if f"<!-- abi:{table}:begin -->" in path.read_text(encoding="utf-8"):
            return path
    return None


def check_abi(root: Path) -> list[Finding]:
    """Every difference between the ABI headers and the RFC's tables; [] without headers."""
    if not _tracked(root, SYSCALL_H) or not _tracked(root, ERRORS_H):
        return []
    rfc = _find_rfc(root)
    if rfc is None:
        return [Finding(SYSCALL_H, 1, "no RFC under rfcs/ carries the abi:syscalls table")]
    rel = rfc.relative_to(root).as_posix()
    lines = rfc.read_text(encoding="utf-8").splitlines()
    calls = _header_rows(root, SYSCALL_H, SYSCALL_ROW)
    errors = _header_rows(root, ERRORS_H, ERROR_ROW)
    findings = _compare_calls(rel, _table(lines, "syscalls"), calls, errors)
    findings += _compare_errors(rel, _table(lines, "errors"), errors)
    return findings + _check_init_handles(root)


def _check_init_handles(root: Path) -> list[Finding]:
    """init's handle table in its RFC against enum cairn_init_handle, index by index."""
    if not _tracked(root, INIT_H):
        return []
    handles = {m.group(1): (int(m.group(2)), n)
               for n, text in enumerate((root / INIT_H).read_text(encoding="utf-8").splitlines(), 1)
               if (m := INIT_ROW.match(text)) and m.group(1) != INIT_COUNT}
    rfc = _find_rfc(root, "init-handles")
    if rfc is None:
        return [Finding(INIT_H, 1, "no RFC under rfcs/ carries the abi:init-handles table")]
    rel = rfc.relative_to(root).as_posix()
    table = _table(rfc.read_text(encoding="utf-8").splitlines(), "init-handles")
    if table is None:
        return [Finding(rel, 1, "the abi:init-handles table has no end marker")]
    findings, seen = [], set()
    for row in table:
        index, name = (row.cells + ("", ""))[:2]
        name = name.strip("`")
        seen.add(name)
        if name not in handles:
            findings.append(Finding(rel, row.line, f"init handle '{name}' is not in {INIT_H}"))
        elif index != str(handles[name][0]):
            findings.append(Finding(rel, row.line, f"init handle '{name}' is [{index}] here but "
                                    f"[{handles[name][0]}] in {INIT_H}:{handles[name][1]}"))
    for name, (_, line) in handles.items():
        if name not in seen:
            findings.append(Finding(INIT_H, line, f"init handle '{name}' is missing from {rel}"))
    return findings


def _compare_calls(
    rel: str, table: list[Row] | None, calls: dict[str, Row], errors: dict[str, Row]
) -> list[Finding]:
    if table is None:
        return [Finding(rel, 1, "the abi:syscalls table has no end marker")]
    findings, seen = [], set()
    for row in table:
        if len(row.cells) < 5:
            findings.append(Finding(rel, row.line, "syscall row needs nr, name, args, authority, errors"))
            continue
        nr, name, nargs, _authority, errs = row.cells[:5]
        seen.add(name)
        header = calls.get(name)
        if header is None:
            findings.append(Finding(rel, row.line, f"syscall '{name}' is not in {SYSCALL_H}"))
        elif (nr, nargs) != (header.cells[0], header.cells[2]):
            findings.append(Finding(rel, row.line, f"syscall '{name}' is nr {nr} with {nargs} args here "
                                    f"but nr {header.cells[0]} with {header.cells[2]} args in {SYSCALL_H}:{header.line}"))
        for err in ERROR_NAME.findall(errs):
            if err not in errors:
                findings.append(Finding(rel, row.line, f"syscall '{name}' names error '{err}', "
                                        f"which is not in {ERRORS_H}"))
    for name, header in calls.items():
        if name not in seen:
            findings.append(Finding(SYSCALL_H, header.line, f"syscall '{name}' is missing from {rel}"))
    return findings


def _compare_errors(rel: str, table: list[Row] | None, errors: dict[str, Row]) -> list[Finding]:
    if table is None:
        return [Finding(rel, 1, "the abi:errors table is missing or has no end marker")]
    findings, seen = [], set()
    for row in table:
        if len(row.cells) < 3:
            findings.append(Finding(rel, row.line, "error row needs value, name, meaning"))
            continue
        value, name, meaning = row.cells[:3]
        seen.add(name)
        header = errors.get(name)
        if header is None:
            findings.append(Finding(rel, row.line, f"error '{name}' is not in {ERRORS_H}"))
        elif (value, meaning) != (header.cells[1], header.cells[2]):
            findings.append(Finding(rel, row.line, f"error '{name}' is {value} '{meaning}' here but "
                                    f"{header.cells[1]} '{header.cells[2]}' in {ERRORS_H}:{header.line}"))
    for name, header in errors.items():
        if name not in seen:
            findings.append(Finding(ERRORS_H, header.line, f"error '{name}' is missing from {rel}"))
    return findings
