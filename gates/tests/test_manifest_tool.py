"""tools/manifest.py, the build-time manifest checker, runs its own cases here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
        "service a program=a restart=never after=b handles=console\n"
        "service b program=b restart=never after=a handles=console\n"
    )
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools/manifest.py"), str(manifest)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert run.returncode == 1
    assert "cycle" in run.stdout + run.stderr
