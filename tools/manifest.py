#!/usr/bin/python3
"""Check a boot manifest at build time, with the rules init's libmanifest applies.

Reads a manifest in the line format of userspace/libmanifest/include/manifest.h,
turns it into the data form described by schemas/manifest.schema.json, validates
it against that schema (draft 2020-12, formats checked), then checks what a schema
cannot: a `serves` word missing from the service's handles, args= words taking
more bytes than a start block's share or beside more handles than the spawn
slots leave, names used twice, an endpoint served twice or used and served by
no one, a device given to two services, an `after` naming no service, and
dependency cycles. Each problem is printed as `path:line: message`; the exit
status is 1 if there was any. With --json the data form is printed on success;
--order prints the start order (after-lists first, ties by file order); --output
copies the checked text to a file, so a build step depends on the check having
passed; --handles-dir writes one C header per service, NAME_handles.h, whose enum
gives the index of each handle the service starts with ([0] itself, [1] the
supervisor, then its handles= in order) and a macro per max-* its line gives, so
a service's handle order and quota have the manifest as their one source.
--self-test runs the built-in cases.

Before any manifest is read, the vocabularies and bounds of manifest.h
(MANIFEST_HANDLE_WORDS, MANIFEST_RESTART_WORDS, MANIFEST_SERVICES_MAX,
MANIFEST_HANDLES_MAX, MANIFEST_ARGS_MAX, MANIFEST_ARGS_BYTES) are compared with
the schema's; the tool refuses to run
while they disagree, so C and schema cannot drift apart. This tool owns no rule
or word of its own: the keys, words and bounds come from the schema, the line
format and the order belong to libmanifest. It does not pack the boot image.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "manifest.schema.json"
HEADER = ROOT / "userspace" / "libmanifest" / "include" / "manifest.h"


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based; 1 for the manifest (or header) as a whole
    message: str


@dataclass
class Manifest:
    """The data form, and the line each service came from."""

    services: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        return {"services": self.services}


def _service_schema(schema: dict[str, Any]) -> dict[str, Any]:
    return schema["properties"]["services"]["items"]


def _lists(schema: dict[str, Any]) -> set[str]:
    """The keys whose values are comma lists: the array properties of the schema."""
    return {k for k, v in _service_schema(schema)["properties"].items() if v.get("type") == "array"}


def _endpoints(schema: dict[str, Any]) -> list[str]:
    """The endpoint words: what `serves` may name."""
    return [w for w in _service_schema(schema)["properties"]["serves"]["enum"] if w]


def _devices(schema: dict[str, Any]) -> list[str]:
    """The device words: each may be given to one service only (RFC-0018)."""
    return list(schema["$defs"]["device_word"]["enum"])


def _split_list(value: str) -> list[str]:
    return value.split(",") if value else []


def _parse_service(words: list[str], line: int, lists: set[str]) -> tuple[dict[str, Any] | None, Problem | None]:
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
        entry[key] = _split_list(value) if key in lists else value
    return entry, None


def parse_text(text: str, schema: dict[str, Any]) -> tuple[Manifest, list[Problem]]:
    """The line format as data; line faults the data form cannot hold are Problems."""
    manifest = Manifest()
    problems: list[Problem] = []
    lists = _lists(schema)
    for number, raw in enumerate(text.split("\n"), start=1):
        words = raw.partition("#")[0].split()
        if not words:
            continue
        if words[0] != "service":
            problems.append(Problem(number, f"expected 'service', not '{words[0]}'"))
            continue
        entry, problem = _parse_service(words[1:], number, lists)
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


def _serves_problems(manifest: Manifest) -> list[Problem]:
    """A served word must be one of the service's own handles."""
    return [
        Problem(line, f"serves '{entry['serves']}', which handles does not list")
        for entry, line in zip(manifest.services, manifest.lines)
        if entry["serves"] and entry["serves"] not in entry["handles"]
    ]


def _args_problems(manifest: Manifest, schema: dict[str, Any]) -> list[Problem]:
    """args= words fit a start block's share, and leave the block its spawn slot (RFC-0020)."""
    most_bytes = schema["$defs"]["args_bytes"]["const"]
    most_handles = _service_schema(schema)["properties"]["handles"]["maxItems"] - 1
    problems = []
    for entry, line in zip(manifest.services, manifest.lines):
        if "args" not in entry:
            continue
        if sum(len(word) + 1 for word in entry["args"]) > most_bytes:
            problems.append(Problem(line, f"args take more than {most_bytes} bytes with their NULs"))
        if len(entry["handles"]) > most_handles:
            problems.append(Problem(line, f"{len(entry['handles'])} handles; a service with args= "
                                          f"starts with at most {most_handles}"))
    return problems


def _endpoint_problems(manifest: Manifest, endpoints: list[str]) -> list[Problem]:
    """Each endpoint is served by one service at most, and every one listed by exactly one."""
    problems = []
    server: dict[str, str] = {}
    for entry, line in zip(manifest.services, manifest.lines):
        word = entry["serves"]
        if word in server:
            problems.append(Problem(line, f"'{word}' is served by '{server[word]}' already"))
        elif word:
            server[word] = entry["name"]
    for entry, line in zip(manifest.services, manifest.lines):
        for word in entry["handles"]:
            if word in endpoints and word not in server:
                problems.append(Problem(line, f"handle '{word}' names an endpoint no service serves"))
    return problems


def _device_problems(manifest: Manifest, devices: list[str]) -> list[Problem]:
    """One driver programs each device: a device word in a second service's handles."""
    problems = []
    owner: dict[str, str] = {}
    for entry, line in zip(manifest.services, manifest.lines):
        for word in entry["handles"]:
            if word in devices and word in owner:
                problems.append(Problem(line, f"'{word}' is given to '{owner[word]}' already"))
            elif word in devices:
                owner[word] = entry["name"]
    return problems


def _graph_problems(manifest: Manifest, schema: dict[str, Any]) -> list[Problem]:
    problems = []
    first: dict[str, int] = {}
    for entry, line in zip(manifest.services, manifest.lines):
        if entry["name"] in first:
            problems.append(Problem(line, f"service '{entry['name']}' already on line {first[entry['name']]}"))
        else:
            first[entry["name"]] = line
    problems += _endpoint_problems(manifest, _endpoints(schema))
    problems += _device_problems(manifest, _devices(schema))
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
    manifest, problems = parse_text(text, schema)
    if problems:
        return manifest, problems
    problems = _schema_problems(manifest, schema)
    if not problems:
        problems = _serves_problems(manifest) + _args_problems(manifest, schema)
    if not problems:
        problems = _graph_problems(manifest, schema)
    return manifest, problems


# manifest.h's side of the vocabulary: X-macro rows and the two bounds.
HANDLE_ROW = re.compile(r'X\(\s*(\w+)\s*,\s*"([^"]*)"\s*,\s*MANIFEST_(\w+)\s*\)')
RESTART_ROW = re.compile(r'X\(\s*(\w+)\s*,\s*"([^"]*)"\s*\)')
BOUND = re.compile(r"^#define\s+(MANIFEST_SERVICES_MAX|MANIFEST_HANDLES_MAX|MANIFEST_ARGS_MAX|"
                   r"MANIFEST_ARGS_BYTES)\s+(\d+)u?\b")


def _macro_rows(header: str, macro: str, row: re.Pattern[str]) -> tuple[int, list[tuple[str, ...]]]:
    """The line of `#define macro(X)` (0 if absent) and the X(...) rows of its body."""
    lines = header.split("\n")
    for number, text in enumerate(lines, start=1):
        if re.match(rf"#define\s+{macro}\(X\)", text):
            rows = []
            for body in lines[number - 1:]:
                rows += row.findall(body)
                if not body.rstrip().endswith("\\"):
                    return number, rows
    return 0, []


def _differ(line: int, what: str, c_side: list[str] | int, schema_side: list[str] | int) -> list[Problem]:
    if c_side == schema_side:
        return []
    return [Problem(line or 1, f"{what}: manifest.h has {c_side}, the schema {schema_side}")]


def drift_problems(header: str, schema: dict[str, Any]) -> list[Problem]:
    """Where manifest.h (its text) and the schema disagree; lines are the header's."""
    props = _service_schema(schema)["properties"]
    h_line, handles = _macro_rows(header, "MANIFEST_HANDLE_WORDS", HANDLE_ROW)
    r_line, restarts = _macro_rows(header, "MANIFEST_RESTART_WORDS", RESTART_ROW)
    bounds = {m.group(1): (n, int(m.group(2)))
              for n, text in enumerate(header.split("\n"), start=1) if (m := BOUND.match(text))}
    if not handles or not restarts or len(bounds) != 4:
        return [Problem(1, "cannot find MANIFEST_HANDLE_WORDS, MANIFEST_RESTART_WORDS and the four bounds")]
    s_line, s_max = bounds["MANIFEST_SERVICES_MAX"]
    k_line, k_max = bounds["MANIFEST_HANDLES_MAX"]
    a_line, a_max = bounds["MANIFEST_ARGS_MAX"]
    b_line, b_max = bounds["MANIFEST_ARGS_BYTES"]
    services = schema["properties"]["services"]
    return (_differ(h_line, "handle words", [w for _, w, _ in handles], props["handles"]["items"]["enum"])
            + _differ(h_line, "endpoint words", [w for _, w, c in handles if c == "ENDPOINT"],
                      _endpoints(schema))
            + _differ(h_line, "device words", [w for _, w, c in handles if c == "DEVICE"],
                      _devices(schema))
            + _differ(h_line, "serves may be empty", [""], props["serves"]["enum"][:1])
            + _differ(r_line, "restart words", [w for _, w in restarts], props["restart"]["enum"])
            + _differ(s_line, "services at most", s_max, services["maxItems"])
            + _differ(s_line, "after at most", s_max - 1, props["after"]["maxItems"])
            + _differ(k_line, "handles at most", k_max, props["handles"]["maxItems"])
            + _differ(a_line, "args at most", a_max, props["args"]["maxItems"])
            + _differ(b_line, "args bytes at most", b_max, schema["$defs"]["args_bytes"]["const"]))


def _svc(name: str, after: str = "", serves: str = "", handles: str = "", restart: str = "never") -> str:
    return f"service {name} program={name} restart={restart} after={after} serves={serves} handles={handles}"


SELF_TESTS: tuple[tuple[str, str, int, str], ...] = (
    # (name, text, line of the first problem (0: none), text in one of the messages)
    ("good", "# c\nservice a program=a restart=never after=b serves= handles=console,log\n"
     "service b program=b.v2 restart=on-crash after= handles=log serves=log\r\n", 0, ""),
    ("not service", "\nserve a program=a restart=never after= serves= handles=", 2, "expected 'service'"),
    ("no name", "service # x", 1, "without a name"),
    ("no equals", "service a program a", 1, "not key=value"),
    ("key twice", "service a program=a program=b restart=never after= serves= handles=", 1, "given twice"),
    ("unknown key", _svc("a") + " colour=red", 1, "colour"),
    ("missing key", "service a program=a after= serves= handles=", 1, "'restart' is a required property"),
    ("missing serves", "service a program=a restart=never after= handles=", 1, "'serves' is a required"),
    ("bad name", _svc("Ab"), 1, "service name"),
    ("long name", _svc("a" * 32), 1, "service name"),
    ("bad program", "service a program=a/b restart=never after= serves= handles=", 1, "program name"),
    ("bad restart", _svc("a", restart="sometimes"), 1, "restart"),
    ("bad handle", _svc("a", handles="tty"), 1, "handles.0"),
    ("handle twice", _svc("a", handles="console,console"), 1, "non-unique"),
    ("many handles", _svc("a", handles="console,bootimage,uart-mmio,uart-irq,registry,policy,log,uart"),
     1, "too long"),
    ("serves no endpoint", _svc("a", serves="console", handles="console"), 1, "serves"),
    ("serves unlisted", _svc("a", serves="log", handles="console"), 1, "which handles does not list"),
    ("served twice", _svc("a", serves="log", handles="log") + "\n" + _svc("b", serves="log", handles="log"),
     2, "'log' is served by 'a' already"),
    ("unserved", _svc("a", serves="log", handles="log") + "\n" + _svc("b", handles="log,uart"),
     2, "handle 'uart' names an endpoint no service serves"),
    ("device twice", _svc("a", handles="blk-mmio") + "\n" + _svc("b", handles="uart-irq,blk-mmio"),
     2, "'blk-mmio' is given to 'a' already"),
    ("empty item", "service a program=a restart=never after=,a serves= handles=", 1, "after.0"),
    ("no services", "# nothing\n", 1, "too short"),
    ("duplicate", _svc("a") + "\n" + _svc("a"), 2, "already on line 1"),
    ("unknown after", _svc("a", after="zz"), 1, "not a service"),
    ("self cycle", _svc("a", after="a"), 1, "cycle: a -> a"),
    ("cycle", _svc("t", after="q") + "\n" + _svc("p", after="q") + "\n" + _svc("q", after="p"),
     3, "cycle: q -> p -> q"),
    ("args", _svc("a") + " args=alpha,beta-2,x=y\n" + _svc("b") + " args=", 0, ""),
    ("empty arg", _svc("a") + " args=a,,b", 1, "args.1"),
    ("arg with a space byte", _svc("a") + " args=a\x01", 1, "args.0"),
    ("many args", _svc("a") + " args=" + ",".join("a" * 17), 1, "args: ["),
    ("long args", _svc("a") + " args=" + "w" * 128, 1, "args take more than 128 bytes"),
    ("args leave a slot", _svc("a", serves="log", handles="console,bootimage,uart-mmio,uart-irq,"
                                                        "registry,policy,log") + " args=\n"
     + _svc("r", serves="registry", handles="registry") + "\n" + _svc("p", serves="policy", handles="policy"),
     1, "7 handles; a service with args= starts with at most 6"),
)

# (name, (old, new) edit of the real manifest.h, text in the drift message); each must be found.
DRIFT_TESTS: tuple[tuple[str, tuple[str, str], str], ...] = (
    ("word renamed", ('"uart-irq"', '"uart-interrupt"'), "handle words"),
    ("word dropped", ('X(UART, "uart", MANIFEST_ENDPOINT)', ""), "handle words"),
    ("class changed", ('X(LOG, "log", MANIFEST_ENDPOINT)', 'X(LOG, "log", MANIFEST_KERNEL)'),
     "endpoint words"),
    ("device class changed", ('X(BLK_IRQ, "blk-irq", MANIFEST_DEVICE)', 'X(BLK_IRQ, "blk-irq", MANIFEST_KERNEL)'),
     "device words"),
    ("restart renamed", ('"on-crash"', '"on-fault"'), "restart words"),
    ("services bound", ("MANIFEST_SERVICES_MAX 31u", "MANIFEST_SERVICES_MAX 32u"), "services at most"),
    ("handles bound", ("MANIFEST_HANDLES_MAX  7u", "MANIFEST_HANDLES_MAX  8u"), "handles at most"),
    ("args bound", ("MANIFEST_ARGS_MAX     16u", "MANIFEST_ARGS_MAX     17u"), "args at most"),
    ("args bytes bound", ("MANIFEST_ARGS_BYTES   128u", "MANIFEST_ARGS_BYTES   129u"), "args bytes at most"),
)


def self_test(schema: dict[str, Any], header: str) -> int:
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
    if drift_problems(header, schema):
        print(f"self-test drift: the real header drifts: {drift_problems(header, schema)}", file=sys.stderr)
        failed += 1
    for name, (old, new), needle in DRIFT_TESTS:
        problems = drift_problems(header.replace(old, new), schema) if old in header else []
        if not any(needle in p.message for p in problems):
            print(f"self-test drift {name}: got {problems}, wanted '{needle}'", file=sys.stderr)
            failed += 1
    total = len(SELF_TESTS) + 2 + len(DRIFT_TESTS)
    print(f"manifest.py self-test: {total - failed} passed, {failed} failed")
    return 1 if failed else 0


def _check_file(path: Path, schema: dict[str, Any]) -> tuple[str, Manifest] | None:
    """The text and data of a manifest file, or None after printing its problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{path}:1: cannot read: {exc}", file=sys.stderr)
        return None
    manifest, problems = check_text(text, schema)
    for problem in problems:
        print(f"{path}:{problem.line}: {problem.message}", file=sys.stderr)
    return None if problems else (text, manifest)


def handles_header(service: dict[str, Any]) -> str:
    """The C header naming the indices of `service`'s initial handles, from its manifest line,
    and the quota kinds the line gives (max-KIND as IDENT_MAX_KIND), so a service can check at
    build time that its quota holds what it gives out of it (the shell's programs)."""
    name = service["name"]
    ident = re.sub(r"[^a-z0-9]", "_", name)
    words = ["self", "supervisor", *service["handles"], *(["start"] if "args" in service else [])]
    rows = [f"\tH_{re.sub(r'[^A-Za-z0-9]', '_', w).upper()} = {i}," for i, w in enumerate(words)]
    quota = [f"#define {ident.upper()}_{key.upper().replace('-', '_')} {service[key]}u"
             for key in sorted(service) if key.startswith("max-")]
    guard = f"CAIRN_GEN_{ident.upper()}_HANDLES_H"
    return "\n".join([
        f"/* Generated by tools/manifest.py from the boot manifest's `{name}` line. Do not edit. */",
        f"#ifndef {guard}", f"#define {guard}", "",
        f"/* {name}'s initial handles: [0] itself, [1] the supervisor, then handles= in order"
        f"{' and its start block' if 'args' in service else ''}. */",
        f"enum {ident}_handle {{", *rows, f"\tH_COUNT = {len(words)},", "};", "",
        *([f"/* The quota init gives {name}, of the kinds its line names (max-*). */", *quota, ""]
          if quota else []),
        f"#endif /* {guard} */", ""])


def write_handles(directory: Path, manifest: Manifest) -> None:
    """One header per service; a file is rewritten only when its text changes."""
    directory.mkdir(parents=True, exist_ok=True)
    for service in manifest.services:
        path = directory / f"{service['name']}_handles.h"
        text = handles_header(service)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def _shown(path: Path) -> str:
    """A path as the repository names it, when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check a Cairn boot manifest (line format) against schemas/manifest.schema.json "
        "and the dependency rules; print problems as path:line: message.")
    parser.add_argument("manifest", nargs="?", type=Path, help="the manifest text file")
    parser.add_argument("--json", action="store_true", help="print the data form on success")
    parser.add_argument("--order", action="store_true", help="print the start order on success")
    parser.add_argument("--output", type=Path, help="on success, copy the manifest text here")
    parser.add_argument("--handles-dir", type=Path,
                        help="on success, write NAME_handles.h for every service into this directory")
    parser.add_argument("--self-test", action="store_true", help="run the built-in cases and exit")
    args = parser.parse_args(argv)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    header = HEADER.read_text(encoding="utf-8")
    if args.self_test:
        return self_test(schema, header)
    drift = drift_problems(header, schema)
    for problem in drift:
        print(f"{_shown(HEADER)}:{problem.line}: {problem.message} ({_shown(SCHEMA)})", file=sys.stderr)
    if args.manifest is None:
        parser.error("a manifest path is required unless --self-test is given")
    checked = None if drift else _check_file(args.manifest, schema)
    if checked is None:
        return 1
    text, manifest = checked
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    if args.handles_dir is not None:
        write_handles(args.handles_dir, manifest)
    if args.json:
        print(json.dumps(manifest.data(), indent=2))
    if args.order:
        order = start_order(manifest)
        print(" ".join(order) if isinstance(order, list) else order.message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
