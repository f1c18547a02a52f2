"""tools/setup.sh on a stand-in machine: the first run on a fresh one, the second, --check.

Set-up runs for real, from a copy in a temporary git checkout, with PATH holding only
the stand-ins of gates/tests/fixtures/setup/ (apt-get, dpkg-query, id, uname, and sudo,
npm, pre-commit when the machine has them), a folder for the just it installs
(CAIRN_SETUP_BINDIR), and links to the few real tools it needs (bash, git, tar, ...).
The stand-ins record every call, so a test can say what set-up installed and how.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "tools" / "setup.sh"
STANDINS = Path(__file__).resolve().parent / "fixtures" / "setup"
ALWAYS = ("standin.sh", "dpkg-query", "apt-get", "id", "uname")  # on PATH on every machine here
BROUGHT = ("npm", "pre-commit")  # on PATH once their package is installed, or from the start
REAL_TOOLS = ("bash", "sh", "env", "awk", "grep", "sed", "cat", "dirname", "git", "mktemp", "tar",
              "gzip", "install", "rm", "mkdir", "chmod", "cp")
JUST = "just 1.58.0"


def packages() -> list[str]:
    """The names in setup.sh's PACKAGES array, comments dropped."""
    body = re.search(r"^PACKAGES=\((.*?)^\)", SETUP.read_text(encoding="utf-8"), re.S | re.M)
    assert body, "tools/setup.sh has no PACKAGES=( ... ) array"
    return [w for line in body.group(1).splitlines() for w in line.split("#", 1)[0].split()]


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


class Machine:
    """A stand-in Debian machine: installed packages, commands on PATH, a uid, a checkout."""

    def __init__(self, base: Path, installed: tuple[str, ...] = (), commands: tuple[str, ...] = (),
                 uid: int = 0, machine: str = "x86_64") -> None:
        self.base = base
        self.stubs, self.bindir, self.state = base / "stubs", base / "bin", base / "state"
        self.checkout = base / "checkout"
        for folder in (self.stubs, self.bindir, self.state / "commands", self.checkout / "tools"):
            folder.mkdir(parents=True)
        self._link_real_tools(base / "sys")
        for name in ALWAYS + commands:
            self._place(name, self.stubs)
        for name in BROUGHT:
            self._place(name, self.state / "commands")
        (self.state / "installed").write_text("".join(p + "\n" for p in installed))
        (self.state / "log").write_text("")
        (self.state / "uid").write_text(f"{uid}\n")
        (self.state / "machine").write_text(machine + "\n")
        shutil.copy(SETUP, self.checkout / "tools" / "setup.sh")
        self.env = {
            "PATH": os.pathsep.join(str(p) for p in (self.stubs, self.bindir, base / "sys")),
            "HOME": str(base),
            "GIT_CONFIG_NOSYSTEM": "1",
            "LC_ALL": "C",
            "SETUP_STANDIN_STATE": str(self.state),
            "CAIRN_SETUP_BINDIR": str(self.bindir),
        }
        subprocess.run(["git", "init", "-q", str(self.checkout)], check=True, env=self.env)

    @staticmethod
    def _link_real_tools(folder: Path) -> None:
        folder.mkdir()
        for tool in REAL_TOOLS:
            found = shutil.which(tool, path="/usr/bin:/bin")
            assert found, f"the set-up tests need {tool} on this machine"
            (folder / tool).symlink_to(found)

    @staticmethod
    def _place(name: str, folder: Path) -> None:
        shutil.copy(STANDINS / name, folder / name)
        (folder / name).chmod(0o755)

    def run(self, *args: str) -> Ran:
        done = subprocess.run([str(self.base / "sys" / "bash"), str(self.checkout / "tools" / "setup.sh"), *args],
                              env=self.env, capture_output=True, text=True, timeout=60, check=False)
        return Ran(done.returncode, done.stdout, done.stderr)

    def installed(self) -> list[str]:
        return (self.state / "installed").read_text().split()

    def calls(self) -> list[str]:
        """The stand-in calls since the last forget(), dpkg-query's questions left out."""
        lines = (self.state / "log").read_text().splitlines()
        return [line for line in lines if not line.startswith("dpkg-query ")]

    def forget(self) -> None:
        (self.state / "log").write_text("")

    def just(self) -> str:
        done = subprocess.run([str(self.bindir / "just"), "--version"], capture_output=True, text=True, check=True)
        return done.stdout.strip()

    def hooks(self) -> list[str]:
        hooks = self.checkout / ".git" / "hooks"
        return sorted(p.name for p in hooks.iterdir()
                      if p.suffix != ".sample" and "pre-commit" in p.read_text(errors="replace"))


@pytest.fixture()
def fresh(tmp_path: Path) -> Machine:
    """No package, no npm, no just, no pre-commit, no hooks; set-up runs as root."""
    return Machine(tmp_path / "fresh")


@pytest.fixture()
def ready(tmp_path: Path) -> Machine:
    """Every package, npm, pre-commit, just and the hooks: what a finished set-up leaves."""
    m = Machine(tmp_path / "ready", installed=tuple(packages()), commands=BROUGHT)
    assert m.run().code == 0
    m.forget()
    return m


INSTALL = "apt-get install -y -qq --no-install-recommends"
HOOKS = "pre-commit install --hook-type pre-commit --hook-type commit-msg"


def test_the_first_run_on_a_fresh_machine_installs_everything(fresh):
    ran = fresh.run()
    assert (ran.code, ran.err) == (0, "")
    assert fresh.calls() == [
        "apt-get update -qq",
        f"{INSTALL} {' '.join(packages())}",
        f"{INSTALL} npm",
        "npm pack --silent rust-just-linux-x64@1.58.0",
        HOOKS,
    ]
    assert sorted(fresh.installed()) == sorted([*packages(), "npm"])
    assert fresh.just() == JUST
    assert fresh.hooks() == ["commit-msg", "pre-commit"]


def test_after_the_first_run_check_finds_everything(fresh):
    assert fresh.run().code == 0
    assert fresh.run("--check") == Ran(0, "setup: everything is present\n", "")


def test_a_run_with_everything_present_installs_nothing(ready):
    assert ready.run() == Ran(0, "", "")
    assert ready.calls() == []


def test_check_names_what_is_missing_and_installs_nothing(fresh):
    ran = fresh.run("--check")
    assert ran.code == 1
    assert ran.out.splitlines() == [
        f"setup: missing packages: {' '.join(packages())}",
        "setup: just 1.58.0 is not installed",
        "setup: git hooks are not installed",
    ]
    assert fresh.calls() == [] and fresh.installed() == []


def test_check_names_only_the_package_that_is_missing(tmp_path):
    m = Machine(tmp_path / "m", installed=tuple(p for p in packages() if p != "cppcheck"), commands=BROUGHT)
    assert m.run().code == 0
    ran = m.run("--check")
    assert (ran.code, ran.out) == (0, "setup: everything is present\n")
    (m.state / "installed").write_text("".join(p + "\n" for p in packages() if p != "check"))
    assert m.run("--check") == Ran(1, "setup: missing packages: check\n", "")


def test_a_failing_npm_fails_set_up_with_a_clear_message(fresh):
    (fresh.state / "npm-fails").touch()
    ran = fresh.run()
    assert ran.code != 0
    assert ran.err.splitlines()[-1] == "setup: npm pack rust-just-linux-x64@1.58.0 failed (exit 1); just is not installed"
    assert not (fresh.bindir / "just").exists()
    assert HOOKS not in fresh.calls()


def test_an_npm_already_present_is_used_not_replaced(tmp_path):
    m = Machine(tmp_path / "m", installed=tuple(packages()), commands=BROUGHT)
    assert m.run().code == 0
    assert m.calls() == ["npm pack --silent rust-just-linux-x64@1.58.0", HOOKS]
    assert "npm" not in m.installed()


def test_a_user_who_is_not_root_installs_through_sudo(tmp_path):
    m = Machine(tmp_path / "m", commands=("sudo",), uid=1000)
    ran = m.run()
    assert (ran.code, ran.err) == (0, "")
    as_root = [c for c in m.calls() if c.startswith("apt-get ")]
    assert len(as_root) == 3
    assert all(f"sudo env DEBIAN_FRONTEND=noninteractive {c}" in m.calls() for c in as_root)
    assert f"sudo install -m 0755 package/bin/just {m.bindir}/just" in m.calls()
    assert m.just() == JUST


def test_without_root_or_sudo_set_up_says_it_needs_root(tmp_path):
    m = Machine(tmp_path / "m", uid=1000)
    ran = m.run()
    assert ran.code == 1
    assert ran.err.splitlines()[-1].startswith("setup: need root to run: env DEBIAN_FRONTEND=noninteractive apt-get")
    assert m.calls() == []


def test_a_machine_with_no_just_package_is_named(tmp_path):
    m = Machine(tmp_path / "m", installed=tuple(packages()), commands=BROUGHT, machine="riscv64")
    ran = m.run()
    assert ran.code == 1
    assert ran.err.splitlines()[-1] == "setup: no just binary package for riscv64"
    assert m.calls() == []


def test_a_just_that_is_not_on_path_is_named(tmp_path):
    m = Machine(tmp_path / "m", installed=tuple(packages()), commands=BROUGHT)
    m.env["PATH"] = m.env["PATH"].replace(str(m.bindir) + os.pathsep, "")
    ran = m.run()
    assert ran.code == 1
    assert f"is {m.bindir} on PATH?" in ran.err
