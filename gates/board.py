"""The task board: every task, grouped by status in lifecycle order, as plain text.

This module owns rendering the board from the task files, every time; nothing is stored.
The lifecycle order is the order of the task status enum in schemas/common.schema.json,
so the board and the contract check cannot disagree about it. It does not judge the tasks:
a task with a status outside the enum is shown under "unknown status", and files that
cannot be read are only counted; the contract check says what is wrong with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gates.contracts_docs import TASK, Contract, load_kind
from gates.contracts_schema import load_schemas

UNKNOWN = "unknown status"


@dataclass(frozen=True)
class BoardLine:
    """One task as the board shows it."""

    ident: str
    title: str
    status: str
    deps: tuple[str, ...]

    def render(self) -> str:
        deps = ", ".join(self.deps) if self.deps else "none"
        return f"{self.ident}  {self.title}  (deps: {deps})"


def _line(contract: Contract) -> BoardLine:
    data = contract.doc.data
    ident = data.get("id") if isinstance(data.get("id"), str) else contract.file_id
    title = data.get("title")
    deps = data.get("depends_on")
    return BoardLine(
        ident=ident or contract.path,
        title=title.strip() if isinstance(title, str) and title.strip() else "(no title)",
        status=data.get("status") if isinstance(data.get("status"), str) else "",
        deps=tuple(str(d) for d in deps) if isinstance(deps, list) else (),
    )


def render_board(root: Path) -> str:
    """The board for the repository at `root`, ending with a newline."""
    order = load_schemas().enum("task_status")
    loaded = load_kind(root, TASK, tracked_only=False)  # the files on disk, a task not yet added included
    lines = sorted((_line(c) for c in loaded.contracts), key=lambda b: b.ident)
    groups: dict[str, list[BoardLine]] = {status: [] for status in order}
    for line in lines:
        groups.setdefault(line.status if line.status in order else UNKNOWN, []).append(line)
    counts = ", ".join(f"{len(items)} {status}" for status, items in groups.items() if items)
    out = [f"Task board: {len(lines)} task{'s' if len(lines) != 1 else ''}"
           + (f" ({counts})" if counts else "")]
    for status, items in groups.items():
        out.append("")
        out.append(f"{status} ({len(items)})")
        for item in items:
            shown = f" [status '{item.status}']" if status == UNKNOWN else ""
            out.append(f"  {item.render()}{shown}")
    if loaded.findings:
        out.append("")
        out.append(f"{len(loaded.findings)} problem(s) reading {TASK.directory}/ left files "
                   "off the board; run the contract check for details")
    return "\n".join(out) + "\n"
