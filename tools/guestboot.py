"""Boot a kernel through tools/run-qemu.sh and read its console.

The one way the tools that boot a guest start it: `boot` runs one to its end within a
time limit and returns its console (tools/bench.py, tools/ipcdiff.py, tools/smpbench.py);
`Console` keeps one running to type at and read line by line as the lines come
(tools/powercut.py, tools/identity.py, tools/hosted.py). run-qemu.sh leads a process
group of its own, so a guest is killed whole, QEMU included; stdout and stderr are one
console. Not a program: the tools import it.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import threading
import time
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


class ConsoleError(Exception):
    """The guest did not answer as expected; the message says what was awaited."""


class Console:
    """One guest started with run-qemu.sh `args`: its console lines as they come, and its
    input. Every line read is appended to `log`, and every line typed as `# typed '...'`."""

    def __init__(self, args: list[str], log: list[str]) -> None:
        self.proc = subprocess.Popen(command(args), cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.log = log
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in iter(self.proc.stdout.readline, b""):
            self.lines.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
        self.lines.put(None)

    def line(self, until: float, what: str) -> str:
        """The next console line, by time.monotonic() `until`; `what` names it in the error."""
        try:
            line = self.lines.get(timeout=max(until - time.monotonic(), 0.01))
        except queue.Empty:
            raise ConsoleError(f"{what}: not seen within the time allowed") from None
        if line is None:
            raise ConsoleError(f"{what}: the console closed first")
        self.log.append(line)
        return line

    def expect(self, pattern: re.Pattern[str] | str, timeout: float, what: str | None = None) -> re.Match[str]:
        """The first console line (from now) that `pattern` (a text, when a str) is found in."""
        wanted = re.compile(re.escape(pattern)) if isinstance(pattern, str) else pattern
        until = time.monotonic() + timeout
        while True:
            m = wanted.search(self.line(until, what or repr(wanted.pattern)))
            if m:
                return m

    def type(self, text: str) -> None:
        """`text` and a carriage return, as Enter sends them."""
        assert self.proc.stdin is not None
        self.log.append(f"# typed {text!r}")
        self.proc.stdin.write(text.encode() + b"\r")
        self.proc.stdin.flush()

    def write(self, data: bytes) -> None:
        """Raw bytes (a control key, say), as they are."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def drain(self, quiet_s: float = 1.0) -> list[str]:
        """The lines not read yet, until none comes for `quiet_s` or the console closes."""
        out = []
        while True:
            try:
                line = self.lines.get(timeout=quiet_s)
            except queue.Empty:
                return out
            if line is None:
                return out
            self.log.append(line)
            out.append(line)

    def kill(self) -> None:
        """SIGKILL to QEMU's whole group, with nothing flushed on the way: a power cut."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
