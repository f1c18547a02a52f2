"""tools/manifest.py, the build-time manifest checker: its own cases, the boot manifest,
and its refusal to run while manifest.h and the schema disagree."""

from __future__ import annotations

import importlib.util
import json
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_manifest_tool_self_test_passes() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools/manifest.py"), "--self-test"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_manifest_tool_rejects_a_cycle(tmp_path: Path) -> None:
    manifest = tmp_path / "boot.manifest"
    manifest.write_text(
        "service a program=a restart=never after=b serves= handles=console\n"
        "service b program=b restart=never after=a serves= handles=console\n"
    )
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools/manifest.py"), str(manifest)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert run.returncode == 1
    assert "cycle" in run.stdout + run.stderr


def test_boot_manifest_passes_in_dependency_order() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools/manifest.py"), "--order", str(ROOT / "services/manifest.txt")],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    order = run.stdout.split()
    assert order[:3] == ["logd", "policyd", "samgrd"]


def _load_tool(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """tools/manifest.py as a module of its own (registered for its dataclasses while the test runs)."""
    spec = importlib.util.spec_from_file_location("manifest_tool", ROOT / "tools/manifest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_manifest_tool_refuses_while_header_and_schema_drift(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    tool = _load_tool(monkeypatch)
    header = tmp_path / "manifest.h"
    header.write_text(tool.HEADER.read_text(encoding="utf-8").replace('"uart-irq"', '"uart-intr"'))
    manifest = tmp_path / "boot.manifest"
    manifest.write_text("service a program=a restart=never after= serves= handles=console\n")
    tool.HEADER = header
    assert tool.main([str(manifest)]) == 1
    err = capsys.readouterr().err
    assert "manifest.h:" in err and "handle words" in err and "uart-intr" in err


def test_manifest_packs_into_the_boot_image_as_text(tmp_path: Path) -> None:
    """The checked copy is the manifest byte for byte, and mkbootimg packs it under `manifest`."""
    checked = tmp_path / "files" / "manifest.txt"
    image = tmp_path / "boot.img"
    for cmd in (["tools/manifest.py", "--output", str(checked), "services/manifest.txt"],
                ["tools/mkbootimg.py", "-o", str(image), str(checked), "policy=services/policyd/policy.rules"]):
        run = subprocess.run([sys.executable, *cmd], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
        assert run.returncode == 0, run.stdout + run.stderr
    data = image.read_bytes()
    magic, _version, count, _total, _reserved = struct.unpack_from("<8sIIQQ", data)
    assert magic == b"CAIRNIMG"
    entries = {}
    for i in range(count):
        name, offset, size = struct.unpack_from("<32sQQ", data, 32 + 48 * i)
        entries[name.rstrip(b"\0").decode()] = data[offset:offset + size]
    assert entries["manifest"] == (ROOT / "services/manifest.txt").read_bytes()
    assert entries["policy"] == (ROOT / "services/policyd/policy.rules").read_bytes()


def test_handles_header_names_the_handles_and_the_quota_the_line_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """A service's header: its handles in order, and IDENT_MAX_KIND for each max-* of its line only."""
    tool = _load_tool(monkeypatch)
    line = ("service my-shell program=shell restart=never after= serves= handles=uart,bootimage "
            "max-processes=1 max-pages=17921\n")
    manifest, problems = tool.parse_text(line, json.loads(tool.SCHEMA.read_text(encoding="utf-8")))
    assert not problems
    header = tool.handles_header(manifest.services[0])
    assert "\tH_SELF = 0,\n\tH_SUPERVISOR = 1,\n\tH_UART = 2,\n\tH_BOOTIMAGE = 3,\n\tH_COUNT = 4," in header
    assert "#define MY_SHELL_MAX_PROCESSES 1u\n" in header and "#define MY_SHELL_MAX_PAGES 17921u\n" in header
    assert "MAX_VMOS" not in header and "MAX_THREADS" not in header
    plain = tool.parse_text(line.split(" max-")[0], json.loads(tool.SCHEMA.read_text(encoding="utf-8")))[0]
    assert "#define" not in tool.handles_header(plain.services[0]).split("#define CAIRN_GEN")[1]
