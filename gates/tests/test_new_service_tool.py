"""tools/new_service.py, `just new-service NAME` (RFC-0012): the scaffold of a demo protocol
builds for the host and its test passes, its daemon compiles for the target, a method named
after a C keyword works, it overwrites nothing, and a missing interface file is refused."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DEMO = """\
protocol: echo
summary: A demo protocol that echoes a word.
version: 1
stability: unstable
tags: 0x7000
methods:
  echo:
    ordinal: 1
    summary: Echo the word.
    request:
      - {name: word, in: w0, type: u64, min: 1}
    reply:
      - {name: word, in: w1, type: u64}
  register:
    ordinal: 2
    summary: A method named after a C keyword, with a name and a handle.
    request:
      - {name: name, in: data, type: name}
      - {name: note, in: handle, type: handle, kind: KIND_NOTIFICATION, rights: [RIGHT_SIGNAL]}
    reply: []
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture()
def scaffold(tmp_path: Path) -> Path:
    (tmp_path / "echo.yaml").write_text(DEMO)
    done = run(sys.executable, str(ROOT / "tools/new_service.py"), "echo", "--idl", str(tmp_path / "echo.yaml"),
               "--root", str(tmp_path))
    assert done.returncode == 0, done.stderr
    done = run(sys.executable, str(ROOT / "tools/idlgen.py"), str(tmp_path / "echo.yaml"), "--out",
               str(tmp_path / "gen"))
    assert done.returncode == 0, done.stderr
    return tmp_path


def includes(root: Path) -> list[str]:
    return ["-I", str(root / "gen/include"), "-I", str(ROOT / "userspace/libsvc/include"),
            "-I", str(ROOT / "userspace/libsvcname/include"), "-I", str(ROOT / "kernel/abi")]


def test_the_scaffold_builds_and_its_test_passes(scaffold: Path) -> None:
    if shutil.which("pkg-config") is None:
        pytest.skip("pkg-config is missing")
    check = run("pkg-config", "--cflags", "--libs", "check").stdout.split()
    svc = scaffold / "services/echo"
    sources = [svc / "tests/test_echo.c", svc / "handlers.c", scaffold / "gen/echo_codec.c",
               scaffold / "gen/echo_server.c", ROOT / "userspace/libsvc/msg.c", ROOT / "userspace/libsvcname/svcname.c"]
    built = run("gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-Wmissing-prototypes", *includes(scaffold),
                "-o", str(scaffold / "test_echo"), *map(str, sources), *check)
    assert built.returncode == 0, built.stderr
    ran = run(str(scaffold / "test_echo"))
    assert ran.returncode == 0 and "Checks: 2, Failures: 0, Errors: 0" in ran.stdout, ran.stdout


def test_the_daemon_compiles_for_the_target(scaffold: Path) -> None:
    cc = "riscv64-unknown-elf-gcc"
    if shutil.which(cc) is None:
        pytest.skip(f"{cc} is missing")
    done = run(cc, "-std=c11", "-ffreestanding", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
               "-isystem", "/usr/lib/picolibc/riscv64-unknown-elf/include", *includes(scaffold),
               "-I", str(ROOT / "build/gen/idl/include"), "-I", str(ROOT / "userspace/libcairn/include"),
               str(scaffold / "services/echo/main.c"))
    assert done.returncode == 0, done.stderr


def test_the_scaffold_says_how_to_start_it(scaffold: Path) -> None:
    readme = (scaffold / "services/echo/README.md").read_text()
    assert "service echo program=echo restart=always after=logd serves=echo handles=echo,log" in readme
    handlers = (scaffold / "services/echo/handlers.c").read_text()
    assert ".register_ = on_register" in handlers and "return ERR_NOTSUP;" in handlers
    assert "$(call user_program,echo," in (scaffold / "services/echo/service.mk").read_text()


def test_it_overwrites_nothing(scaffold: Path) -> None:
    again = run(sys.executable, str(ROOT / "tools/new_service.py"), "echo", "--idl", str(scaffold / "echo.yaml"),
                "--root", str(scaffold))
    assert again.returncode == 1 and "exists; nothing written" in again.stderr


def test_a_missing_interface_is_refused(tmp_path: Path) -> None:
    done = run(sys.executable, str(ROOT / "tools/new_service.py"), "nothing", "--root", str(tmp_path))
    assert done.returncode == 2 and "does not exist" in done.stderr
    assert not (tmp_path / "services").exists()
