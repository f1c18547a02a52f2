"""Stage fingerprints and the record of the last pass of each stage.

This module owns two things: computing a stage's fingerprint (sha256 over the paths and
contents of the files it reads, the tools it runs (path, version and file identity, from
gates/versions.py), the Debian packages it names, any extra facts (environment values,
the gate's Python), and the gate's own source that judges it), and build/gates/cache.json,
which maps each stage to the fingerprint of its last pass. It never records a failure,
and it does not decide what a stage's inputs and judges are, nor when to consult the
record; the runner does.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from gates.versions import ToolVersions

CACHE_FILE = Path("build/gates/cache.json")
GATE_ROOT = Path(__file__).resolve().parent.parent  # the folder holding the gates package

__all__ = ["CACHE_FILE", "CacheEntry", "CacheStore", "FileDigests", "Inputs", "ToolVersions", "fingerprint"]


@dataclass(frozen=True)
class Inputs:
    """What a stage's result depends on. Paths are relative to the repository root;
    a path that does not exist is recorded as missing rather than skipped."""

    files: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()  # anything else, e.g. "HEAD=<sha>"
    packages: tuple[str, ...] = ()  # Debian packages (dpkg-query patterns) whose versions count


class FileDigests:
    """sha256 of each file, read once per run however many stages name it."""

    def __init__(self) -> None:
        self._known: dict[Path, bytes] = {}
        self._lock = threading.Lock()

    def digest(self, path: Path) -> bytes:
        with self._lock:
            if path in self._known:
                return self._known[path]
        try:
            with path.open("rb") as f:
                found = hashlib.sha256(f.read()).digest()
        except OSError:
            found = b"<missing>"
        with self._lock:
            self._known[path] = found
        return found


def fingerprint(
    root: Path, inputs: Inputs, judges: tuple[Path, ...], tools: ToolVersions, digests: FileDigests | None = None
) -> str:
    """sha256 over the inputs and the source files that judge them (`judges`)."""
    digests = digests or FileDigests()
    h = hashlib.sha256()
    for path in sorted(set(inputs.files)):
        _feed(h, f"file\0{path}", digests.digest(root / path))
    for judge in sorted(set(judges)):
        _feed(h, f"judge\0{_judge_label(judge)}", digests.digest(judge))
    for tool in sorted(set(inputs.tools)):
        h.update(f"tool\0{tools.tool(tool).key()}\0".encode())
    for name, version in tools.packages(inputs.packages) if inputs.packages else ():
        h.update(f"package\0{name}\0{version}\0".encode())
    for fact in inputs.facts:
        h.update(f"fact\0{fact}\0".encode())
    return h.hexdigest()


def _feed(h: "hashlib._Hash", label: str, digest: bytes) -> None:
    h.update(f"{label}\0".encode())
    h.update(digest)


def _judge_label(judge: Path) -> str:
    """A judge's path inside the gate's checkout (gates/stages/scope.py), wherever that is."""
    try:
        return judge.resolve().relative_to(GATE_ROOT).as_posix()
    except ValueError:
        return str(judge)


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
        self._lock = threading.Lock()  # stages finish on several threads

    def _read(self) -> dict[str, CacheEntry]:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            return {name: CacheEntry(**entry) for name, entry in raw.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # no cache, or one we cannot read: everything runs

    def hit(self, stage: str, fp: str) -> CacheEntry | None:
        with self._lock:
            entry = self._entries.get(stage)
        return entry if entry is not None and entry.fingerprint == fp else None

    def record_pass(self, stage: str, fp: str, summary: str) -> None:
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._lock:
            self._entries[stage] = CacheEntry(fp, summary, now)
            self._write()

    def _write(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        data = {name: vars(entry) for name, entry in sorted(self._entries.items())}
        tmp = self._path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self._path)
