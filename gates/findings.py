"""One problem the gate found, as a `path:line: message` line.

This module owns the Finding type every check returns and the one order they are
reported in. It does not find anything itself and it never prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """A problem at `path` (relative to the repo root, '/'-separated), 1-based `line`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # Always one line: a message with a line break would break `path:line:` parsers.
        message = " ".join(self.message.split("\n"))
        return f"{self.path}:{self.line}: {message}"


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Drop repeats and order by path, then line, then message."""
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.message))
