"""Contract documents one at a time: finding them, reading them, and the rules each must keep.

This module owns the three kinds of contract (task, RFC, ADR) and what can be judged by
looking at a single file: where it lives and how it is named, that its front matter
parses and fits its schema, that its id matches its file name, and that its body has
the sections its kind requires, and that a done task shows its evidence. Rules across
files (links, cycles, numbers used twice, markers) live in gates/contracts_links.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gates import gitutil
from gates.contracts_schema import SchemaSet, where
from gates.findings import Finding
from gates.frontmatter import Document, FrontMatterError, parse


@dataclass(frozen=True)
class Kind:
    """One kind of contract: its name (also its schema's), id prefix, directory and
    required body sections."""

    name: str
    prefix: str
    directory: str
    sections: tuple[str, ...]

    def id_pattern(self) -> re.Pattern[str]:
        return re.compile(rf"{self.prefix}-[0-9]{{4}}")


TASK = Kind("task", "TASK", "tasks", ("Goal", "Non-goals", "Stop conditions", "Evidence"))
RFC = Kind("rfc", "RFC", "rfcs", ("Summary",))
ADR = Kind("adr", "ADR", "adr", ("Context", "Decision", "Consequences"))
KINDS = (TASK, RFC, ADR)
KIND_BY_ID_PREFIX = {k.prefix: k for k in KINDS}

FILE_NAME = re.compile(r"^(TASK|RFC|ADR)-([0-9]{4})-[a-z0-9]+(-[a-z0-9]+)*\.md$")
README = "README.md"
_FENCE = re.compile(r"^\s*(```|~~~)")
EVIDENCE = "Evidence"
TEMPLATE = Path(__file__).resolve().parent / "templates" / "task.md"
# Evidence texts that say nothing: the task template's, and the one new tasks are opened with.
PLACEHOLDERS = ("To be filled in when the work is done.",)


@dataclass(frozen=True)
class Contract:
    """A contract file whose front matter parsed. `number` is None if the name is malformed."""

    kind: Kind
    path: str
    number: str | None
    doc: Document

    @property
    def file_id(self) -> str | None:
        """The id the file name gives, such as TASK-0007."""
        return f"{self.kind.prefix}-{self.number}" if self.number else None


@dataclass(frozen=True)
class Loaded:
    """The readable contracts of one kind, and what went wrong finding or reading the rest."""

    contracts: tuple[Contract, ...]
    findings: tuple[Finding, ...]


def load_kind(root: Path, kind: Kind, tracked_only: bool = True) -> Loaded:
    """Read every entry git tracks in kind's directory (none: nothing), sorted by name.

    Untracked files are never read, so a contract that leans on one fails here as it
    would on a fresh clone (gitutil.tracked_files). With tracked_only False, every entry
    on disk is read instead: a view for a person (the task board), never a judgement.
    """
    try:
        names = _tracked_names(root, kind) if tracked_only else _names_on_disk(root, kind)
    except gitutil.GitError as exc:
        return Loaded((), (Finding(kind.directory, 1, f"cannot ask git which files are tracked: {exc}"),))
    contracts: list[Contract] = []
    findings: list[Finding] = []
    for name in names:
        entry = root / kind.directory / name
        rel = f"{kind.directory}/{name}"
        if entry.name == README and entry.is_file():
            continue
        if not (entry.is_file() and entry.name.startswith(f"{kind.prefix}-")
                and entry.name.endswith(".md")):
            findings.append(Finding(rel, 1, _stray_message(kind, entry)))
            continue
        match = FILE_NAME.match(entry.name)
        if match is None:
            findings.append(Finding(rel, 1, f"file name '{entry.name}' is not "
                                    f"{kind.prefix}-NNNN-slug.md (four digits, then lower-case "
                                    "letters and digits in words joined by single '-')"))
        try:
            doc = parse(entry.read_text(encoding="utf-8"), rel)
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(Finding(rel, 1, f"cannot read the file: {exc}"))
            continue
        except FrontMatterError as exc:
            findings.append(exc.finding)
            continue
        contracts.append(Contract(kind, rel, match.group(2) if match else None, doc))
    return Loaded(tuple(contracts), tuple(findings))


def _tracked_names(root: Path, kind: Kind) -> list[str]:
    """The entries of kind's directory that hold a tracked file."""
    return sorted({rel.split("/")[1] for rel in gitutil.tracked_files(root, kind.directory)})


def _names_on_disk(root: Path, kind: Kind) -> list[str]:
    directory = root / kind.directory
    return sorted(p.name for p in directory.iterdir()) if directory.is_dir() else []


def _stray_message(kind: Kind, entry: Path) -> str:
    match = FILE_NAME.match(entry.name)
    if match and match.group(1) != kind.prefix:
        home = KIND_BY_ID_PREFIX[match.group(1)].directory
        return f"'{entry.name}' belongs in {home}/, not in {kind.directory}/"
    what = "directory" if entry.is_dir() else "file"
    return (f"stray {what} '{entry.name}': {kind.directory}/ holds only "
            f"{kind.prefix}-NNNN-slug.md contracts and {README}")


def check_contract(contract: Contract, schemas: SchemaSet) -> list[Finding]:
    """Every single-file rule for `contract`."""
    findings = date_findings(contract.doc)
    findings += schemas.validate(contract.kind.name, contract.doc)
    findings += _id_matches_name(contract)
    findings += _missing_sections(contract)
    if contract.kind is TASK:
        findings += _marker_reason(contract)
    if contract.kind is TASK and contract.doc.data.get("status") == "done":
        findings += _done_evidence(contract)
    return findings


def date_findings(doc: Document) -> list[Finding]:
    """One finding per unquoted date, which YAML would read as a date object, not text."""
    return [Finding(doc.path, doc.line_of(keypath),
                    f'{where(keypath)}: write the date quoted, as "{_value_at(doc, keypath)}"')
            for keypath in doc.implicit_dates]


def _value_at(doc: Document, keypath: tuple) -> object:
    value: object = doc.data
    for part in keypath:
        value = value[part]  # type: ignore[index]
    return value


def _id_matches_name(contract: Contract) -> list[Finding]:
    """The id field must be the id in the file name. Ill-formed ids are the schema's to report."""
    given = contract.doc.data.get("id")
    expected = contract.file_id
    if expected is None or not isinstance(given, str) or given == expected:
        return []
    if not contract.kind.id_pattern().fullmatch(given):
        return []
    return [Finding(contract.path, contract.doc.line_of(("id",)),
                    f"id '{given}' does not match the file name; expected '{expected}'")]


def _missing_sections(contract: Contract) -> list[Finding]:
    present = set(section_titles(contract.doc.body))
    return [Finding(contract.path, contract.doc.body_line,
                    f"missing section '## {title}'")
            for title in contract.kind.sections if title not in present]


def section_titles(body: str) -> list[str]:
    """The titles of the level-2 headings in `body`, skipping fenced code blocks."""
    return [title for title, _, _ in sections(body)]


def sections(body: str) -> list[tuple[str, int, str]]:
    """(title, 0-based line of its heading in `body`, text under it) per level-2 heading."""
    found: list[tuple[str, int, list[str]]] = []
    fenced = False
    for i, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            found.append((line[3:].strip(), i, []))
        elif found:
            found[-1][2].append(line)
    return [(title, i, "\n".join(text)) for title, i, text in found]


def _marker_reason(task: Contract) -> list[Finding]:
    """A done task is proven by markers or says why it has none (proof.no_markers); not both."""
    proof = task.doc.data.get("proof")
    if not isinstance(proof, dict) or not isinstance(proof.get("markers"), list):
        return []  # the schema reports the shape
    listed, reason = len(proof["markers"]), proof.get("no_markers")
    if listed and reason is not None:
        return [Finding(task.path, task.doc.line_of(("proof", "no_markers")),
                        "proof.no_markers gives a reason for having no markers, but "
                        f"proof.markers lists {listed}; keep one of the two")]
    if not listed and reason is None and task.doc.data.get("status") == "done":
        return [Finding(task.path, task.doc.line_of(("proof", "markers")),
                        "proof.markers is empty; a done task is proven by markers, or says "
                        "why not in proof.no_markers")]
    return []


def _done_evidence(task: Contract) -> list[Finding]:
    """A done task's Evidence section says something, and not the template's words."""
    found = [(i, text) for title, i, text in sections(task.doc.body) if title == EVIDENCE]
    if not found:
        return []  # reported as a missing section
    i, text = found[0]
    line = task.doc.body_line + i
    said = " ".join(text.split())
    if not said:
        problem = "is empty"
    elif said in _placeholders():
        problem = "still holds the template's text"
    else:
        return []
    return [Finding(task.path, line, f"section '## {EVIDENCE}' {problem}; a done task says "
                                     "what showed its goal met")]


def _placeholders() -> set[str]:
    """Evidence texts that are no evidence, whitespace-normalised."""
    said = {" ".join(p.split()) for p in PLACEHOLDERS}
    try:
        template = TEMPLATE.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    except OSError:
        return said  # the gate's own template is missing: the fixed texts still count
    said.update(" ".join(text.split()) for title, _, text in sections(template) if title == EVIDENCE)
    return said
