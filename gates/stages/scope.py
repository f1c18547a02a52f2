"""scope: every commit since the baseline belongs to a live task and stays inside its scope.

This module owns the governance rules, in one place for both their users: the scope
stage, which judges each commit from the baseline in gates/governance.yaml to HEAD,
and the commit-msg hook, which judges the commit being made (its message file, the
staged task file and the staged paths). A commit must carry one `Task: TASK-NNNN`
trailer; that task, as it stands in the same tree, must be in progress, in review or
done; every path the commit touches must match the task's `scope` (its own file is
always allowed); and a path under an RFC-gated glob needs the task to link an RFC
whose status in that tree accepts work. gates/scope-exceptions.yaml lists commits,
with reasons, that are not judged. Parsing a document is gates/frontmatter.py's job.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gates import gitutil, globs
from gates.cache import Inputs
from gates.report import Verdict
from gates.stages.base import InfraError, Stage, StageContext, Workspace

GOVERNANCE = "gates/governance.yaml"
EXCEPTIONS = "gates/scope-exceptions.yaml"
TASK_ID = re.compile(r"^TASK-\d{4}$")
FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
TASK_ACCEPTING = ("in-progress", "in-review", "done")  # task statuses that take commits

Parse = Callable[[str, str], Any]  # frontmatter.parse: (text, path) -> Document


class GovernanceError(Exception):
    """A governance data file is unreadable or malformed; the message is `path:line: what`."""


@dataclass(frozen=True)
class Governance:
    baseline: str
    baseline_line: int
    rfc_gated: tuple[str, ...]
    rfc_accepting: tuple[str, ...]


@dataclass(frozen=True)
class ScopeException:
    commit: str
    reason: str


def _load_yaml(root: Path, rel: str) -> tuple[dict[str, Any], str]:
    try:
        text = (root / rel).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise GovernanceError(f"{rel}:1: cannot read: {exc}".splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise GovernanceError(f"{rel}:1: expected a mapping at the top")
    return data, text


def _line_of(text: str, needle: str) -> int:
    """The first line, not a comment, holding `needle`; 1 if none does."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line and not line.lstrip().startswith("#"):
            return number
    return 1


def _str_list(data: dict[str, Any], key: str, rel: str, text: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, (list, tuple)) or not value or not all(isinstance(v, str) for v in value):
        raise GovernanceError(f"{rel}:{_line_of(text, key + ':')}: '{key}' must be a non-empty list of strings")
    return tuple(value)


def load_governance(root: Path) -> Governance:
    data, text = _load_yaml(root, GOVERNANCE)
    baseline = str(data.get("baseline", "")).strip().lower()
    return Governance(
        baseline=baseline,
        baseline_line=_line_of(text, "baseline:"),
        rfc_gated=_str_list(data, "rfc_gated", GOVERNANCE, text),
        rfc_accepting=_str_list(data, "rfc_accepting_status", GOVERNANCE, text),
    )


def load_exceptions(root: Path) -> tuple[ScopeException, ...]:
    data, text = _load_yaml(root, EXCEPTIONS)
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
        found.append(ScopeException(commit, reason))
    return tuple(found)


def default_parse() -> Parse:
    return importlib.import_module("gates.frontmatter").parse  # type: ignore[no-any-return]


class Snapshot:
    """The governance documents as they are in one tree: a commit's, or the index's ("")."""

    def __init__(self, root: Path, treeish: str, parse: Parse) -> None:
        self.root, self.treeish, self._parse = root, treeish, parse
        self._names: list[str] | None = None

    def find(self, folder: str, doc_id: str) -> list[str]:
        """Paths in `folder` whose file name is the id, or starts with the id and a non-digit."""
        if self._names is None:
            self._names = gitutil.tree_files(self.root, self.treeish, "tasks/", "rfcs/")
        pattern = re.compile(rf"^{re.escape(folder)}/{re.escape(doc_id)}(?:\D[^/]*)?\.md$")
        return [n for n in self._names if pattern.match(n)]

    def document(self, folder: str, doc_id: str) -> tuple[str, Any]:
        """(path, parsed document). Raises LookupError with a one-line reason."""
        paths = self.find(folder, doc_id)
        if not paths:
            raise LookupError(f"{doc_id} has no file under {folder}/")
        if len(paths) > 1:
            raise LookupError(f"{doc_id} has {len(paths)} files under {folder}/: {', '.join(paths)}")
        text = gitutil.show_file(self.root, self.treeish, paths[0])
        try:
            return paths[0], self._parse(text, paths[0])
        except Exception as exc:  # noqa: BLE001 - FrontMatterError, or any parse failure, is a finding
            finding = getattr(exc, "finding", None)
            raise LookupError(str(finding) if finding is not None else f"{paths[0]}:1: {exc}") from exc


@dataclass(frozen=True)
class Candidate:
    """A commit to judge: a label for messages, its Task trailers, its changes, its tree."""

    label: str
    tasks: tuple[str, ...]
    changes: tuple[gitutil.Change, ...]
    snapshot: Snapshot = field(compare=False)


def _status(doc: Any) -> str:
    return str((doc.data or {}).get("status", "")).strip()


def judge(c: Candidate, gov: Governance) -> list[str]:
    """Every way `c` breaks the governance rules, one message each (empty when it keeps them)."""
    task_id, problem = _the_task(c.tasks)
    if problem:
        return [f"{c.label}: {problem}"]
    try:
        task_path, task = c.snapshot.document("tasks", task_id)
    except LookupError as exc:
        return [f"{c.label}: {exc}"]
    problems = []
    status = _status(task)
    if status not in TASK_ACCEPTING:
        problems.append(f"{task_id} is in status '{status}'; commits need one of: {', '.join(TASK_ACCEPTING)}")
    problems += _path_problems(c, task_id, task_path, task, gov)
    return [f"{c.label}: {p}" for p in problems]


def _the_task(tasks: tuple[str, ...]) -> tuple[str, str | None]:
    """(the task id, None) for exactly one well-formed Task trailer, else ("", the problem)."""
    if not tasks:
        return "", "has no 'Task: TASK-NNNN' trailer"
    if len(tasks) > 1:
        return "", f"has {len(tasks)} Task trailers ({', '.join(tasks)}); a commit belongs to one task"
    if not TASK_ID.match(tasks[0]):
        return "", f"Task trailer '{tasks[0]}' is not of the form TASK-NNNN"
    return tasks[0], None


def _path_problems(c: Candidate, task_id: str, task_path: str, task: Any, gov: Governance) -> list[str]:
    """Paths outside the task's scope (its own file aside), and RFC-gated paths without an RFC."""
    scope = (task.data or {}).get("scope")
    if not isinstance(scope, list):
        return [f"{task_id} has no scope list"]
    scope = [str(g) for g in scope]
    problems = []
    rfc_ok: bool | None = None  # asked only when a gated path shows up
    for path in dict.fromkeys(p for change in c.changes for p in change.paths):
        if path != task_path and not globs.matches_any(scope, path):
            problems.append(f"path '{path}' is outside the scope of {task_id}")
        gate = globs.first_match(gov.rfc_gated, path)
        if gate is None:
            continue
        if rfc_ok is None:
            rfc_ok, lookup_problems = _links_accepted_rfc(task, c.snapshot, gov)
            problems += lookup_problems
        if not rfc_ok:
            wanted = " or ".join(gov.rfc_accepting)
            problems.append(f"path '{path}' is RFC-gated ({gate}) but {task_id} links no RFC that is {wanted}")
    return problems


def _links_accepted_rfc(task: Any, snapshot: Snapshot, gov: Governance) -> tuple[bool, list[str]]:
    """Whether the task links an RFC whose status accepts work; plus lookup problems met."""
    links = (task.data or {}).get("rfcs") or []
    problems = []
    for rfc_id in links if isinstance(links, list) else []:
        try:
            _, rfc = snapshot.document("rfcs", str(rfc_id))
        except LookupError as exc:
            problems.append(str(exc))
            continue
        if _status(rfc) in gov.rfc_accepting:
            return True, []
    return False, problems


def _label(sha: str, subject: str) -> str:
    return f'{sha[:7]} "{subject}"'


def check_baseline(root: Path, gov: Governance) -> None:
    """Raise GovernanceError (fix the data) or InfraError (fetch history) unless the baseline
    is a commit in this clone that HEAD descends from."""
    where = f"{GOVERNANCE}:{gov.baseline_line}"
    if set(gov.baseline) <= {"0"}:
        raise GovernanceError(f"{where}: baseline is the all-zero placeholder; set it to the first commit to check")
    if not FULL_SHA.match(gov.baseline):
        raise GovernanceError(f"{where}: baseline must be a full 40-hex commit id, not '{gov.baseline}'")
    if gitutil.head(root) is None:
        raise GovernanceError(f"{where}: the repository has no commits, so the baseline cannot be in it")
    if not gitutil.has_commit(root, gov.baseline):
        shallow = " (this is a shallow clone)" if gitutil.is_shallow(root) else ""
        raise InfraError(
            f"{where}: baseline {gov.baseline[:12]} is not in this clone{shallow}; "
            "fetch full history (git fetch --unshallow) or correct the baseline"
        )
    if not gitutil.is_ancestor(root, gov.baseline, "HEAD"):
        raise GovernanceError(f"{where}: baseline {gov.baseline[:12]} is not an ancestor of HEAD")


def check_history(root: Path, parse: Parse | None = None) -> tuple[int, int, list[str]]:
    """Judge every commit from the baseline to HEAD: (checked, excepted, messages)."""
    gov = load_governance(root)
    excepted = {e.commit for e in load_exceptions(root)}
    check_baseline(root, gov)
    parse = parse or default_parse()
    checked, skipped, messages = 0, 0, []
    for info in gitutil.commits_since(root, gov.baseline):
        if info.sha in excepted:
            skipped += 1
            continue
        checked += 1
        changes = tuple(gitutil.commit_changes(root, info))
        candidate = Candidate(_label(info.sha, info.subject), info.tasks, changes, Snapshot(root, info.sha, parse))
        messages += judge(candidate, gov)
    return checked, skipped, messages


def check_staged(root: Path, message: str, parse: Parse | None = None) -> list[str]:
    """Judge the commit being made from its message text, the index and the staged paths."""
    gov = load_governance(root)
    subject = next((ln.strip() for ln in message.splitlines() if ln.strip() and not ln.startswith("#")), "")
    tasks = gitutil.message_trailers(root, message, "Task")
    changes = tuple(gitutil.staged_changes(root))
    snapshot = Snapshot(root, "", parse or default_parse())
    return judge(Candidate(f'staged commit "{subject}"', tasks, changes, snapshot), gov)


def inputs(ws: Workspace) -> Inputs:
    files = (GOVERNANCE, EXCEPTIONS, "gates/frontmatter.py", "gates/globs.py", "gates/gitutil.py")
    return Inputs(files=files, facts=(f"HEAD={ws.head()}",))


def run(ctx: StageContext) -> Verdict:
    try:
        checked, skipped, messages = check_history(ctx.root)
    except GovernanceError as exc:
        return Verdict.failed("scope: governance data is not usable", [str(exc)])
    for m in messages:
        ctx.log.write(m)
    note = f" ({skipped} excepted)" if skipped else ""
    return Verdict.judged(f"scope: {checked} commits checked{note}, {len(messages)} violations", messages)


STAGE = Stage(
    name="scope",
    description="every commit since the baseline names a live task and stays in its scope",
    depends=(),
    inputs=inputs,
    run=run,
    source=Path(__file__),
)
