"""The gate's YAML data files: marker registry, QEMU proof profiles, governance settings,
scope exceptions, layering rules, the benchmark record and the fuzz coverage floors.

This module owns reading each data file with line numbers, validating it against its
schema, and the rules the schema cannot express (a profile's name is its file stem,
deadlines do not decrease, every profile marker is registered, every profile the
governance data requires exists, {name} captures are bound).
It also gathers the marker facts the task rules need. It does not interpret the files for
their own stages (booting QEMU, scope or layering checks); those stages do.

gates/markers.yaml and at least one profile must exist; the other files are checked only
once they exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gates import gitutil, markers
from gates.contracts_docs import date_findings
from gates.contracts_links import MarkerFacts
from gates.contracts_schema import SchemaSet, show
from gates.findings import Finding
from gates.frontmatter import Document, FrontMatterError, parse_data

REGISTRY = markers.REGISTRY.as_posix()
PROFILES = "gates/profiles"

_CAPTURE = re.compile(r"\{([^{}]*)\}")
_CAPTURE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # as gates/globs.py reads them
_QUOTED = re.compile(r"'([^']*)'")


def check_data(root: Path, schemas: SchemaSet) -> tuple[list[Finding], MarkerFacts]:
    """Every data-file rule, and the marker facts (registered texts, profile-required texts)."""
    findings, registry, retired = _check_registry(root, schemas)
    profile_findings, required = _check_profiles(root, schemas, registry, retired)
    findings += profile_findings
    optional: tuple[tuple[str, str, Callable[[Document], list[Finding]]], ...] = (
        ("gates/governance.yaml", "governance", lambda doc: _required_profiles(root, doc)),
        ("gates/scope-exceptions.yaml", "scope-exceptions", _exception_rules),
        ("gates/layering.yaml", "layering", _layering_rules),
        ("gates/bench.yaml", "bench", lambda doc: []),
        ("gates/fuzz-floors.yaml", "fuzz-floors", lambda doc: []),
    )
    for rel, schema, rules in optional:
        if _tracked(root, rel):
            doc, problems = _read(root, rel)
            findings += problems
            if doc is not None:
                findings += date_findings(doc) + schemas.validate(schema, doc) + rules(doc)
    return findings, MarkerFacts(registry, frozenset(required), retired)


def _tracked(root: Path, pathspec: str) -> list[str]:
    """The files git tracks under `pathspec`: an untracked data file is not read."""
    try:
        return gitutil.tracked_files(root, pathspec)
    except gitutil.GitError:
        return []  # contracts_docs reports that git cannot answer


def _read(root: Path, rel: str) -> tuple[Document | None, list[Finding]]:
    try:
        return parse_data((root / rel).read_text(encoding="utf-8"), rel), []
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Finding(rel, 1, f"cannot read the file: {exc}")]
    except FrontMatterError as exc:
        return None, [exc.finding]


def _entries(doc: Document, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, item) for each mapping in the list under `key`; other shapes are skipped."""
    items = doc.data.get(key)
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield i, item


def _check_registry(root: Path, schemas: SchemaSet
                    ) -> tuple[list[Finding], frozenset[str] | None, frozenset[str]]:
    """The registry's findings, its live marker texts (None when unreadable) and its retired ones."""
    if not _tracked(root, REGISTRY):
        return [Finding(REGISTRY, 1, "the marker registry is missing; it must define every "
                                     "marker that tasks and profiles name")], None, frozenset()
    doc, problems = _read(root, REGISTRY)
    if doc is None:
        return problems, None, frozenset()
    entries = [m for _, m in _entries(doc, "markers") if isinstance(m.get("text"), str)]
    texts = frozenset(m["text"] for m in entries if not m.get("retired"))
    retired = frozenset(m["text"] for m in entries if m.get("retired"))
    problems = date_findings(doc) + schemas.validate("markers", doc)
    if problems:
        return problems, texts, retired
    return _registry_rules(root, doc), texts, retired


def _registry_rules(root: Path, doc: Document) -> list[Finding]:
    """The registry's own rules, as gates/markers.py states them, once the shape is right."""
    try:
        re.compile(doc.data["convention"])
    except re.error as exc:
        return [Finding(REGISTRY, doc.line_of(("convention",)),
                        f"convention is not a valid regular expression: {exc}")]
    try:
        markers.load(root)
    except markers.RegistryError as exc:
        return [_registry_finding(doc, line) for line in str(exc).splitlines()]
    return []


def _registry_finding(doc: Document, line: str) -> Finding:
    """A `path:line: problem` line from gates/markers.py, placed at the entry it quotes."""
    match = re.match(r"^.*?:\d+: (.*)$", line)
    problem = match.group(1) if match else line
    place = doc.start_line
    for quoted in _QUOTED.findall(problem):
        for i, entry in _entries(doc, "markers"):
            for key in ("id", "text"):
                if entry.get(key) == quoted:
                    place = doc.line_of(("markers", i, key))  # the last one: a repeat
    return Finding(REGISTRY, place, problem)


def _check_profiles(root: Path, schemas: SchemaSet, registry: frozenset[str] | None,
                    retired: frozenset[str]) -> tuple[list[Finding], set[str]]:
    paths = [root / rel for rel in _tracked(root, PROFILES) if re.fullmatch(rf"{PROFILES}/[^/]*\.yaml", rel)]
    if not paths:
        return [Finding(PROFILES, 1, "no QEMU proof profile; at least one "
                                     f"{PROFILES}/NAME.yaml must exist")], set()
    findings: list[Finding] = []
    required: set[str] = set()
    for path in paths:
        doc, problems = _read(root, f"{PROFILES}/{path.name}")
        findings += problems
        if doc is None:
            continue
        findings += date_findings(doc) + schemas.validate("profile", doc)
        findings += _profile_rules(doc, path.stem, registry, retired)
        required.update(m["text"] for _, m in _entries(doc, "markers")
                        if isinstance(m.get("text"), str))
    return findings, required


def _profile_rules(doc: Document, stem: str, registry: frozenset[str] | None,
                   retired: frozenset[str]) -> list[Finding]:
    findings = []
    name = doc.data.get("name")
    if isinstance(name, str) and name != stem:
        findings.append(Finding(doc.path, doc.line_of(("name",)),
                                f"name '{name}' does not match the file name; expected '{stem}'"))
    seen: dict[str, int] = {}
    previous: float | None = None
    for i, marker in _entries(doc, "markers"):
        text, deadline = marker.get("text"), marker.get("deadline")
        if isinstance(text, str):
            line = doc.line_of(("markers", i, "text"))
            if text in retired:
                findings.append(Finding(doc.path, line, f"markers[{i}].text '{text}' is retired "
                                                        f"in {REGISTRY}; no boot prints it"))
            elif registry is not None and text not in registry:
                findings.append(Finding(doc.path, line, f"markers[{i}].text '{text}' is not "
                                                        f"in the marker registry {REGISTRY}"))
            if text in seen:
                findings.append(Finding(doc.path, line, f"markers[{i}].text '{text}' is "
                                                        f"already listed as markers[{seen[text]}]"))
            seen.setdefault(text, i)
        if isinstance(deadline, (int, float)) and not isinstance(deadline, bool):
            if previous is not None and deadline < previous:
                findings.append(Finding(doc.path, doc.line_of(("markers", i, "deadline")),
                                        f"markers[{i}].deadline {deadline} is earlier than "
                                        f"{previous} above it; deadlines must not decrease "
                                        "down the list"))
            previous = deadline
    return findings


def _required_profiles(root: Path, doc: Document) -> list[Finding]:
    """Each profile the governance data requires exists, so deleting one fails here."""
    names = doc.data.get("required_profiles")
    tracked = set(_tracked(root, PROFILES))  # a profile git does not track proves nothing
    findings = []
    for i, name in enumerate(names if isinstance(names, list) else []):
        if isinstance(name, str) and f"{PROFILES}/{name}.yaml" not in tracked:
            findings.append(Finding(doc.path, doc.line_of(("required_profiles", i)),
                                    f"required_profiles[{i}] {show(name)} names no profile: "
                                    f"{PROFILES}/{name}.yaml is missing"))
    return findings


def _exception_rules(doc: Document) -> list[Finding]:
    findings = []
    seen: dict[str, int] = {}
    for i, entry in _entries(doc, "exceptions"):
        commit = entry.get("commit")
        if isinstance(commit, str) and commit in seen:
            findings.append(Finding(doc.path, doc.line_of(("exceptions", i, "commit")),
                                    f"exceptions[{i}].commit {show(commit)} is already "
                                    f"excepted by exceptions[{seen[commit]}]"))
        if isinstance(commit, str):
            seen.setdefault(commit, i)
    return findings


def _layering_rules(doc: Document) -> list[Finding]:
    findings = []
    names: dict[str, int] = {}
    for i, rule in _entries(doc, "rules"):
        name = rule.get("name")
        if isinstance(name, str) and name in names:
            findings.append(Finding(doc.path, doc.line_of(("rules", i, "name")),
                                    f"rules[{i}].name '{name}' is already used by "
                                    f"rules[{names[name]}]"))
        if isinstance(name, str):
            names.setdefault(name, i)
        findings += _capture_rules(doc, i, rule)
    return findings


def _capture_rules(doc: Document, i: int, rule: dict[str, Any]) -> list[Finding]:
    """{name} captures: well formed everywhere, bound once in 'from', bound before use."""
    source = rule.get("from")
    if not isinstance(source, str):
        return []
    findings = [Finding(doc.path, doc.line_of(("rules", i, "from")), f"rules[{i}].from {p}")
                for p in _capture_problems(source)]
    bound = _CAPTURE.findall(source)
    for twice in sorted({n for n in bound if bound.count(n) > 1}):
        findings.append(Finding(doc.path, doc.line_of(("rules", i, "from")),
                                f"rules[{i}].from '{source}' binds {{{twice}}} more than once"))
    for key in ("allow", "deny"):
        globs = rule.get(key)
        for j, glob in enumerate(globs if isinstance(globs, list) else []):
            if not isinstance(glob, str):
                continue
            line = doc.line_of(("rules", i, key, j))
            findings += [Finding(doc.path, line, f"rules[{i}].{key}[{j}] {p}")
                         for p in _capture_problems(glob)]
            for unbound in sorted(set(_CAPTURE.findall(glob)) - set(bound)):
                findings.append(Finding(doc.path, line, f"rules[{i}].{key}[{j}] '{glob}' uses "
                                        f"{{{unbound}}}, which from '{source}' does not bind"))
    return findings


def _capture_problems(glob: str) -> list[str]:
    problems = []
    rest = _CAPTURE.sub("", glob)
    if "{" in rest or "}" in rest:
        problems.append(f"'{glob}' has a brace that does not close a {{name}} capture")
    for name in _CAPTURE.findall(glob):
        if not _CAPTURE_NAME.fullmatch(name):
            problems.append(f"'{glob}' has capture {{{name}}}; a capture is a name of "
                            "letters, digits and '_' such as {service}")
    return problems
