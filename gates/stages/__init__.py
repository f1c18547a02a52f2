"""The gate's stages, in the order they run. Each module declares one STAGE."""

from __future__ import annotations

from gates.stages import arch, bench, build, contracts, format, fuzz, host, qemu, scope, static
from gates.stages.base import Stage

STAGE_MODULES = (contracts, scope, format, static, arch, host, fuzz, build, qemu, bench)


def all_stages() -> list[Stage]:
    return [m.STAGE for m in STAGE_MODULES]
