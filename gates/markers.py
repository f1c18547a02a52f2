"""The marker registry (gates/markers.yaml): loading, validation and the C header.

This module owns reading the registry and turning it into build/gen/cairn/markers.h.
It does not judge a console log; the qemu stage does that with the registry it loads here.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REGISTRY = Path("gates/markers.yaml")
NONCE_PLACEHOLDER = "{nonce}"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
RETIRED_BY = re.compile(r"^TASK-\d{4}$")
# A marker's source: "kernel", "console" (an untagged line) or a program name (RFC-0006).
SOURCE_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,31}$")
KERNEL_SOURCE = "kernel"
CONSOLE_SOURCE = "console"


class RegistryError(Exception):
    """The registry file is unreadable or breaks its own convention."""


@dataclass(frozen=True)
class Marker:
    id: str
    text: str
    proves: str
    source: str  # who alone may print it: "kernel", "console" or a program name
    retired: str = ""  # the task that retired it; a retired marker is printed by no one

    def render(self, nonce: str) -> str:
        """The exact console line this marker stands for in a boot with `nonce`."""
        return self.text.replace(NONCE_PLACEHOLDER, nonce)

    def c_format(self) -> str:
        """The text as a printf format: the nonce placeholder becomes %s."""
        return self.text.replace(NONCE_PLACEHOLDER, "%s")


@dataclass(frozen=True)
class Registry:
    convention: re.Pattern[str]
    markers: tuple[Marker, ...]

    def by_text(self) -> dict[str, Marker]:
        """The live markers, by text: those a profile may name and code may print."""
        return {m.text: m for m in self.markers if not m.retired}

    def retired(self) -> dict[str, Marker]:
        """The retired markers, by text: kept so the done tasks they proved still name them."""
        return {m.text: m for m in self.markers if m.retired}

    def has_marker_shape(self, line: str) -> bool:
        return self.convention.match(line) is not None


def load(root: Path = Path(".")) -> Registry:
    path = root / REGISTRY
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}:1: cannot read marker registry: {exc}") from exc
    if not isinstance(data, dict) or "convention" not in data or "markers" not in data:
        raise RegistryError(f"{path}:1: registry needs 'convention' and 'markers'")
    convention = re.compile(data["convention"])
    markers = tuple(
        Marker(str(m.get("id")), str(m.get("text")), str(m.get("proves", "")), str(m.get("source", "")),
               str(m.get("retired") or ""))
        for m in data["markers"]
    )
    problems = _problems(convention, markers)
    if problems:
        raise RegistryError("\n".join(f"{path}:1: {p}" for p in problems))
    return Registry(convention, markers)


def _problems(convention: re.Pattern[str], markers: tuple[Marker, ...]) -> list[str]:
    problems = []
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    for m in markers:
        if not ID_PATTERN.match(m.id):
            problems.append(f"marker id '{m.id}' is not lower_snake_case")
        if not convention.match(m.render("0123456789abcdef")):
            problems.append(f"marker '{m.text}' does not follow the convention")
        if "%" in m.text or '"' in m.text or "\\" in m.text:
            problems.append(f"marker '{m.text}' holds a character C cannot print verbatim")
        if not SOURCE_PATTERN.match(m.source):
            problems.append(f"marker '{m.text}' names no source, or an invalid one: '{m.source}'")
        if m.id in seen_ids:
            problems.append(f"marker id '{m.id}' is defined twice")
        if m.retired and not RETIRED_BY.match(m.retired):
            problems.append(f"marker '{m.text}' is retired by '{m.retired}', which is not a task id")
        if m.text in seen_texts:
            problems.append(f"marker text '{m.text}' is defined twice")
        seen_ids.add(m.id)
        seen_texts.add(m.text)
    return problems


def render_header(registry: Registry) -> str:
    lines = [
        "/* Generated from gates/markers.yaml by `python3 -m gates markers-header`. Do not edit. */",
        "#ifndef CAIRN_MARKERS_H",
        "#define CAIRN_MARKERS_H",
        "",
    ]
    for m in registry.by_text().values():
        lines.append(f"/* {m.proves} (printed by {m.source}) */")
        lines.append(f'#define MARKER_{m.id.upper()} "{m.c_format()}"')
    lines += ["", "#endif /* CAIRN_MARKERS_H */", ""]
    return "\n".join(lines)


def write_header(out: Path, root: Path = Path(".")) -> None:
    """Write the header only when its text changes, so make rebuilds only what it must."""
    text = render_header(load(root))
    if out.exists() and out.read_text(encoding="utf-8") == text:
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python3 -m gates markers-header OUT.h", file=sys.stderr)
        return 2
    try:
        write_header(Path(argv[0]))
    except RegistryError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0
