"""Stage fingerprints and the record of the last pass of each stage.

This module owns two things: computing a stage's fingerprint (sha256 over the paths
and contents of the files it reads, the versions of the tools it runs, any extra
facts it names, and the gate's own source that judges it), and build/gates/cache.json,
which maps each stage to the fingerprint of its last pass. It never records a
failure, and it does not decide when to consult the record; the runner does.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

CACHE_FILE = Path("build/gates/cache.json")


class ToolVersions:
    """Each tool's `--version` first line, asked once per run and kept for that run."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def version(self, tool: str) -> str:
        if tool not in self._known:
            self._known[tool] = _ask_version(tool)
        return self._known[tool]


def _ask_version(tool: str) -> str:
    try:
        done = subprocess.run(
            [tool, "--version"], capture_output=True, text=True, errors="replace", timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "missing"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else f"exit {done.returncode}"


@dataclass(frozen=True)
class Inputs:
    """What a stage's result depends on. Paths are relative to the repository root;
    a path that does not exist is recorded as missing rather than skipped."""

    files: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()  # anything else, e.g. "HEAD=<sha>"


def fingerprint(root: Path, inputs: Inputs, judges: tuple[Path, ...], tools: ToolVersions) -> str:
    """sha256 over the inputs and the source files that judge them (`judges`)."""
    h = hashlib.sha256()
    for path in sorted(set(inputs.files)):
        _feed_file(h, path, root / path)
    for judge in sorted(set(judges)):
        _feed_file(h, f"<judge>{judge.name}", judge)
    for tool in sorted(set(inputs.tools)):
        h.update(f"tool\0{tool}\0{tools.version(tool)}\0".encode())
    for fact in inputs.facts:
        h.update(f"fact\0{fact}\0".encode())
    return h.hexdigest()


def _feed_file(h: "hashlib._Hash", label: str, path: Path) -> None:
    h.update(f"file\0{label}\0".encode())
    try:
        with path.open("rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    except OSError:
        h.update(b"<missing>")


@dataclass(frozen=True)
class CacheEntry:
    fingerprint: str
    summary: str
    passed_at: str


class CacheStore:
    """build/gates/cache.json: the last passing fingerprint of each stage."""

    def __init__(self, root: Path) -> None:
        self._path = root / CACHE_FILE
        self._entries = self._read()

    def _read(self) -> dict[str, CacheEntry]:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            return {name: CacheEntry(**entry) for name, entry in raw.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # no cache, or one we cannot read: everything runs

    def hit(self, stage: str, fp: str) -> CacheEntry | None:
        entry = self._entries.get(stage)
        return entry if entry is not None and entry.fingerprint == fp else None

    def record_pass(self, stage: str, fp: str, summary: str) -> None:
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._entries[stage] = CacheEntry(fp, summary, now)
        self._write()

    def _write(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        data = {name: vars(entry) for name, entry in sorted(self._entries.items())}
        tmp = self._path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self._path)
