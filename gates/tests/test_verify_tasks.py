"""gates/verify_tasks.py: a done task's proof commands run, once each, and a failing one fails."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from gates import cli, verify_tasks

GOOD = Path(__file__).resolve().parent / "fixtures" / "contracts" / "good"


@pytest.fixture(autouse=True)
def _outside_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests run inside `just verify-tasks` too (its `make test` runs them)."""
    monkeypatch.delenv(verify_tasks.NESTED, raising=False)


def tree(tmp_path: Path, commands: dict[str, list[str]]) -> Path:
    """The good contracts tree with each named task's proof commands replaced."""
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    for task, listed in commands.items():
        path = next((tmp_path / "tasks").glob(f"{task}-*.md"))
        text = path.read_text(encoding="utf-8")
        start = text.index("proof:")
        end = text.index("markers:", start)
        lines = "".join(f"    - {c!r}\n" for c in listed)
        path.write_text(text[:start] + f"proof:\n  commands:\n{lines}  " + text[end:], encoding="utf-8")
    # The tasks are read as git tracks them, like every contract.
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    return tmp_path


def run_cli(root: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["verify-tasks"], root=root, out=out, stages=[])
    return code, out.getvalue()


def test_a_done_task_whose_proof_is_false_fails(tmp_path: Path) -> None:
    code, out = run_cli(tree(tmp_path, {"TASK-0001": ["true", "false"]}))
    assert code == 1
    assert "verify-tasks: [2/2] FAIL (exit 1) in" in out
    assert out.rstrip().endswith("verify-tasks: 1 passed, 1 failed")


def test_passing_proofs_pass_and_only_done_tasks_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    root = tree(tmp_path, {"TASK-0001": [f"echo done >> {marker}"],
                           "TASK-0002": [f"echo in-progress >> {marker}"]})
    code, out = run_cli(root)
    assert code == 0, out
    assert marker.read_text() == "done\n"
    assert "verify-tasks: 1 passed, 0 failed" in out


def test_a_command_shared_by_tasks_runs_once(tmp_path: Path) -> None:
    root = tree(tmp_path, {"TASK-0001": ["make test", "just bench"]})
    extra = (root / "tasks" / "TASK-0001-boot-the-kernel.md").read_text()
    extra = extra.replace("TASK-0001", "TASK-0005").replace("- 'just bench'", "- 'just gate qemu'")
    (root / "tasks" / "TASK-0005-again.md").write_text(extra)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    seen: list[str] = []
    code = verify_tasks.verify(root, io.StringIO(), run=lambda c, r: seen.append(c) or 0)
    assert code == 0
    assert seen == ["make test", "just bench", "just gate qemu"]
    assert verify_tasks.proof_commands(root)[0] == verify_tasks.ProofCommand("make test", ("TASK-0001", "TASK-0005"))


def test_a_nested_run_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(verify_tasks.NESTED, "1")
    code, out = run_cli(tree(tmp_path, {"TASK-0001": ["true"]}))
    assert code == 2
    assert "refused" in out


def test_the_real_tasks_name_their_commands() -> None:
    repo = Path(__file__).resolve().parents[2]
    commands = [p.command for p in verify_tasks.proof_commands(repo)]
    assert "make test" in commands
    assert len(commands) == len(set(commands))
