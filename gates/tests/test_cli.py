"""The command line: dispatch, usage errors, and the commands that only forward."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import pytest
import yaml

from gates import cli
from gates.cache import Inputs
from gates.report import Verdict
from gates.stages.base import Stage

REPO = Path(__file__).resolve().parents[2]


def fake_stages() -> list[Stage]:
    inputs = lambda ws: Inputs()  # noqa: E731
    return [
        Stage("one", "first", (), inputs, lambda ctx: Verdict.passed("one ok"), Path(__file__)),
        Stage("two", "second", ("one",), inputs, lambda ctx: Verdict.failed("two broke"), Path(__file__)),
    ]


def run(argv: list[str], root: Path, stages: list[Stage] | None = None) -> tuple[int, str]:
    out = io.StringIO()
    try:
        code = cli.main(argv, root=root, out=out, stages=stages or fake_stages())
    except SystemExit as exc:  # argparse ends usage errors and --help this way
        code = int(exc.code or 0)
    return code, out.getvalue()


def test_test_all_runs_every_stage_and_ends_with_the_totals(tmp_path):
    code, out = run(["test-all"], tmp_path)
    assert code == 1
    assert out.splitlines()[-1] == "gates: 1 passed, 1 failed"


def test_gate_runs_the_named_stage_and_exits_zero_when_it_passes(tmp_path):
    code, out = run(["gate", "one", "--no-cache"], tmp_path)
    assert (code, out.splitlines()[-1]) == (0, "gates: 1 passed, 0 failed")


def test_usage_errors_exit_two_with_one_line(tmp_path, capsys):
    assert run(["gate", "nope"], tmp_path)[0] == 2
    assert capsys.readouterr().err == "gates: unknown stage 'nope' (known: one, two)\n"
    assert run([], tmp_path)[0] == 2
    assert run(["frobnicate"], tmp_path)[0] == 2
    assert run(["commit-msg"], tmp_path)[0] == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 3 and "(try --help)" in err


@pytest.mark.parametrize("argv", [["--help"], ["gate", "--help"], ["commit-msg", "--help"], ["new-task", "--help"]])
def test_help_is_everywhere(tmp_path, argv, capsys):
    assert run(argv, tmp_path)[0] == 0
    assert "usage:" in capsys.readouterr().out


def test_list_stages_shows_order_and_dependencies(tmp_path):
    code, out = run(["list-stages"], tmp_path)
    assert code == 0 and out.splitlines() == ["one        first", "two        second (after one)"]


def test_new_documents_go_to_newdoc(tmp_path, monkeypatch):
    calls = []

    def new_document(kind: str, title: str, root: Path, today: date) -> Path:
        if not title.strip():
            raise ValueError("the title is empty")
        calls.append((kind, title))
        return root / "tasks" / "TASK-0007-boot.md"

    monkeypatch.setitem(sys.modules, "gates.newdoc", types.SimpleNamespace(new_document=new_document))
    assert run(["new-task", "Boot"], tmp_path) == (0, "tasks/TASK-0007-boot.md\n")
    assert calls == [("task", "Boot")]
    assert run(["new-rfc", " "], tmp_path)[0] == 2


def test_board_goes_to_board(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "gates.board", types.SimpleNamespace(render_board=lambda root: "## ready\n"))
    assert run(["board"], tmp_path) == (0, "## ready\n")


def test_markers_header_still_works(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    out = tmp_path / "markers.h"
    assert run(["markers-header", str(out)], REPO)[0] == 0
    assert "#define MARKER_BOOT_NONCE" in out.read_text()


def test_python_dash_m_gates_is_the_entry_point():
    done = subprocess.run([sys.executable, "-m", "gates", "list-stages"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.split()[0] == "contracts"


def test_the_hook_config_runs_our_commands():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert config["default_install_hook_types"] == ["pre-commit", "commit-msg"]
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert all(repo["repo"] == "local" for repo in config["repos"])
    assert all(h["language"] == "system" for h in hooks.values())
    assert hooks["contracts"]["entry"] == "/usr/bin/python3 -m gates gate contracts"
    assert hooks["contracts"]["pass_filenames"] is False
    assert hooks["commit-msg"]["entry"] == "/usr/bin/python3 -m gates commit-msg"
    assert hooks["commit-msg"]["stages"] == ["commit-msg"]
    if shutil.which("pre-commit"):
        done = subprocess.run(["pre-commit", "validate-config", ".pre-commit-config.yaml"], cwd=REPO, capture_output=True)
        assert done.returncode == 0, done.stdout


def test_another_python_is_an_infra_error_in_one_line_not_a_failure(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "executable", "/opt/python3.12/bin/python3")
    assert run(["gate", "one"], tmp_path) == (3, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("gates: infra-error: this is /opt/python3.12/bin/python3 ")
    assert not (tmp_path / "build").exists()  # nothing ran, nothing was recorded


def test_the_gate_python_without_its_libraries_is_an_infra_error():
    assert cli.python_problem(str(cli.GATE_PYTHON), ("jsonschema", "no_such_module_here")) == (
        "/usr/bin/python3 cannot import no_such_module_here; `make setup` installs the gate's packages")
    assert cli.python_problem(str(cli.GATE_PYTHON)) is None


def git_repo(root: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_test_all_says_once_when_the_git_hooks_are_not_installed(tmp_path):
    root = git_repo(tmp_path / "repo")
    passing = fake_stages()[:1]
    code, out = run(["test-all"], root, passing)
    assert code == 0
    notes = [line for line in out.splitlines() if "hooks" in line]
    assert notes == ["gates: note: the git hooks are not installed (pre-commit, commit-msg); `make setup` installs them"]
    for hook in ("pre-commit", "commit-msg"):
        (root / ".git" / "hooks" / hook).write_text("#!/bin/sh\n")
        (root / ".git" / "hooks" / hook).chmod(0o755)
    assert "hooks" not in run(["test-all"], root, passing)[1]
    assert "hooks" not in run(["gate", "one"], git_repo(tmp_path / "other"), passing)[1]


def test_jobs_must_be_a_positive_number(tmp_path, capsys):
    assert run(["gate", "one", "--jobs", "1"], tmp_path)[0] == 0
    assert run(["test-all", "-j", "0"], tmp_path)[0] == 2
    assert "'0' is not a whole number of at least 1" in capsys.readouterr().err
