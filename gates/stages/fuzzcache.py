"""The fuzz stage's memory between runs: each target's key and last pass, and its corpus.

Shared by nothing but gates/stages/fuzz.py. It owns two things under build/:

  build/fuzz-corpus/<name>/     the inputs libFuzzer kept for a target, grown run by run
                                (outside build/gates/, so CI's evidence stays small)
  build/gates/fuzz-targets.json each target's key at its last pass, with its figures

A target's key is a sha256 over what decides its run: the built binary (its source, the
libraries it links and the compiler's output for them), the seed files, the compiler's
version, the run's limits, its coverage floor and the fuzz stage's own source. A target
whose key passed before need not run again. Failures are never recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

CORPUS_DIR = Path("build/fuzz-corpus")
RECORD_FILE = Path("build/gates/fuzz-targets.json")


@dataclass(frozen=True)
class TargetPass:
    key: str
    executions: int
    features: int
    passed_at: str


def corpus_of(root: Path, name: str) -> Path:
    """The target's kept corpus folder, created if absent."""
    folder = root / CORPUS_DIR / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def target_key(binary: Path, seeds: Path, facts: tuple[str, ...]) -> str:
    """sha256 over the binary, every seed file (name and bytes) and `facts`; a missing file
    counts as missing, never as nothing."""
    h = hashlib.sha256()
    _feed(h, "binary", binary)
    for seed in sorted(p for p in seeds.rglob("*") if p.is_file()) if seeds.is_dir() else []:
        _feed(h, f"seed {seed.relative_to(seeds).as_posix()}", seed)
    for fact in facts:
        h.update(f"fact\0{fact}\0".encode())
    return h.hexdigest()


def _feed(h: "hashlib._Hash", label: str, path: Path) -> None:
    h.update(f"{label}\0".encode())
    try:
        h.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        h.update(b"<missing>")


class TargetRecord:
    """build/gates/fuzz-targets.json. Safe to update from several worker threads."""

    def __init__(self, root: Path) -> None:
        self._path = root / RECORD_FILE
        self._lock = threading.Lock()
        self._passes = self._read()

    def _read(self) -> dict[str, TargetPass]:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            return {name: TargetPass(**entry) for name, entry in raw.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # no record, or one we cannot read: every target runs

    def passed(self, name: str, key: str) -> TargetPass | None:
        entry = self._passes.get(name)
        return entry if entry is not None and entry.key == key else None

    def record_pass(self, name: str, key: str, executions: int, features: int) -> None:
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._lock:
            self._passes[name] = TargetPass(key, executions, features, now)
            self._path.parent.mkdir(parents=True, exist_ok=True)
            data = {n: asdict(p) for n, p in sorted(self._passes.items())}
            tmp = self._path.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            os.replace(tmp, self._path)
