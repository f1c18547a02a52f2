"""YAML with source lines: the front matter of contract files, and whole YAML data files.

This module owns turning text into plain values (dict, list, str, int, float, bool, None)
while remembering the source line of every key and list item, so that a later check can
point at the exact line it objects to. Values are built from `yaml.compose` nodes rather
than `yaml.safe_load`, because only nodes carry their positions.

It does not judge the values; gates/contracts*.py does. Anything it cannot turn into a
mapping raises FrontMatterError, which carries the Finding to report.

Dates are handled on purpose: YAML reads an unquoted 2026-11-01 as a date object, which
no JSON schema can describe. Such a scalar is kept as its source text and its key path is
listed in Document.implicit_dates, so the contract check can say "write the date quoted"
instead of a confusing type error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gates.findings import Finding

FENCE = "---"

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_TIMESTAMP = _TAG + "timestamp"
_PLAIN_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null"))

# Aliases can make a tiny file expand into a huge value; no contract needs more nodes.
_NODE_BUDGET = 100_000


class FrontMatterError(Exception):
    """The text has no usable YAML mapping; `finding` says where and why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding


@dataclass(frozen=True)
class Document:
    """A parsed file: its YAML mapping, the body after it, and where everything came from.

    `lines` maps a key path such as ("proof", "markers", 0) to the 1-based line of that key
    or list item. `start_line` is the opening '---' line (1 for whole-file YAML).
    `implicit_dates` lists the key paths whose value was an unquoted date; their value in
    `data` is the source text, a str.
    """

    path: str
    data: dict[str, Any]
    body: str
    body_line: int
    start_line: int = 1
    lines: Mapping[KeyPath, int] = field(default_factory=dict)
    implicit_dates: tuple[KeyPath, ...] = ()

    def line_of(self, keypath: KeyPath) -> int:
        """The line of `keypath`, else of its nearest parent that has one, else start_line."""
        for end in range(len(keypath), 0, -1):
            line = self.lines.get(tuple(keypath[:end]))
            if line is not None:
                return line
        return self.start_line


def parse(text: str, path: str) -> Document:
    """Split `text` into front matter (between '---' lines at the top) and body.

    Raises FrontMatterError when the block is missing or unterminated, when the YAML
    does not parse, or when it is not a mapping.
    """
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FENCE:
        raise _error(path, 1, "no front matter: the file must begin with a '---' line, "
                              "then YAML keys, then a closing '---' line")
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE), None)
    if close is None:
        raise _error(path, 1, "the front matter opened on line 1 is never closed "
                              "by a '---' line")
    data, where, dates = _load_mapping("".join(lines[1:close]), path, 2, "front matter")
    return Document(path=path, data=data, body="".join(lines[close + 1:]),
                    body_line=close + 2, start_line=1, lines=where, implicit_dates=dates)


def parse_data(text: str, path: str) -> Document:
    """Read a whole YAML data file that must hold one mapping; the body is empty."""
    text = text.removeprefix("\ufeff")
    data, where, dates = _load_mapping(text, path, 1, "the file")
    return Document(path=path, data=data, body="", body_line=len(text.splitlines()) + 1,
                    start_line=1, lines=where, implicit_dates=dates)


def _error(path: str, line: int, message: str) -> FrontMatterError:
    return FrontMatterError(Finding(path, line, message))


def _load_mapping(yaml_text: str, path: str, first_line: int,
                  what: str) -> tuple[dict[str, Any], dict[KeyPath, int], tuple[KeyPath, ...]]:
    """Compose `yaml_text` (which starts on file line `first_line`) into a mapping."""
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        problem = exc.problem or exc.context or "unreadable YAML"
        raise _error(path, line, f"YAML syntax error: {problem}") from exc
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines() or ["unreadable YAML"]
        raise _error(path, first_line, f"YAML error: {first[0]}") from exc
    if not isinstance(node, MappingNode):
        found = "empty" if node is None else _node_kind(node)
        raise _error(path, max(first_line - 1, 1),
                     f"{what} must be a mapping of keys to values, but it is {found}")
    builder = _Builder(path, first_line)
    data = builder.value(node, ())
    return data, builder.lines, tuple(builder.dates)


def _node_kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the single value '{node.value}'"


class _Builder:
    """Turns one composed node tree into plain values, recording lines as it goes."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.lines: dict[KeyPath, int] = {}
        self.dates: list[KeyPath] = []
        self.constructor = SafeConstructor()
        self.active: set[int] = set()
        self.budget = _NODE_BUDGET

    def line(self, node: Node) -> int:
        return self.first_line + node.start_mark.line

    def value(self, node: Node, keypath: KeyPath) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _error(self.path, self.line(node), "YAML expands to too many values")
        if id(node) in self.active:
            raise _error(self.path, self.line(node), "YAML alias refers to itself")
        self.active.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self.mapping(node, keypath)
            if isinstance(node, SequenceNode):
                return self.sequence(node, keypath)
            return self.scalar(node, keypath)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: MappingNode, keypath: KeyPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _error(self.path, self.line(key_node),
                             "a key must be a plain word, not a list or mapping")
            # Keys are taken as written: `true:` or `1:` become the keys 'true' and '1'.
            key = str(key_node.value)
            if key in first_seen:
                raise _error(self.path, self.line(key_node),
                             f"key '{key}' appears twice (first on line {first_seen[key]})")
            first_seen[key] = self.line(key_node)
            self.lines[keypath + (key,)] = self.line(key_node)
            out[key] = self.value(value_node, keypath + (key,))
        return out

    def sequence(self, node: SequenceNode, keypath: KeyPath) -> list[Any]:
        items = []
        for index, item in enumerate(node.value):
            self.lines[keypath + (index,)] = self.line(item)
            items.append(self.value(item, keypath + (index,)))
        return items

    def scalar(self, node: ScalarNode, keypath: KeyPath) -> Any:
        if node.tag == _TIMESTAMP:
            self.dates.append(keypath)
            return str(node.value)
        if node.tag not in _PLAIN_TAGS:
            raise _error(self.path, self.line(node),
                         f"unsupported YAML tag '{node.tag}'; write a plain value")
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            raise _error(self.path, self.line(node), f"cannot read value: {exc}") from exc
