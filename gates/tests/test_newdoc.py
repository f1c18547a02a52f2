"""gates/newdoc.py: numbering, slugs, refusals, and files that pass the contract check."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from gates.contracts import check
from gates.newdoc import SLUG_MAX, new_document, slugify

GOOD = Path(__file__).resolve().parent / "fixtures" / "contracts" / "good"
TODAY = date(2026, 11, 1)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_first_number_in_an_empty_repo(tmp_path: Path) -> None:
    path = new_document("adr", "Use SBI only", tmp_path, TODAY)
    assert path == tmp_path / "adr" / "ADR-0001-use-sbi-only.md"


def test_next_number_is_max_plus_one(repo: Path) -> None:
    (repo / "tasks" / "TASK-0041-gap.md").write_text("placeholder\n")
    path = new_document("task", "Write the pager", repo, TODAY)
    assert path.name == "TASK-0042-write-the-pager.md"
    (repo / "tasks" / "TASK-0041-gap.md").unlink()
    assert new_document("rfc", "Pager protocol", repo, TODAY).name == "RFC-0003-pager-protocol.md"


@pytest.mark.parametrize("kind", ["task", "rfc", "adr"])
def test_new_document_passes_check(repo: Path, kind: str) -> None:
    path = new_document(kind, 'Quotes "and" colons: fine', repo, TODAY)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)  # the check reads what git tracks
    assert check(repo) == []
    text = path.read_text(encoding="utf-8")
    assert 'created: "2026-11-01"' in text
    assert 'title: "Quotes \\"and\\" colons: fine"' in text


def test_new_task_scope_names_its_own_file(repo: Path) -> None:
    path = new_document("task", "Scope me", repo, TODAY)
    assert f"  - tasks/{path.name}\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("title", ["", "   ", "!!!", "日本語", "two\nlines"])
def test_bad_titles_are_refused_and_nothing_is_written(tmp_path: Path, title: str) -> None:
    with pytest.raises(ValueError):
        new_document("task", title, tmp_path, TODAY)
    assert not (tmp_path / "tasks").exists()


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown kind 'memo'"):
        new_document("memo", "Notes", tmp_path, TODAY)


def test_slugify() -> None:
    assert slugify("Café: SMP  lock -- v2!") == "cafe-smp-lock-v2"
    long = slugify("word " * 30)
    assert len(long) <= SLUG_MAX and not long.endswith("-") and long.startswith("word-word")
    assert slugify("x" * 100) == "x" * SLUG_MAX
