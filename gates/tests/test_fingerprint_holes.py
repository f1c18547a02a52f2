"""The ways a pass was served without being earned: inputs, tools and environment the keys missed.

Each test plays one hole of RFC-0006's "Complete keys": a fake QEMU, a variable that picks
which tests run, a shared gate module, a file a stage reads through a tool. The real stages
are used where they decide (their inputs, their declarations); their run functions are
replaced by stand-ins wherever running them would boot or build for real.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from gates import runner
from gates.report import Verdict
from gates.stages import build, host, qemu
from gates.stages.base import Stage, StageContext, Workspace

REPO = Path(__file__).resolve().parents[2]
PROFILE = """\
name: fake
harts: 1
memory: 128M
markers:
  - {text: "KBOOT: nonce {nonce} ok", deadline: 10}
  - {text: "KSELFTEST: sbi ok", deadline: 10}
forbidden: [PANIC, FAULT, FAIL]
settle: 0
exit_code: 0
"""
# Plays a whole boot: reads the nonce from the kernel command line and prints the markers.
FAKE_QEMU = """\
#!/bin/sh
case "$1" in --version) echo '{version}'; exit 0;; esac
for a in "$@"; do case "$a" in cairn.nonce=*) nonce=${a#cairn.nonce=};; esac; done
echo "KBOOT: nonce $nonce ok"
echo "KSELFTEST: sbi ok"
"""


def run_stage(root: Path, stage: Stage) -> tuple[str, str]:
    """(outcome, terminal output) of one run of `stage` alone, with the cache."""
    out = io.StringIO()
    report = runner.Run(root, [replace(stage, depends=())], True, out).execute([stage.name])
    return report.results[0].outcome.value, out.getvalue()


def counting(calls: list[str], verdict: Verdict) -> object:
    return lambda ctx: calls.append("ran") or verdict


def git_repo(root: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def real_qemu_version() -> str:
    """The installed QEMU's version line, which the fake copies: the old key asked only that."""
    try:
        done = subprocess.run(["qemu-system-riscv64", "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return "QEMU emulator version 7.2.0"
    return (done.stdout.splitlines() or ["QEMU emulator version 7.2.0"])[0]


def fake_qemu(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "qemu-system-riscv64"
    path.write_text(FAKE_QEMU.replace("{version}", real_qemu_version()))
    path.chmod(0o755)
    return path


def boot_tree(root: Path) -> Path:
    """A repository holding what the qemu stage reads: registry, one profile, the launcher, an image."""
    git_repo(root)
    (root / "gates" / "profiles").mkdir(parents=True)
    shutil.copy(REPO / "gates" / "markers.yaml", root / "gates" / "markers.yaml")
    (root / "gates" / "profiles" / "fake.yaml").write_text(PROFILE)
    (root / "tools").mkdir()
    shutil.copy(REPO / "tools" / "run-qemu.sh", root / "tools" / "run-qemu.sh")
    (root / "build" / "kernel").mkdir(parents=True)
    (root / "build" / "kernel" / "cairn.elf").write_bytes(b"\x7fELF not a kernel")
    return root


@pytest.mark.skipif(
    not Path("/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin").is_file(),
    reason="tools/run-qemu.sh needs the Debian OpenSBI firmware (tools/setup.sh installs it)",
)
def test_a_fake_qemu_named_by_QEMU_is_refused_and_nothing_is_cached(tmp_path, monkeypatch):
    root = boot_tree(tmp_path / "repo")
    monkeypatch.setenv("QEMU", str(fake_qemu(tmp_path / "fake")))
    outcome, out = run_stage(root, qemu.STAGE)
    assert outcome == "infra-error" and "QEMU is set" in out
    monkeypatch.delenv("QEMU")
    calls: list[str] = []
    outcome, _ = run_stage(root, replace(qemu.STAGE, run=counting(calls, Verdict.failed("a real boot"))))
    assert (outcome, calls) == ("fail", ["ran"])  # the plain run boots; nothing was served from the fake


def test_a_fake_qemu_first_on_path_passes_only_under_its_own_key(tmp_path, monkeypatch):
    root = git_repo(tmp_path / "repo")
    calls: list[str] = []
    stage = replace(qemu.STAGE, run=counting(calls, Verdict.passed("qemu: all markers")))
    plain = os.environ["PATH"]
    monkeypatch.setenv("PATH", f"{fake_qemu(tmp_path / 'fake').parent}:{plain}")
    assert run_stage(root, stage)[0] == "pass"
    monkeypatch.setenv("PATH", plain)
    assert run_stage(root, stage)[0] == "pass" and calls == ["ran", "ran"]


@pytest.mark.parametrize("name, value", [
    ("CK_RUN_SUITE", "fdt"), ("CK_RUN_CASE", "nothing"), ("CK_FORK", "no"), ("CK_DEFAULT_TIMEOUT", "100000"),
    ("PYTEST_ADDOPTS", "-k no_such_test"), ("PYTEST_PLUGINS", "skipeverything"),
    ("ASAN_OPTIONS", "detect_leaks=0"), ("CAIRN_TEST_FIXTURES", "/tmp"),
])
def test_a_variable_that_chooses_what_host_proves_is_refused(tmp_path, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    calls: list[str] = []
    outcome, out = run_stage(git_repo(tmp_path / "repo"), replace(host.STAGE, run=counting(calls, Verdict.passed("ok"))))
    assert (outcome, calls) == ("infra-error", [])
    assert f"{name} is set" in out


@pytest.mark.parametrize("name", ["EXTRA", "BOOT_PROGRAMS"])
def test_outside_programs_in_the_boot_image_are_refused(tmp_path, monkeypatch, name):
    monkeypatch.setenv(name, "/tmp/other.elf")
    calls: list[str] = []
    outcome, _ = run_stage(git_repo(tmp_path / "repo"), replace(build.STAGE, run=counting(calls, Verdict.passed("ok"))))
    assert (outcome, calls) == ("infra-error", [])


@pytest.mark.parametrize("name, value", [("CROSS", "riscv64-linux-gnu-"), ("HOSTCC", "clang"), ("CAIRN_CROSS", "x-")])
def test_a_pass_under_another_toolchain_is_not_served_to_a_plain_run(tmp_path, monkeypatch, name, value):
    root = git_repo(tmp_path / "repo")
    calls: list[str] = []
    stage = replace(build.STAGE, run=counting(calls, Verdict.passed("ok")), outputs=())
    monkeypatch.setenv(name, value)
    assert run_stage(root, stage)[0] == "pass"
    monkeypatch.delenv(name)
    assert run_stage(root, stage)[0] == "pass" and calls == ["ran", "ran"]
    assert run_stage(root, stage)[0] == "cached"


def test_a_callers_make_flags_do_not_reach_the_gates_make_runs(tmp_path, monkeypatch):
    seen: list[str] = []

    def show_flags(ctx: StageContext) -> Verdict:
        seen.append(ctx.run(["sh", "-c", "echo \"[$MAKEFLAGS][$MAKELEVEL][$CFLAGS]\""], timeout=10).output.strip())
        return Verdict.passed("ok")

    monkeypatch.setenv("MAKEFLAGS", "-i -n CROSS_CFLAGS=-w")
    monkeypatch.setenv("MAKELEVEL", "1")
    monkeypatch.setenv("CFLAGS", "-w")
    run_stage(git_repo(tmp_path / "repo"), replace(build.STAGE, run=show_flags))
    assert seen == ["[][][]"]


def test_a_shared_module_a_stage_imports_is_in_its_key(tmp_path):
    """static imports gates/stages/ctree.py: a change there must re-run static. Played on a copy
    of the gate, in a fresh interpreter, the way a changed checkout would be."""
    copy = tmp_path / "gate"
    shutil.copytree(REPO / "gates", copy / "gates", ignore=shutil.ignore_patterns("__pycache__", "tests"))
    root = git_repo(tmp_path / "repo")
    program = (
        "import io, sys; from dataclasses import replace; from pathlib import Path\n"
        "from gates import runner; from gates.report import Verdict; from gates.stages import static\n"
        "stage = replace(static.STAGE, run=lambda ctx: Verdict.passed('ok'))\n"
        "report = runner.Run(Path(sys.argv[1]), [stage], True, io.StringIO()).execute(['static'])\n"
        "print(report.results[0].outcome.value)\n"
    )

    def outcome() -> str:
        done = subprocess.run([sys.executable, "-c", program, str(root)], cwd=copy, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert [outcome(), outcome()] == ["pass", "cached"]
    with (copy / "gates" / "stages" / "ctree.py").open("a") as f:
        f.write("\n# a changed shared module\n")
    assert outcome() == "pass"


def test_build_is_keyed_by_the_schema_its_manifest_tool_reads():
    files = build.STAGE.inputs(Workspace(REPO)).files
    assert "schemas/manifest.schema.json" in files and "tools/manifest.py" in files


def test_host_is_keyed_by_every_file_its_tests_read():
    files = host.STAGE.inputs(Workspace(REPO)).files
    assert {".pre-commit-config.yaml", "justfile", "README.md", "tools/setup.sh", "gates/markers.yaml"} <= set(files)


def test_report_json_records_tools_packages_python_head_and_dirty(tmp_path):
    root = git_repo(tmp_path / "repo")
    (root / ".gitignore").write_text("build/\n")
    subprocess.run(["git", "-C", str(root), "add", ".gitignore"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q",
                    "-m", "first"], check=True)
    stage = replace(build.STAGE, run=lambda ctx: Verdict.passed("ok"))
    out = io.StringIO()
    report = runner.Run(root, [stage], False, out).execute(["build"])
    data = json.loads((root / report.folder / "report.json").read_text())
    assert data["dirty"] is False and len(data["git_head"]) == 40
    assert {"riscv64-unknown-elf-gcc", "gcc", "make"} <= set(data["tools"])
    assert set(data["tools"]["gcc"]) == {"path", "version"}
    assert "binutils-riscv64-unknown-elf" in data["packages"]
    assert {"executable", "version", "jsonschema", "PyYAML", "pytest"} <= set(data["python"])
    assert "dirty" not in out.getvalue()

    (root / "untracked.c").write_text("int x;\n")
    out = io.StringIO()
    report = runner.Run(root, [stage], False, out).execute(["build"])
    assert json.loads((root / report.folder / "report.json").read_text())["dirty"] is True
    assert "dirty work tree" in out.getvalue().splitlines()[0]
    assert any(line.startswith("work tree: dirty") for line in out.getvalue().splitlines())
