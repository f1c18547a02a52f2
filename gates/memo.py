"""Memo files under build/gates: answers kept from one gate run for the next.

This module owns only reading and writing them: a memo is a JSON object; one that is missing,
unreadable or of the wrong shape reads as empty (the next run asks again), and a write goes
through a temporary file and a rename, so a reader never sees half of one. A failed write is
harmless for the same reason. What a memo holds, and when it is stale, is its owner's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def read(path: Path | None, value_ok: Callable[[Any], bool]) -> dict[str, Any]:
    """The memo at `path` if it is an object whose every value passes `value_ok`, else {}."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(value_ok(v) for v in data.values()):
        return {}
    return data


def write(path: Path, data: dict[str, Any]) -> None:
    """Replace the memo at `path` with `data`, atomically; a failure leaves the old one."""
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
