"""What a gate run runs with: tools on PATH, Debian packages, and the gate's own Python.

This module owns asking, once per run: each tool is found on PATH (its resolved file, with
that file's size and modification time, so a stand-in of the same name elsewhere or a
replaced binary is a different tool) and asked `--version` once (with a memo file, once
for as long as that file, PATH and Debian's package database stay as they are); the Debian packages every
selected stage names are asked of dpkg-query in one call; the Python running the gate and
its libraries are read from the interpreter. Fingerprints feed on these answers, and
report.json records them. It judges nothing; a tool that is missing is recorded as such.
"""

from __future__ import annotations

import fnmatch
import importlib.metadata
import os
import platform
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gates import memo as memo_file

MISSING = "missing"
PYTHON_LIBRARIES = ("jsonschema", "PyYAML", "pytest")
DPKG_FORMAT = "${Package}\t${Version}\t${db:Status-Abbrev}\n"
# Any package installed, upgraded or removed rewrites it: a tool's remembered version is then stale.
DPKG_STATUS = Path("/var/lib/dpkg/status")


@dataclass(frozen=True)
class Tool:
    name: str  # as the stage names it
    path: str  # the file PATH resolves it to, symlinks followed; "" when not found
    version: str  # the first line of `--version`, or "missing"
    identity: str  # size and modification time of that file

    def key(self) -> str:
        return f"{self.name}\0{self.path}\0{self.version}\0{self.identity}"

    def as_json(self) -> dict[str, str]:
        return {"path": self.path, "version": self.version}


def ask_version(tool: str, env: Mapping[str, str] | None = None) -> str:
    try:
        done = subprocess.run(
            [tool, "--version"], capture_output=True, text=True, errors="replace", timeout=30, check=False,
            env=None if env is None else dict(env),
        )
    except (OSError, subprocess.TimeoutExpired):
        return MISSING
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else f"exit {done.returncode}"


def locate(tool: str, search_path: str | None) -> tuple[str, str]:
    """(resolved path, "size:mtime_ns") of the file `tool` runs, or ("", "") if there is none."""
    found = shutil.which(tool, path=search_path)
    if found is None:
        return "", ""
    real = os.path.realpath(found)
    try:
        st = os.stat(real)
    except OSError:
        return real, ""
    return real, f"{st.st_size}:{st.st_mtime_ns}"


def ask_packages(patterns: Iterable[str]) -> dict[str, str]:
    """Installed Debian packages matching `patterns` (dpkg-query globs), name -> version, in one call."""
    wanted = sorted(set(patterns))
    if not wanted:
        return {}
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", f"-f={DPKG_FORMAT}", "--", *wanted],
            capture_output=True, text=True, errors="replace", timeout=30, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    found = {}
    for line in done.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[2].startswith("ii"):
            found[parts[0]] = parts[1]
    return found


def _stamp(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}"


def _read_memo(path: Path | None) -> dict[str, str]:
    return memo_file.read(path, lambda v: isinstance(v, str))


def python_facts() -> dict[str, str]:
    """The interpreter running the gate and the libraries it and its tests use."""
    facts = {"executable": os.path.realpath(sys.executable), "version": platform.python_version()}
    for name in PYTHON_LIBRARIES:
        try:
            facts[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            facts[name] = MISSING
    return facts


class ToolVersions:
    """The run's answers: each tool and the packages asked once, kept for the run.

    Stages may ask from several threads; each tool is asked at most once.
    """

    def __init__(self, env: Mapping[str, str] | None = None, memo: Path | None = None) -> None:
        self._env = dict(os.environ if env is None else env)
        self._memo_path = memo
        self._memo = _read_memo(memo)
        self._memo_grew = False
        self._dpkg_stamp = _stamp(DPKG_STATUS)
        self._known: dict[str, str] = {}  # tool -> version (tests may preset it)
        self._tools: dict[str, Tool] = {}
        self._packages: dict[str, str] | None = None
        self._patterns: set[str] = set()
        self._python: dict[str, str] | None = None
        self._lock = threading.Lock()
        self._asking: dict[str, threading.Lock] = {}  # one per tool, so each is asked once

    def tool(self, name: str) -> Tool:
        with self._lock:
            asking = self._asking.setdefault(name, threading.Lock())
        with asking:
            with self._lock:
                if name in self._tools:
                    return self._tools[name]
            path, identity = locate(name, self._env.get("PATH"))
            version = self._known.get(name) or (self._remembered(name, path, identity) if path else MISSING)
            found = Tool(name, path, version, identity)
            with self._lock:
                self._tools[name] = found
            return found

    def _remembered(self, name: str, path: str, identity: str) -> str:
        """The memo's answer for this exact file under this PATH and package database, or ask."""
        key = "\0".join((name, path, identity, self._env.get("PATH", ""), self._dpkg_stamp))
        with self._lock:
            version = self._memo.get(key)
        if version is not None and identity:
            return version
        version = ask_version(name, self._env)
        if identity and version != MISSING:
            with self._lock:
                self._memo[key] = version
                self._memo_grew = True
        return version

    def save(self) -> None:
        """Write the memo back when it learnt something (atomically; a failure is harmless)."""
        with self._lock:
            if self._memo_path is None or not self._memo_grew:
                return
            data = dict(self._memo)
        memo_file.write(self._memo_path, data)  # a failed write: the next run asks again

    def version(self, name: str) -> str:
        return self.tool(name).version

    def prefetch(self, tools: Iterable[str], packages: Iterable[str]) -> None:
        """Ask every tool (in parallel) and every package (in one dpkg-query call) now."""
        with self._lock:
            self._patterns.update(packages)
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(self.tool, sorted(set(tools))))
        self._ask_packages()

    def _ask_packages(self) -> dict[str, str]:
        with self._lock:
            if self._packages is None:
                self._packages = ask_packages(self._patterns)
            return self._packages

    def packages(self, patterns: Iterable[str]) -> tuple[tuple[str, str], ...]:
        """(name, version) of the installed packages matching each pattern; (pattern, "missing") when
        none does. Patterns not named to prefetch are asked of dpkg-query in one more call."""
        patterns = sorted(set(patterns))
        with self._lock:
            unasked = [p for p in patterns if p not in self._patterns]
        if unasked:
            extra = ask_packages(unasked)
            with self._lock:
                self._patterns.update(unasked)
                self._packages = {**(self._packages or {}), **extra}
        known = self._ask_packages()
        found: dict[str, str] = {}
        for pattern in patterns:
            matches = {n: v for n, v in known.items() if _glob_match(pattern, n)}
            found.update(matches or {pattern: MISSING})
        return tuple(sorted(found.items()))

    def python(self) -> dict[str, str]:
        with self._lock:
            if self._python is None:
                self._python = python_facts()
            return dict(self._python)

    def as_json(self) -> dict[str, object]:
        """What report.json records: every tool and package asked this run, and the Python."""
        with self._lock:
            tools = {name: t.as_json() for name, t in sorted(self._tools.items())}
            packages = dict(sorted((self._packages or {}).items()))
            missing = sorted(p for p in self._patterns if not any(_glob_match(p, n) for n in packages))
        packages.update({p: MISSING for p in missing})
        return {"tools": tools, "packages": packages, "python": self.python()}


def _glob_match(pattern: str, name: str) -> bool:
    return fnmatch.fnmatchcase(name, pattern)
