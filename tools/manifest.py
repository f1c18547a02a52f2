#!/usr/bin/python3
"""Check a boot manifest at build time, with the rules init's libmanifest applies.

Reads a manifest in the line format of userspace/libmanifest/include/manifest.h,
turns it into the data form described by schemas/manifest.schema.json, validates
it against that schema (draft 2020-12, formats checked), then checks what a schema
cannot: names used twice, an `after` naming no service, and dependency cycles.
Each problem is printed as `path:line: message`; the exit status is 1 if there was
any. With --json the data form is printed on success; --order prints the start
order (after-lists first, ties by file order). --self-test runs the built-in cases.

This tool owns no rule of its own: the line format and the order belong to
libmanifest, the data shape to the schema. It does not pack the boot image.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "manifest.schema.json"
KEYS = ("program", "restart", "after", "handles")
LISTS = ("after", "handles")
SPACE = " \t\r"


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based; 1 for the manifest as a whole
    message: str


@dataclass
class Manifest:
    """The data form, and the line each service came from."""

    services: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        return {"services": self.services}


def _split_list(value: str) -> list[str]:
    return value.split(",") if value else []


def _parse_service(words: list[str], line: int) -> tuple[dict[str, Any] | None, Problem | None]:
    """One `service NAME key=value...` line (words after `service`) as a data-form entry."""
    if not words:
        return None, Problem(line, "service without a name")
    entry: dict[str, Any] = {"name": words[0]}
    for word in words[1:]:
        key, eq, value = word.partition("=")
        if not eq:
            return None, Problem(line, f"field '{word}' is not key=value")
        if key in entry:
            return None, Problem(line, f"key '{key}' given twice")
        entry[key] = _split_list(value) if key in LISTS else value
    return entry, None


def parse_text(text: str) -> tuple[Manifest, list[Problem]]:
    """The line format as data; line faults the data form cannot hold are Problems."""
    manifest = Manifest()
    problems: list[Problem] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        words = raw.partition("#")[0].split()
        if not words:
            continue
        if words[0] != "service":
            problems.append(Problem(number, f"expected 'service', not '{words[0]}'"))
            continue
        entry, problem = _parse_service(words[1:], number)
        if problem is not None:
            problems.append(problem)
        elif entry is not None:
            manifest.services.append(entry)
            manifest.lines.append(number)
    return manifest, problems


def _schema_problems(manifest: Manifest, schema: dict[str, Any]) -> list[Problem]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    problems = []
    for error in sorted(validator.iter_errors(manifest.data()), key=lambda e: list(e.path)):
        path = list(error.path)
        line = manifest.lines[path[1]] if len(path) >= 2 else 1
        where = ".".join(str(p) for p in path[2:])
        hint = error.schema.get("description") if isinstance(error.schema, dict) else None
        message = f"{where}: {error.message}" if where else error.message
        problems.append(Problem(line, f"{message} ({hint})" if hint else message))
    return problems


def _graph_problems(manifest: Manifest) -> list[Problem]:
    problems = []
    first: dict[str, int] = {}
    for entry, line in zip(manifest.services, manifest.lines):
        if entry["name"] in first:
            problems.append(Problem(line, f"service '{entry['name']}' already on line {first[entry['name']]}"))
        else:
            first[entry["name"]] = line
    for entry, line in zip(manifest.services, manifest.lines):
        for dep in entry["after"]:
            if dep not in first:
                problems.append(Problem(line, f"after names '{dep}', which is not a service"))
    if problems:
        return problems
    order = start_order(manifest)
    return [order] if isinstance(order, Problem) else []


def start_order(manifest: Manifest) -> list[str] | Problem:
    """Service names in start order, or a Problem naming a cycle, as libmanifest finds them."""
    names = [s["name"] for s in manifest.services]
    deps = [{names.index(d) for d in s["after"]} for s in manifest.services]
    started: set[int] = set()
    order: list[str] = []
    while len(order) < len(names):
        ready = [i for i in range(len(names)) if i not in started and deps[i] <= started]
        if not ready:
            return _cycle(manifest, deps, started)
        started.add(ready[0])
        order.append(names[ready[0]])
    return order


def _cycle(manifest: Manifest, deps: list[set[int]], started: set[int]) -> Problem:
    # Every waiting service waits on another waiting one, so the walk from the first
    # waiting service along its first waiting dependency comes back onto its path.
    path: list[int] = []
    cur = min(i for i in range(len(deps)) if i not in started)
    while cur not in path:
        path.append(cur)
        cur = min(deps[cur] - started)
    ring = path[path.index(cur):] + [cur]
    names = " -> ".join(manifest.services[i]["name"] for i in ring)
    return Problem(manifest.lines[cur], f"dependency cycle: {names}")


def check_text(text: str, schema: dict[str, Any]) -> tuple[Manifest, list[Problem]]:
    """Every problem of the manifest text, line faults first, as libmanifest finds them."""
    manifest, problems = parse_text(text)
    if problems:
        return manifest, problems
    problems = _schema_problems(manifest, schema)
    if not problems:
        problems = _graph_problems(manifest)
    return manifest, problems


SELF_TESTS: tuple[tuple[str, str, int, str], ...] = (
    # (name, text, line of the first problem (0: none), text in one of the messages)
    ("good", "# c\nservice a program=a restart=never after=b handles=console,log\n"
     "service b program=b.v2 restart=on-crash after= handles=\r\n", 0, ""),
    ("not service", "\nserve a program=a restart=never after= handles=", 2, "expected 'service'"),
    ("no name", "service # x", 1, "without a name"),
    ("no equals", "service a program a", 1, "not key=value"),
    ("key twice", "service a program=a program=b restart=never after= handles=", 1, "given twice"),
    ("unknown key", "service a program=a restart=never after= handles= colour=red", 1, "colour"),
    ("missing key", "service a program=a after= handles=", 1, "'restart' is a required property"),
    ("bad name", "service Ab program=a restart=never after= handles=", 1, "service name"),
    ("long name", f"service {'a' * 32} program=a restart=never after= handles=", 1, "service name"),
    ("bad program", "service a program=a/b restart=never after= handles=", 1, "program name"),
    ("bad restart", "service a program=a restart=sometimes after= handles=", 1, "restart"),
    ("bad handle", "service a program=a restart=never after= handles=tty", 1, "handles.0"),
    ("handle twice", "service a program=a restart=never after= handles=log,log", 1, "non-unique"),
    ("many handles", "service a program=a restart=never after= handles=" + ",".join(["log"] * 9), 1,
     "too long"),
    ("empty item", "service a program=a restart=never after=,a handles=", 1, "after.0"),
    ("no services", "# nothing\n", 1, "too short"),
    ("duplicate", "service a program=a restart=never after= handles=\n"
     "service a program=a restart=never after= handles=", 2, "already on line 1"),
    ("unknown after", "service a program=a restart=never after=zz handles=", 1, "not a service"),
    ("self cycle", "service a program=a restart=never after=a handles=", 1, "cycle: a -> a"),
    ("cycle", "service t program=t restart=never after=q handles=\n"
     "service p program=p restart=never after=q handles=\n"
     "service q program=q restart=never after=p handles=", 3, "cycle: q -> p -> q"),
)


def self_test(schema: dict[str, Any]) -> int:
    failed = 0
    for name, text, line, needle in SELF_TESTS:
        _, problems = check_text(text, schema)
        got_line = problems[0].line if problems else 0
        found = not problems or any(needle in p.message for p in problems)
        if got_line != line or not found:
            print(f"self-test {name}: got {problems}, wanted line {line} with '{needle}'",
                  file=sys.stderr)
            failed += 1
    manifest, _ = check_text(SELF_TESTS[0][1], schema)
    if start_order(manifest) != ["b", "a"]:
        print(f"self-test order: got {start_order(manifest)}", file=sys.stderr)
        failed += 1
    print(f"manifest.py self-test: {len(SELF_TESTS) + 1 - failed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check a Cairn boot manifest (line format) against schemas/manifest.schema.json "
        "and the dependency rules; print problems as path:line: message.")
    parser.add_argument("manifest", nargs="?", type=Path, help="the manifest text file")
    parser.add_argument("--json", action="store_true", help="print the data form on success")
    parser.add_argument("--order", action="store_true", help="print the start order on success")
    parser.add_argument("--self-test", action="store_true", help="run the built-in cases and exit")
    args = parser.parse_args(argv)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    if args.self_test:
        return self_test(schema)
    if args.manifest is None:
        parser.error("a manifest path is required unless --self-test is given")
    try:
        text = args.manifest.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.manifest}:1: cannot read: {exc}", file=sys.stderr)
        return 1
    manifest, problems = check_text(text, schema)
    for problem in problems:
        print(f"{args.manifest}:{problem.line}: {problem.message}", file=sys.stderr)
    if problems:
        return 1
    if args.json:
        print(json.dumps(manifest.data(), indent=2))
    if args.order:
        order = start_order(manifest)
        print(" ".join(order) if isinstance(order, list) else order.message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
