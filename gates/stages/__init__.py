"""The gate's stages, in the order they run. Each module declares one STAGE.

The stage modules are imported when asked for, not with this package: importing any one
of them (or base, or ctree) runs this file first, and a stage's fingerprint judges every
gate module its import runs (gates/imports.py), so this file brings in no other stage.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gates.stages.base import Stage

STAGE_NAMES = ("contracts", "scope", "format", "static", "arch", "host", "fuzz", "build", "qemu", "bench")


def all_stages() -> list[Stage]:
    return [importlib.import_module(f"gates.stages.{name}").STAGE for name in STAGE_NAMES]
