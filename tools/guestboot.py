"""Boot a kernel through tools/run-qemu.sh with a time limit and collect its console.

The one way the tools that boot a guest (tools/bench.py, tools/ipcdiff.py,
tools/smpbench.py) start it: run-qemu.sh leads a process group of its own, so a boot
that overruns its limit is killed whole, QEMU included; stdout and stderr are one
console. Not a program: the tools import it.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_QEMU = "tools/run-qemu.sh"


class Overrun(Exception):
    """The boot did not end within its limit; `lines` holds what it printed until then."""

    def __init__(self, timeout: float, lines: list[str]) -> None:
        super().__init__(f"the boot did not end within {timeout:g} s")
        self.lines = lines


def command(args: list[str]) -> list[str]:
    """The command line for run-qemu.sh with `args` (--kernel ELF and the rest)."""
    return ["bash", RUN_QEMU, *args]


def boot(args: list[str], timeout: float) -> tuple[list[str], int]:
    """Boot with run-qemu.sh `args` to its end: the console's lines and QEMU's exit status."""
    proc = subprocess.Popen(command(args), cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        out, _ = proc.communicate()
        raise Overrun(timeout, out.decode("utf-8", "replace").splitlines()) from None
    return out.decode("utf-8", "replace").splitlines(), proc.returncode
