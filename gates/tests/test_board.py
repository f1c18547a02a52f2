"""gates/board.py: tasks grouped by status in lifecycle order, generated from the files."""

from __future__ import annotations

import shutil
from pathlib import Path

from gates.board import render_board

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "contracts"

GOOD_BOARD = """\
Task board: 3 tasks (1 in-progress, 1 done, 1 superseded)

draft (0)

ready (0)

in-progress (1)
  TASK-0002  Write the pager service  (deps: TASK-0001)

in-review (0)

done (1)
  TASK-0001  Boot the kernel and run its self-tests  (deps: none)

blocked (0)

superseded (1)
  TASK-0003  The first pager plan  (deps: TASK-0001)
"""


def test_good_board() -> None:
    assert render_board(FIXTURES / "good") == GOOD_BOARD


def test_board_follows_the_files(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "good", tmp_path, dirs_exist_ok=True)
    task = tmp_path / "tasks" / "TASK-0002-write-the-pager.md"
    task.write_text(task.read_text().replace("status: in-progress", "status: blocked"))
    board = render_board(tmp_path)
    assert "in-progress (0)\n" in board
    assert "blocked (1)\n  TASK-0002  Write the pager service  (deps: TASK-0001)\n" in board


def test_unknown_status_and_unreadable_files(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "must-fail" / "status-not-in-enum", tmp_path, dirs_exist_ok=True)
    (tmp_path / "tasks" / "TASK-0008-broken.md").write_text("no front matter\n")
    board = render_board(tmp_path)
    assert board.startswith("Task board: 1 task (1 unknown status)\n")
    assert board.index("superseded (0)") < board.index("unknown status (1)")
    assert "  TASK-0007  A small task  (deps: none) [status 'Done (2026-11-01)']\n" in board
    assert board.endswith("1 problem(s) reading tasks/ left files off the board; "
                          "run the contract check for details\n")


def test_empty_repository(tmp_path: Path) -> None:
    board = render_board(tmp_path)
    assert board.startswith("Task board: 0 tasks\n")
    assert board.count("(0)") == 7
