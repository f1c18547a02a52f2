"""What the scope rules read, read from git: the governance data and the contracts.

This module owns reading, never judging. It reads gates/governance.yaml and
gates/scope-exceptions.yaml as they stand in a commit (or in the index), never from
the work tree; it knows their shape and their history: `baseline` and `rules_v2_from`
are set once and never change, and an exception, once added, is never removed or
edited; it finds the commit that added each exception. It reads the tasks and RFCs as
one tree holds them (Snapshot), each blob read and parsed once per run (Reader).
gates/stages/scope.py judges commits with what this module reads.

    baseline        the first commit the scope stage judges
    rules_v2_from   the first commit judged by RFC-0006's rules (authority from the
                    parent); only its proper ancestors are judged by the rules before
                    them. Unset: every commit is judged by RFC-0006's rules.
    rfc_gated       paths that change only under a task linking an accepted RFC that
                    lists it
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gates import gitutil

GOVERNANCE = "gates/governance.yaml"
EXCEPTIONS = "gates/scope-exceptions.yaml"
SET_ONCE = ("baseline", "rules_v2_from")  # keys of GOVERNANCE that never change once set
FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
CONTRACT_PATH = re.compile(r"^(tasks|rfcs)/((?:TASK|RFC)-\d{4})(?:\D[^/]*)?\.md$")  # groups: folder, id

Parse = Callable[[str, str], Any]  # frontmatter.parse: (text, path) -> Document


class GovernanceError(Exception):
    """A governance data file is unreadable or malformed; the message is `path:line: what`."""


@dataclass(frozen=True)
class Governance:
    baseline: str
    baseline_line: int
    rules_from: str  # rules_v2_from, "" when unset
    rules_from_line: int
    rfc_gated: tuple[str, ...]
    rfc_accepting: tuple[str, ...]


@dataclass(frozen=True)
class ScopeException:
    commit: str
    reason: str
    line: int


def _mapping(text: str, rel: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise GovernanceError(f"{rel}:1: cannot read: {exc}".splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise GovernanceError(f"{rel}:1: expected a mapping at the top")
    return data


def _line_of(text: str, needle: str) -> int:
    """The first line, not a comment, holding `needle`; 1 if none does."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line and not line.lstrip().startswith("#"):
            return number
    return 1


def _str_list(data: dict[str, Any], key: str, text: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, (list, tuple)) or not value or not all(isinstance(v, str) for v in value):
        raise GovernanceError(f"{GOVERNANCE}:{_line_of(text, key + ':')}: '{key}' must be a non-empty list of strings")
    return tuple(value)


def _commit_value(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip().lower()


def parse_governance(text: str) -> Governance:
    data = _mapping(text, GOVERNANCE)
    return Governance(
        baseline=_commit_value(data, "baseline"),
        baseline_line=_line_of(text, "baseline:"),
        rules_from=_commit_value(data, "rules_v2_from"),
        rules_from_line=_line_of(text, "rules_v2_from:"),
        rfc_gated=_str_list(data, "rfc_gated", text),
        rfc_accepting=_str_list(data, "rfc_accepting_status", text),
    )


def parse_exceptions(text: str) -> tuple[ScopeException, ...]:
    data = _mapping(text, EXCEPTIONS)
    entries = data.get("exceptions") or []
    if not isinstance(entries, list):
        raise GovernanceError(f"{EXCEPTIONS}:{_line_of(text, 'exceptions:')}: 'exceptions' must be a list")
    found = []
    for entry in entries:
        commit = str(entry.get("commit", "")).strip().lower() if isinstance(entry, dict) else ""
        reason = str(entry.get("reason", "")).strip() if isinstance(entry, dict) else ""
        line = _line_of(text, commit) if commit else 1
        if not FULL_SHA.match(commit):
            raise GovernanceError(f"{EXCEPTIONS}:{line}: an exception names a full 40-hex commit id, not '{commit}'")
        if not reason:
            raise GovernanceError(f"{EXCEPTIONS}:{line}: the exception for {commit[:7]} gives no reason")
        found.append(ScopeException(commit, reason, line))
    return tuple(found)


def _text(root: Path, treeish: str, rel: str) -> str:
    """The file as it stands in commit `treeish`, or in the index when treeish is ""."""
    try:
        return gitutil.show_file(root, treeish, rel)
    except gitutil.GitError as exc:
        where = treeish[:12] if treeish else "the index"
        raise GovernanceError(f"{rel}:1: not in {where}; the governance data are read from git") from exc


def read_governance(root: Path, treeish: str) -> Governance:
    return parse_governance(_text(root, treeish, GOVERNANCE))


def read_exceptions(root: Path, treeish: str) -> tuple[ScopeException, ...]:
    return parse_exceptions(_text(root, treeish, EXCEPTIONS))


def is_unset(commit: str) -> bool:
    """Whether a set-once commit value is still open: empty or the all-zero placeholder."""
    return set(commit) <= {"0"}


def set_once_problems(before: str | None, after: str | None, first: Mapping[str, str]) -> list[str]:
    """How going from GOVERNANCE text `before` to `after` changes a set-once value.
    None is an absent file; an unreadable `before` promises nothing. Going back to the
    value first set (`first`, by key) undoes a change rather than making one."""
    try:
        old = _mapping(before, GOVERNANCE) if before is not None else {}
    except GovernanceError:
        return []
    try:
        new = _mapping(after, GOVERNANCE) if after is not None else {}
    except GovernanceError as exc:
        return [f"makes {GOVERNANCE} unreadable ({exc})"]
    problems = []
    for key in SET_ONCE:
        was, now = _commit_value(old, key), _commit_value(new, key)
        if not is_unset(was) and now != was and now != first.get(key):
            problems.append(f"changes {key} in {GOVERNANCE} from {was[:12]} to {now[:12] or 'nothing'}; "
                            "it is set once and never changes")
    return problems


def _entries(text: str | None) -> dict[str, str]:
    """Exception entries by commit id, for comparing versions; {} for an absent file.
    Raises GovernanceError for an unreadable one."""
    return {} if text is None else {e.commit: e.reason for e in parse_exceptions(text)}


def exception_problems(before: str | None, after: str | None) -> list[str]:
    """How going from EXCEPTIONS text `before` to `after` removes or edits an exception."""
    try:
        old = _entries(before)
    except GovernanceError:
        return []
    try:
        new = _entries(after)
    except GovernanceError as exc:
        return [f"makes {EXCEPTIONS} unreadable ({exc})"]
    problems = []
    for commit, reason in old.items():
        if commit not in new:
            problems.append(f"removes the exception for {commit[:12]} from {EXCEPTIONS}; exceptions are never removed")
        elif new[commit] != reason:
            problems.append(f"edits the reason of the exception for {commit[:12]} in {EXCEPTIONS}; "
                            "exceptions are never edited")
    return problems


class History:
    """Both files in every commit reachable from HEAD, read once (one git process for all
    blob ids, one more per distinct version)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.commits = {c.sha: c for c in gitutil.commits_reachable(root, "HEAD")}
        specs = [f"{sha}:{rel}" for sha in self.commits for rel in (GOVERNANCE, EXCEPTIONS)]
        self._blobs = gitutil.blob_ids(root, specs)
        self._texts: dict[str, str] = {}

    def text(self, sha: str, rel: str) -> str | None:
        blob = self._blobs.get(f"{sha}:{rel}")
        if blob is None:
            return None
        if blob not in self._texts:
            self._texts[blob] = gitutil.blob_text(self.root, blob)
        return self._texts[blob]

    def _changed(self, sha: str, parent: str, rel: str) -> bool:
        return self._blobs.get(f"{sha}:{rel}") != self._blobs.get(f"{parent}:{rel}")

    def first_values(self) -> dict[str, str]:
        """Each set-once key's value in the oldest commit that set it."""
        first: dict[str, str] = {}
        for sha in self.commits:
            try:
                data = _mapping(self.text(sha, GOVERNANCE) or "{}", GOVERNANCE)
            except GovernanceError:
                continue
            for key in SET_ONCE:
                if key not in first and not is_unset(_commit_value(data, key)):
                    first[key] = _commit_value(data, key)
        return first

    def problems(self) -> dict[str, list[str]]:
        """{commit: messages} for every commit that changed a set-once value or removed or
        edited an exception, against any of its parents; oldest commit first."""
        first = self.first_values()
        found: dict[str, list[str]] = {}
        for sha, info in self.commits.items():
            mine: list[str] = []
            for parent in info.parents:
                if self._changed(sha, parent, GOVERNANCE):
                    before, after = self.text(parent, GOVERNANCE), self.text(sha, GOVERNANCE)
                    mine += set_once_problems(before, after, first)
                if self._changed(sha, parent, EXCEPTIONS):
                    before, after = self.text(parent, EXCEPTIONS), self.text(sha, EXCEPTIONS)
                    mine += exception_problems(before, after)
            if mine:
                found[sha] = [f"{info.label}: {p}" for p in dict.fromkeys(mine)]
        return found

    def _has_entry(self, sha: str, excepted: str) -> bool:
        try:
            return excepted in _entries(self.text(sha, EXCEPTIONS))
        except GovernanceError:
            return False

    def adders(self, excepted: str) -> list[str]:
        """The commits that added the exception for `excepted`: they hold it and none of
        their parents does."""
        return [sha for sha, info in self.commits.items()
                if self._has_entry(sha, excepted) and not any(self._has_entry(p, excepted) for p in info.parents)]


def default_parse() -> Parse:
    return importlib.import_module("gates.frontmatter").parse  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Contract:
    """A task or RFC as one tree holds it."""

    path: str
    data: dict[str, Any]
    text: str

    @property
    def status(self) -> str:
        return str(self.data.get("status", "")).strip()

    def ids(self, key: str) -> list[str]:
        value = self.data.get(key)
        return [str(v) for v in value] if isinstance(value, list) else []


class Reader:
    """One repository's trees, blobs and parsed contracts, each read once per check:
    most commits share most of their task and RFC files with their parent."""

    def __init__(self, root: Path, parse: Parse) -> None:
        self.root, self._parse = root, parse
        self._trees: dict[str, dict[str, str]] = {}
        self._texts: dict[str, str] = {}
        self._contracts: dict[tuple[str, str], Contract | LookupError] = {}
        self._governance: dict[str, Governance | GovernanceError] = {}

    def tree(self, treeish: str) -> dict[str, str]:
        """{path: blob} of a commit's tree, or of the index ("")."""
        if treeish not in self._trees:
            self._trees[treeish] = gitutil.tree_blobs(self.root, treeish)
        return self._trees[treeish]

    def follow(self, commits: list[gitutil.CommitInfo], diffs: dict[str, list[gitutil.Change]]) -> None:
        """Know each commit's tree from its first parent's and its first-parent diff
        (parents first), rather than asking git for every tree."""
        for info in commits:
            base = self.tree(info.parents[0]) if info.parents else {}
            self._trees[info.sha] = gitutil.apply_changes(base, diffs[info.sha])

    def text(self, blob: str) -> str:
        if blob not in self._texts:
            self._texts[blob] = gitutil.blob_text(self.root, blob)
        return self._texts[blob]

    def contract(self, blob: str, path: str) -> Contract:
        """The parsed contract; raises LookupError with the parse problem as `path:line: what`."""
        key = (blob, path)
        if key not in self._contracts:
            self._contracts[key] = self._read_contract(blob, path)
        found = self._contracts[key]
        if isinstance(found, LookupError):
            raise found
        return found

    def _read_contract(self, blob: str, path: str) -> Contract | LookupError:
        text = self.text(blob)
        try:
            doc = self._parse(text, path)
        except Exception as exc:  # noqa: BLE001 - FrontMatterError, or any parse failure, is a finding
            finding = getattr(exc, "finding", None)
            return LookupError(str(finding) if finding is not None else f"{path}:1: {exc}")
        return Contract(path, doc.data if isinstance(doc.data, dict) else {}, text)

    def governance(self, blob: str) -> Governance:
        if blob not in self._governance:
            try:
                self._governance[blob] = parse_governance(self.text(blob))
            except GovernanceError as exc:
                self._governance[blob] = exc
        found = self._governance[blob]
        if isinstance(found, GovernanceError):
            raise found
        return found


class Snapshot:
    """The governance documents as they are in one tree: a commit's, or the index's ("")."""

    def __init__(self, reader: Reader, treeish: str) -> None:
        self.reader, self.treeish = reader, treeish

    def files(self) -> list[str]:
        return list(self.reader.tree(self.treeish))

    def find(self, folder: str, doc_id: str) -> list[str]:
        """Paths in `folder` whose file name is the id, or starts with the id and a non-digit."""
        return [n for n in self.reader.tree(self.treeish)
                if (m := CONTRACT_PATH.match(n)) and m.group(1, 2) == (folder, doc_id)]

    def get(self, folder: str, doc_id: str) -> Contract | None:
        """The contract, None when it has no file. Raises LookupError (a one-line reason)
        when it has two files or does not parse."""
        paths = self.find(folder, doc_id)
        if not paths:
            return None
        if len(paths) > 1:
            raise LookupError(f"{doc_id} has {len(paths)} files under {folder}/: {', '.join(paths)}")
        return self.reader.contract(self.reader.tree(self.treeish)[paths[0]], paths[0])

    def document(self, folder: str, doc_id: str) -> Contract:
        """Like get(), but a missing file is a LookupError too."""
        found = self.get(folder, doc_id)
        if found is None:
            raise LookupError(f"{doc_id} has no file under {folder}/")
        return found

    def governance(self) -> Governance:
        blob = self.reader.tree(self.treeish).get(GOVERNANCE)
        if blob is None:
            where = self.treeish[:12] or "the index"
            raise GovernanceError(f"{GOVERNANCE}:1: not in {where}; the governance data are read from git")
        return self.reader.governance(blob)

    def text(self, rel: str) -> str | None:
        blob = self.reader.tree(self.treeish).get(rel)
        return None if blob is None else self.reader.text(blob)
