"""The environment variables that can change a stage's result, and the rule for each.

This module owns one table: every variable the gate knows to change what a stage proves,
grouped by who reads it (make, the compilers, Check, pytest, the sanitizers, QEMU, the
gate's own Python, git). Each has one rule:

- key: the value (or its absence) is part of the fingerprint of the stages that declare
  it, so a result under one value is never served to a run under another. A variable that
  names a program (`program`) also keys that program's path and version.
- refuse: when it is set, the stage is an infra-error naming it; what it changes (which
  tests run, which emulator boots the kernel) would make the stage prove something else.
- clear: the gate removes it from the environment of the commands the stage runs. This
  is for make's own protocol (MAKEFLAGS and its kin): `make test` always sets them for
  the gate it starts, and a caller's `-i`, `-n` or variable overrides must not reach the
  gate's make runs.

A stage declares the groups it needs (`Stage.env`); the runner adds EVERY_STAGE and
applies the rules. This module reads no environment itself: callers pass one in.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class Rule(str, enum.Enum):
    KEY = "key"
    REFUSE = "refuse"
    CLEAR = "clear"


@dataclass(frozen=True)
class Var:
    """One variable (or every variable with a prefix, written `CK_*`) and its rule."""

    name: str
    rule: Rule
    why: str  # what it changes, in a few words; shown when it is refused
    program: str = ""  # key only: the program its value names, "{}" standing for the value

    def matches(self, name: str) -> bool:
        if self.name.endswith("*"):
            return name.startswith(self.name[:-1])
        return name == self.name

    def names_in(self, env: Mapping[str, str]) -> list[str]:
        """The variables of `env` this entry covers, sorted."""
        return sorted(n for n in env if self.matches(n))


def _key(name: str, why: str, program: str = "") -> Var:
    return Var(name, Rule.KEY, why, program)


def _refuse(name: str, why: str) -> Var:
    return Var(name, Rule.REFUSE, why)


def _clear(name: str, why: str) -> Var:
    return Var(name, Rule.CLEAR, why)


# The gate itself runs in Python, reads git and loads shared libraries: every stage.
EVERY_STAGE = (
    _refuse("PYTHONPATH", "puts other modules (a stand-in yaml or jsonschema, say) before the gate's"),
    _refuse("PYTHONHOME", "runs the gate on another Python installation"),
    _refuse("PYTHONUSERBASE", "adds another user site-packages folder to the gate's Python"),
    _refuse("LD_PRELOAD", "loads other code into every program the gate runs"),
    _key("LD_LIBRARY_PATH", "chooses the shared libraries the tools and tests load"),
    _key("GIT_DIR", "points git at another repository"),
    _key("GIT_WORK_TREE", "points git at another work tree"),
    _key("GIT_INDEX_FILE", "points git at another index (the commit hooks set it)"),
    _key("GIT_OBJECT_DIRECTORY", "points git at other objects"),
    _key("GIT_ALTERNATE_OBJECT_DIRECTORIES", "adds objects from elsewhere"),
)

# make: the Makefile's `?=` variables, make's own protocol, and the built-in rules' flags.
MAKE = (
    _key("CROSS", "selects the cross toolchain", program="{}gcc"),
    _key("HOSTCC", "selects the host compiler of the unit tests", program="{}"),
    _key("FUZZ_CC", "selects the compiler of the fuzz targets", program="{}"),
    _refuse("EXTRA", "packs outside programs into the boot image"),
    _refuse("BOOT_PROGRAMS", "packs other programs into the boot image"),
    _key("CAIRN_CROSS", "selects the cross toolchain of the SDK's example", program="{}gcc"),
    _refuse("CAIRN_THIRD_PARTY_LOCK", "makes the build fetch third-party sources pinned by another lock"),
    _refuse("CAIRN_THIRD_PARTY_DIR", "makes the build unpack third-party sources elsewhere"),
    _refuse("CAIRN_APT_ETC", "derives the third-party source entry from another apt configuration"),
    _refuse("MAKEFILES", "makes make read other makefiles first"),
    _clear("MAKEFLAGS", "make's flags from a caller (-i, -n, -k, variable overrides)"),
    _clear("MFLAGS", "make's flags from a caller"),
    _clear("GNUMAKEFLAGS", "make's flags from a caller"),
    _clear("MAKELEVEL", "the caller's make depth"),
    _clear("CC", "the built-in rules' compiler (the Makefile sets its own)"),
    _clear("CFLAGS", "the built-in rules' flags (the Makefile sets its own)"),
    _clear("CPPFLAGS", "the built-in rules' flags (the Makefile sets its own)"),
    _clear("LDFLAGS", "the built-in rules' flags (the Makefile sets its own)"),
    _clear("LDLIBS", "the built-in rules' libraries (the Makefile sets its own)"),
    _clear("TARGET_ARCH", "the built-in rules' target flags"),
)

# The compilers' and pkg-config's own variables: other headers, libraries or passes. Keyed,
# not refused: shells set some of them for other work (LIBRARY_PATH for a GPU toolkit, say).
COMPILE = (
    _key("CPATH", "adds header folders to every compile"),
    _key("C_INCLUDE_PATH", "adds header folders to every C compile"),
    _key("LIBRARY_PATH", "adds library folders to every link"),
    _key("COMPILER_PATH", "makes gcc run other compiler passes"),
    _key("GCC_EXEC_PREFIX", "makes gcc run other compiler passes"),
    _key("PKG_CONFIG_PATH", "makes pkg-config find another Check"),
    _key("PKG_CONFIG_LIBDIR", "makes pkg-config find another Check"),
    _key("PKG_CONFIG_SYSROOT_DIR", "makes pkg-config find another Check"),
)

# Programs built with the sanitizers read these at start-up.
SANITIZERS = (
    _refuse("ASAN_OPTIONS", "changes what AddressSanitizer reports (detect_leaks=0, say)"),
    _refuse("UBSAN_OPTIONS", "changes what UndefinedBehaviorSanitizer reports"),
    _refuse("LSAN_OPTIONS", "changes what LeakSanitizer reports"),
)

# The Check unit tests: the library's CK_* variables and the tests' own.
CHECK = (
    _refuse("CK_*", "changes how Check runs the unit tests (CK_RUN_SUITE and CK_RUN_CASE choose which run)"),
    _refuse("CAIRN_TEST_FIXTURES", "makes the unit tests read fixtures from another folder"),
)

# The gate's own pytest suite.
PYTEST = (
    _refuse("PYTEST_ADDOPTS", "adds options to pytest (-k chooses which tests run)"),
    _refuse("PYTEST_PLUGINS", "loads other pytest plugins"),
    _refuse("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "changes which pytest plugins load"),
)

# tools/run-qemu.sh: which emulator and firmware boot the kernel.
BOOT = (
    _refuse("QEMU", "boots the kernel with another program than qemu-system-riscv64 on PATH"),
    _refuse("OPENSBI", "boots the kernel on other firmware"),
)


def refusals(declared: Iterable[Var], env: Mapping[str, str]) -> list[str]:
    """One line for each set variable a refuse rule covers, in name order."""
    lines: dict[str, str] = {}
    for var in declared:
        if var.rule is Rule.REFUSE:
            for name in var.names_in(env):
                lines.setdefault(name, f"{name} is set ({name}={env[name]!r}): it {var.why}; unset it to run the gate")
    return [lines[n] for n in sorted(lines)]


def keyed(declared: Iterable[Var], env: Mapping[str, str]) -> tuple[str, ...]:
    """`NAME=value` for each keyed variable that is set and `NAME unset` for each that is not."""
    facts: dict[str, str] = {}
    for var in declared:
        if var.rule is not Rule.KEY:
            continue
        names = var.names_in(env) or ([] if var.name.endswith("*") else [var.name])
        for name in names:
            facts[name] = f"{name}={env[name]}" if name in env else f"{name} unset"
    return tuple(facts[n] for n in sorted(facts))


def programs(declared: Iterable[Var], env: Mapping[str, str]) -> tuple[str, ...]:
    """The programs that keyed variables name under `env` (only those that are set)."""
    found = [v.program.format(env[v.name]) for v in declared if v.rule is Rule.KEY and v.program and env.get(v.name)]
    return tuple(dict.fromkeys(found))


def cleared(declared: Iterable[Var], env: Mapping[str, str]) -> dict[str, str]:
    """`env` without the variables a clear rule covers: the environment for the stage's commands."""
    rules = [v for v in declared if v.rule is Rule.CLEAR]
    return {n: value for n, value in env.items() if not any(v.matches(n) for v in rules)}


def set_values(declared: Iterable[Var], env: Mapping[str, str]) -> dict[str, str]:
    """The keyed variables that are set, by name: what report.json records."""
    return {n: env[n] for v in declared if v.rule is Rule.KEY for n in v.names_in(env)}
