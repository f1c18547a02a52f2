"""A dirty tree does not pass (issue 8, class 5): the contracts view is what git tracks.

A committed task that leaned on an untracked one passed locally and failed on a fresh
clone, because the contracts stage listed the work tree. Each test builds a small
repository from the good fixture, leaves a file untracked, and asks that the local
verdict be the fresh clone's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gates import contracts
from gates.cache import ToolVersions
from gates.stages import contracts as contracts_stage
from gates.stages.base import Log, StageContext, Workspace

GOOD = Path(__file__).resolve().parent / "fixtures" / "contracts" / "good"
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}


def git(root: Path, *args: str) -> None:
    env = {**os.environ, **GIT_ENV, "HOME": str(root)}
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


@pytest.fixture()
def local(tmp_path: Path) -> Path:
    """The good fixture, committed."""
    root = tmp_path / "local"
    shutil.copytree(GOOD, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The good tree")
    return root


def fresh_clone(local: Path) -> Path:
    clone = local.parent / "clone"
    subprocess.run(["git", "clone", "-q", str(local), str(clone)], check=True, capture_output=True)
    return clone


def messages(root: Path) -> list[str]:
    return [str(f) for f in contracts.check(root)]


def test_a_task_that_depends_on_an_untracked_task_fails_as_on_a_fresh_clone(local):
    task = local / "tasks" / "TASK-0002-write-the-pager.md"
    task.write_text(task.read_text().replace("depends_on: [TASK-0001]", "depends_on: [TASK-0001, TASK-0004]"))
    git(local, "commit", "-q", "-am", "TASK-0002 waits for TASK-0004")
    other = (local / "tasks" / "TASK-0003-old-pager-plan.md").read_text().replace("TASK-0003", "TASK-0004")
    (local / "tasks" / "TASK-0004-not-yet-added.md").write_text(other)  # well-formed, and never added
    expected = messages(fresh_clone(local))
    assert expected == ["tasks/TASK-0002-write-the-pager.md:7: depends_on[1] links to TASK-0004, "
                        "which does not exist (no tasks/TASK-0004-*.md)"]
    assert messages(local) == expected


def test_an_untracked_profile_proves_nothing(local):
    git(local, "rm", "-q", "--cached", "gates/profiles/one.yaml")
    git(local, "commit", "-q", "-m", "Stop tracking the only profile")
    expected = messages(fresh_clone(local))
    assert "gates/profiles:1: no QEMU proof profile; at least one gates/profiles/NAME.yaml must exist" in expected
    assert messages(local) == expected


def test_an_untracked_contract_is_not_counted_by_the_stage(local):
    shutil.copy(local / "tasks" / "TASK-0003-old-pager-plan.md", local / "tasks" / "TASK-0009-untracked.md")
    folder = local / "build" / "gates" / "run"
    ctx = StageContext(local, Workspace(local), ToolVersions(), Log(folder / "contracts.log"), folder)
    verdict = contracts_stage.run(ctx)
    # as the fresh clone: TASK-0009 is not one (the tree has no README, which is a finding of its own)
    assert verdict.summary.startswith("contracts: 7 documents, ")
    assert not [m for m in verdict.messages if "TASK-0009" in m], verdict.messages


def test_outside_a_repository_the_contracts_say_git_cannot_answer(tmp_path):
    shutil.copytree(GOOD, tmp_path / "plain")
    found = messages(tmp_path / "plain")
    assert found[0].startswith("adr:1: cannot ask git which files are tracked: ")
