"""`make run EXTRA=...`: tools/mkbootimg.py's ELF check and tools/manifest_extra.py.

The extended manifest is checked by the real tools/manifest.py against the real
services/manifest.txt, so a change of the manifest format that the added line does
not follow fails here rather than at someone's `make run`.
"""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
sys.path.insert(0, str(TOOLS))

import manifest_extra  # noqa: E402  (tools/ is not a package)
import mkbootimg  # noqa: E402


def elf(cls: int = 2, data: int = 1, e_type: int = 2, machine: int = 243) -> bytes:
    """A 64-byte ELF header with the given class, byte order, type and machine."""
    ident = b"\x7fELF" + bytes([cls, data, 1]) + bytes(9)
    return ident + struct.pack("<HH", e_type, machine) + bytes(64 - 20)


def test_check_elf_accepts_an_rv64_executable() -> None:
    mkbootimg.check_elf("hello", elf())


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"#!/bin/sh\n" + bytes(60), "not an ELF file"),
        (elf()[:40], "not an ELF file"),
        (elf(cls=1), "64-bit little-endian"),
        (elf(data=2), "64-bit little-endian"),
        (elf(machine=62), "machine 62, not RISC-V"),
        (elf(e_type=3), "ELF type 3, not a static executable"),
    ],
    ids=["script", "short", "elf32", "big-endian", "x86-64", "shared-object"],
)
def test_check_elf_refuses(data: bytes, needle: str) -> None:
    with pytest.raises(mkbootimg.PackError, match=needle):
        mkbootimg.check_elf("x", data)


def test_program_name_follows_the_packer_and_the_service_rule(tmp_path: Path) -> None:
    assert manifest_extra.program_name(tmp_path / "hello.elf", elf()) == "hello"
    with pytest.raises(manifest_extra.ExtraError, match="not a service name"):
        manifest_extra.program_name(tmp_path / "Hello.elf", elf())
    with pytest.raises(manifest_extra.ExtraError, match="may use only letters"):
        manifest_extra.program_name(tmp_path / "he llo.elf", elf())
    with pytest.raises(manifest_extra.ExtraError, match="not an ELF file"):
        manifest_extra.program_name(tmp_path / "hello.elf", b"text")


def test_extend_starts_the_program_after_every_service() -> None:
    base = "# c\nservice a program=a restart=never after= serves= handles=\nservice b program=b x\n"
    text = manifest_extra.extend(base, [("hello", Path("hello.elf"))])
    assert text.endswith(
        "service hello program=hello restart=never after=a,b serves= handles=console priority=3\n")
    assert text.startswith(base)


def run_extra(tmp_path: Path, *programs: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOLS / "manifest_extra.py"), "--base", str(ROOT / "services/manifest.txt"),
         "-o", str(tmp_path / "manifest.unchecked"), *map(str, programs)],
        capture_output=True, text=True, timeout=60, check=False,
    )


def test_the_extended_real_manifest_passes_manifest_py(tmp_path: Path) -> None:
    (tmp_path / "hello.elf").write_bytes(elf())
    (tmp_path / "tool2.elf").write_bytes(elf())
    made = run_extra(tmp_path, tmp_path / "hello.elf", tmp_path / "tool2.elf")
    assert made.returncode == 0, made.stderr
    checked = subprocess.run(
        [sys.executable, str(TOOLS / "manifest.py"), "--output", str(tmp_path / "manifest.txt"),
         str(tmp_path / "manifest.unchecked")],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "service tool2 program=tool2" in (tmp_path / "manifest.txt").read_text(encoding="utf-8")


def test_a_program_named_like_a_service_is_refused(tmp_path: Path) -> None:
    taken = manifest_extra.service_names((ROOT / "services/manifest.txt").read_text(encoding="utf-8"))[0]
    (tmp_path / f"{taken}.elf").write_bytes(elf())
    made = run_extra(tmp_path, tmp_path / f"{taken}.elf")
    assert made.returncode == 1
    assert f"already has a service '{taken}'" in made.stderr
    assert not (tmp_path / "manifest.unchecked").exists()
