"""scope: every commit is authorised by what came before it, and stays inside its task's scope.

This module owns the governance rules, in one place for both their users: the scope
stage, which judges every commit reachable from HEAD and not from the baseline's
parents, and the commit-msg hook, which judges the commit being made against HEAD.
Reading what the rules judge (the governance data, their history, the exceptions'
provenance, and the tasks and RFCs as each tree holds them) is gates/governance.py's;
parsing a document is gates/frontmatter.py's.

The rules (RFC-0001 as RFC-0006 amends it), for `rules_v2_from` and every commit that
is not its proper ancestor:

- Authority comes from the first parent. The one `Task: TASK-NNNN` trailer names a
  task that exists in the parent, in status in-progress or in-review (done and
  superseded tasks accept no commits); every path the commit touches matches that
  task's scope in the parent (its own file aside); a path under an RFC-gated glob of
  the parent's governance data needs the task to link an RFC that, in the parent, is
  accepted or implemented and lists the task. A scope that covers the whole tree
  (whole_tree) authorises nothing.
- A commit that touches only its own task's file needs only that the task is not done
  or superseded: it may create the task or change its status, so a task can be opened
  and started; what it writes takes effect from the next commit on.
- Every contract the commit touches keeps its lifecycle (LIFECYCLES), whatever the task.
- A merge is judged by what it changed itself (gitutil.merge_changes); a merge that
  changed nothing needs no trailer, so a pull request is judged by its own commits.

The proper ancestors of `rules_v2_from` are judged by the rules of their time
(judge_before_v2): task and RFCs read from the commit's own tree, done tasks taking
commits, and the RFC-gated globs as they stood in rules_v2_from's first parent.
gates/scope-exceptions.yaml lists commits, with reasons, that are not judged, by these
rules or by the history of the governance data; an exception counts only if the commit
that added it kept the rules and already had the excepted commit in its history.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gates import gitutil, globs
from gates.cache import Inputs
from gates.governance import (  # noqa: F401 - GovernanceError is part of this module's interface
    CONTRACT_PATH,
    EXCEPTIONS,
    FULL_SHA,
    GOVERNANCE,
    Contract,
    Governance,
    GovernanceError,
    History,
    Parse,
    Reader,
    ScopeException,
    Snapshot,
    default_parse,
    exception_problems,
    is_unset,
    read_exceptions,
    read_governance,
    set_once_problems,
)
from gates.report import Verdict
from gates.stages.base import InfraError, Stage, StageContext, Workspace

TASK_ID = re.compile(r"^TASK-\d{4}$")
TASK_ACCEPTING = ("in-progress", "in-review")  # task statuses that take commits
TASK_ACCEPTING_BEFORE_V2 = ("in-progress", "in-review", "done")


@dataclass(frozen=True)
class Lifecycle:
    """How one kind of contract may change: what it is born as, where each status may go
    next (a status missing from `next` is final), which statuses seal the whole file, and
    under which statuses its `tasks` list is fixed."""

    kind: str
    born: tuple[str, ...]
    next: Mapping[str, tuple[str, ...]]
    sealed: tuple[str, ...] = ()
    tasks_fixed: tuple[str, ...] = ()


# The one table of allowed status changes, for the stage and the commit-msg hook alike.
LIFECYCLES: Mapping[str, Lifecycle] = {
    "tasks": Lifecycle(
        kind="task",
        born=("draft", "ready", "in-progress", "blocked"),
        next={
            "draft": ("ready", "in-progress", "blocked", "superseded"),
            "ready": ("draft", "in-progress", "blocked", "superseded"),
            "in-progress": ("ready", "in-review", "done", "blocked", "superseded"),
            "in-review": ("in-progress", "done", "blocked", "superseded"),
            "blocked": ("draft", "ready", "in-progress", "superseded"),
        },
        sealed=("done", "superseded"),
    ),
    "rfcs": Lifecycle(
        kind="RFC",
        born=("draft", "proposed"),
        next={
            "draft": ("proposed", "rejected", "superseded"),
            "proposed": ("draft", "accepted", "rejected", "superseded"),
            "accepted": ("implemented", "superseded"),
            "implemented": ("superseded",),
        },
        tasks_fixed=("accepted", "implemented"),
    ),
}


@dataclass(frozen=True)
class Candidate:
    """A commit to judge: a label for messages, its Task trailers, its changes, its own
    tree and its first parent's (None for a root commit)."""

    label: str
    tasks: tuple[str, ...]
    changes: tuple[gitutil.Change, ...]
    tree: Snapshot = field(compare=False)
    parent: Snapshot | None = field(compare=False, default=None)

    def paths(self) -> list[str]:
        return list(dict.fromkeys(p for change in self.changes for p in change.paths))


def _the_task(tasks: tuple[str, ...]) -> tuple[str, str | None]:
    """(the task id, None) for exactly one well-formed Task trailer, else ("", the problem)."""
    if not tasks:
        return "", "has no 'Task: TASK-NNNN' trailer"
    if len(tasks) > 1:
        return "", f"has {len(tasks)} Task trailers ({', '.join(tasks)}); a commit belongs to one task"
    if not TASK_ID.match(tasks[0]):
        return "", f"Task trailer '{tasks[0]}' is not of the form TASK-NNNN"
    return tasks[0], None


def _is_own(path: str, task_id: str) -> bool:
    found = CONTRACT_PATH.match(path)
    return found is not None and found.group(1, 2) == ("tasks", task_id)


def judge(c: Candidate) -> list[str]:
    """Every way `c` breaks RFC-0006's rules, one message each (empty when it keeps them)."""
    return [f"{c.label}: {p}" for p in _authority_problems(c) + lifecycle_problems(c)]


def _authority_problems(c: Candidate) -> list[str]:
    task_id, problem = _the_task(c.tasks)
    if problem:
        return [problem]
    if c.parent is None:
        return ["has no parent, so nothing before it can authorise it"]
    try:
        gov = c.parent.governance()
        task = c.parent.get("tasks", task_id)
    except (GovernanceError, LookupError) as exc:
        return [f"its parent's contracts cannot be read: {exc}"]
    paths = c.paths()
    own_only = bool(paths) and all(_is_own(p, task_id) for p in paths)
    if task is None:
        if own_only:
            return []  # it creates its own task; the lifecycle judges what it is born as
        return [f"{task_id} does not exist in its parent {c.parent.treeish[:7]}; "
                "a task cannot authorise the commit that creates it"]
    status = task.status
    if status in LIFECYCLES["tasks"].sealed:
        return [f"{task_id} is {status}; done and superseded tasks accept no commits (a follow-up task takes later work)"]
    if own_only:
        return []
    if status not in TASK_ACCEPTING:
        return [f"{task_id} is in status '{status}'; commits need one of: {', '.join(TASK_ACCEPTING)}"]
    return _scope_problems(c, task_id, task, gov)


def whole_tree(scope: list[str], files: list[str], own: str) -> str | None:
    """Why `scope` covers the whole tree of `files`, or None when it does not.

    It does when one of its globs names no place (only wildcards and slashes, such as
    `**`, `*` or `**/*`), or when its globs, with the task's own file, match every file
    outside the top-level dot folders and files (.github/, .gitignore, ...): a scope
    like kernel/**, userspace/**, services/**, ... that lists every top-level folder.
    """
    for glob in scope:
        if not re.search(r"[^*?/]", glob):
            return f"its glob '{glob}' names no folder or file"
    visible = [f for f in files if not f.startswith(".")]
    if visible and all(f == own or globs.matches_any(scope, f) for f in visible):
        return f"its globs match every one of the {len(visible)} files outside the top-level dot folders"
    return None


def _scope_problems(c: Candidate, task_id: str, task: Contract, gov: Governance) -> list[str]:
    """Paths outside the task's scope (its own file aside), and RFC-gated paths without a licence."""
    scope = task.data.get("scope")
    if not isinstance(scope, list):
        return [f"{task_id} has no scope list"]
    scope = [str(g) for g in scope]
    assert c.parent is not None
    wide = whole_tree(scope, c.parent.files(), task.path)
    if wide:
        return [f"{task_id}'s scope covers the whole tree ({wide}); a scope names what the task may change"]
    problems = []
    licence: str | None = None  # asked only when a gated path shows up; "" when licensed
    for path in c.paths():
        if not _is_own(path, task_id) and not globs.matches_any(scope, path):
            problems.append(f"path '{path}' is outside the scope of {task_id}")
        gate = globs.first_match(gov.rfc_gated, path)
        if gate is None:
            continue
        if licence is None:
            licence = _licence(task_id, task, c.parent, gov)
        if licence:
            problems.append(f"path '{path}' is RFC-gated ({gate}) but {licence}")
    return problems


def _licence(task_id: str, task: Contract, parent: Snapshot, gov: Governance) -> str:
    """"" when the task links an RFC that accepts work and lists the task; else why not."""
    reasons = []
    for rfc_id in task.ids("rfcs"):
        try:
            rfc = parent.document("rfcs", rfc_id)
        except LookupError as exc:
            reasons.append(str(exc))
            continue
        if rfc.status not in gov.rfc_accepting:
            reasons.append(f"{rfc_id} is {rfc.status or 'without a status'}")
        elif task_id not in rfc.ids("tasks"):
            reasons.append(f"{rfc_id} does not list {task_id} in its tasks")
        else:
            return ""
    wanted = " or ".join(gov.rfc_accepting)
    why = f" ({'; '.join(reasons)})" if reasons else ""
    return f"{task_id} links no RFC that is {wanted} and lists it{why}"


def lifecycle_problems(c: Candidate) -> list[str]:
    """Every task or RFC the commit touches, compared between the parent and the commit."""
    touched = dict.fromkeys(m.group(1, 2) for p in c.paths() if (m := CONTRACT_PATH.match(p)))
    problems = []
    for folder, doc_id in touched:
        try:
            after = c.tree.get(folder, doc_id)
        except LookupError as exc:
            problems.append(f"{doc_id} cannot be read, so its status cannot be judged: {exc}")
            continue
        try:
            before = c.parent.get(folder, doc_id) if c.parent else None
        except LookupError:
            before = None  # unreadable before: it is judged as if born here
        problems += _transition(LIFECYCLES[folder], doc_id, before, after)
    return problems


def _transition(cycle: Lifecycle, doc_id: str, before: Contract | None, after: Contract | None) -> list[str]:
    if after is None:
        return [] if before is None else [f"deletes {doc_id}; a contract is never deleted (mark it superseded)"]
    if before is None:
        if after.status in cycle.born:
            return []
        return [f"{doc_id} is born '{after.status}'; a new {cycle.kind} starts as one of: {', '.join(cycle.born)}"]
    was, now = before.status, after.status
    if was in cycle.sealed and now != was:
        return [f"{doc_id} goes from '{was}' to '{now}'; a {was} {cycle.kind} is never revived"]
    if was in cycle.sealed and after.text != before.text:
        return [f"{doc_id} is {was}; its file never changes again (a follow-up {cycle.kind} records later work)"]
    if now != was and now not in cycle.next.get(was, ()):
        allowed = ", ".join(cycle.next.get(was, ())) or "nothing; it is final"
        return [f"{doc_id} goes from '{was}' to '{now}'; from '{was}' a {cycle.kind} may go to: {allowed}"]
    if was in cycle.tasks_fixed and before.ids("tasks") != after.ids("tasks"):
        return [f"{doc_id} is {was}; the tasks it licenses are fixed from then on (a new {cycle.kind} licenses more)"]
    return []


def judge_before_v2(c: Candidate, gov: Governance) -> list[str]:
    """The rules before RFC-0006: the task and its RFCs as the commit's own tree has them."""
    task_id, problem = _the_task(c.tasks)
    if problem:
        return [f"{c.label}: {problem}"]
    try:
        task = c.tree.document("tasks", task_id)
    except LookupError as exc:
        return [f"{c.label}: {exc}"]
    problems = []
    if task.status not in TASK_ACCEPTING_BEFORE_V2:
        problems.append(f"{task_id} is in status '{task.status}'; "
                        f"commits need one of: {', '.join(TASK_ACCEPTING_BEFORE_V2)}")
    scope = task.data.get("scope")
    if not isinstance(scope, list):
        return [f"{c.label}: {p}" for p in [*problems, f"{task_id} has no scope list"]]
    gated_ok: bool | None = None
    for path in c.paths():
        if path != task.path and not globs.matches_any([str(g) for g in scope], path):
            problems.append(f"path '{path}' is outside the scope of {task_id}")
        gate = globs.first_match(gov.rfc_gated, path)
        if gate is None:
            continue
        if gated_ok is None:
            gated_ok = _links_accepted_rfc_before_v2(task, c.tree, gov, problems)
        if not gated_ok:
            wanted = " or ".join(gov.rfc_accepting)
            problems.append(f"path '{path}' is RFC-gated ({gate}) but {task_id} links no RFC that is {wanted}")
    return [f"{c.label}: {p}" for p in problems]


def _links_accepted_rfc_before_v2(task: Contract, tree: Snapshot, gov: Governance, problems: list[str]) -> bool:
    for rfc_id in task.ids("rfcs"):
        try:
            if tree.document("rfcs", rfc_id).status in gov.rfc_accepting:
                return True
        except LookupError as exc:
            problems.append(str(exc))
    return False


def _check_commit_value(root: Path, value: str, key: str, line: int) -> None:
    """Raise GovernanceError (fix the data) or InfraError (fetch history) unless `value`
    is a full commit id in this clone that HEAD descends from (or HEAD itself)."""
    where = f"{GOVERNANCE}:{line}"
    if not FULL_SHA.match(value):
        raise GovernanceError(f"{where}: {key} must be a full 40-hex commit id, not '{value}'")
    if not gitutil.has_commit(root, value):
        shallow = " (this is a shallow clone)" if gitutil.is_shallow(root) else ""
        raise InfraError(
            f"{where}: {key} {value[:12]} is not in this clone{shallow}; "
            "fetch full history (git fetch --unshallow) or correct the governance data"
        )
    if not gitutil.is_ancestor(root, value, "HEAD"):
        raise GovernanceError(f"{where}: {key} {value[:12]} is not an ancestor of HEAD")


def check_baseline(root: Path, gov: Governance) -> None:
    """The baseline, and rules_v2_from when set, are commits in this clone that HEAD descends from."""
    if is_unset(gov.baseline):
        raise GovernanceError(f"{GOVERNANCE}:{gov.baseline_line}: baseline is the all-zero placeholder; "
                              "set it to the first commit to check")
    _check_commit_value(root, gov.baseline, "baseline", gov.baseline_line)
    if not is_unset(gov.rules_from):
        _check_commit_value(root, gov.rules_from, "rules_v2_from", gov.rules_from_line)


@dataclass(frozen=True)
class Before:
    """The commits judged by the rules before RFC-0006, and the governance data of then."""

    commits: frozenset[str]
    gov: Governance | None


def _before_v2(root: Path, gov: Governance) -> Before:
    if is_unset(gov.rules_from):
        return Before(frozenset(), None)
    above = gitutil.parents(root, gov.rules_from)
    if not above:
        return Before(frozenset(), None)
    try:
        then = read_governance(root, above[0])
    except GovernanceError as exc:
        raise GovernanceError(f"{GOVERNANCE}:{gov.rules_from_line}: the rules before rules_v2_from "
                              f"cannot be read from its parent {above[0][:12]}: {exc}") from exc
    return Before(frozenset(gitutil.ancestors(root, gov.rules_from)), then)


def _judge_commit(reader: Reader, info: gitutil.CommitInfo, first_parent_diff: list[gitutil.Change],
                  before: Before) -> list[str]:
    tree = Snapshot(reader, info.sha)
    changes = tuple(first_parent_diff)
    if info.sha in before.commits and before.gov is not None:
        return judge_before_v2(Candidate(info.label, info.tasks, changes, tree), before.gov)
    if len(info.parents) > 1:
        changes = tuple(gitutil.merge_changes(reader.root, info))
        if not changes:
            return []  # a clean merge: its commits are judged one by one
    parent = Snapshot(reader, info.parents[0]) if info.parents else None
    return judge(Candidate(info.label, info.tasks, changes, tree, parent))


def _refusal(root: Path, e: ScopeException, history: History, verdicts: dict[str, list[str]],
             before: Before) -> str:
    """"" when exception `e` counts; else why it does not."""
    why = "no commit reachable from HEAD added it"
    for adder in history.adders(e.commit):
        short = adder[:12]
        if adder not in verdicts:
            why = f"it was added by {short}, which the scope stage does not judge (before the baseline)"
        elif adder in before.commits:
            why = f"it was added by {short}, before rules_v2_from"
        elif verdicts[adder]:
            why = f"it was added by {short}, which breaks the rules"
        elif e.commit == adder or not gitutil.is_ancestor(root, e.commit, adder):
            why = (f"{e.commit[:12]} is not in the history of {short}, which added it; "
                   "an exception records history, it cannot license a later commit")
        else:
            return ""
    return why


def check_history(root: Path, parse: Parse | None = None) -> tuple[int, int, list[str]]:
    """Judge every commit reachable from HEAD and not from the baseline's parents:
    (checked, excepted, messages)."""
    if gitutil.head(root) is None:
        raise GovernanceError(f"{GOVERNANCE}:1: the repository has no commits, so the baseline cannot be in it")
    gov = read_governance(root, "HEAD")
    check_baseline(root, gov)
    exceptions = read_exceptions(root, "HEAD")
    history = History(root)
    before = _before_v2(root, gov)
    reader = Reader(root, parse or default_parse())
    commits = gitutil.commits_reachable(root, "HEAD", gitutil.parents(root, gov.baseline))
    diffs = gitutil.first_parent_changes(root, commits)
    reader.follow(commits, diffs)
    verdicts = {info.sha: _judge_commit(reader, info, diffs[info.sha], before) for info in commits}
    excepted, refusals = set(), []
    for e in exceptions:
        why = _refusal(root, e, history, verdicts, before)
        if why:
            refusals.append(f"{EXCEPTIONS}:{e.line}: the exception for {e.commit[:12]} does not count: {why}")
        elif e.commit in verdicts:
            excepted.add(e.commit)
    messages = [m for info in commits if info.sha not in excepted for m in verdicts[info.sha]]
    messages += [m for sha, found in history.problems().items() if sha not in excepted for m in found]
    return len(commits) - len(excepted), len(excepted), messages + refusals


def check_staged(root: Path, message: str, parse: Parse | None = None) -> list[str]:
    """Judge the commit being made (message text, index, staged paths) against HEAD.
    A merge being made is judged, as the stage judges it, by the paths it changes
    against every parent; with none it needs nothing, not even a trailer."""
    reader = Reader(root, parse or default_parse())
    subject = next((ln.strip() for ln in message.splitlines() if ln.strip() and not ln.startswith("#")), "")
    label = f'staged commit "{subject}"'
    tasks = gitutil.message_trailers(root, message, "Task")
    changes = tuple(gitutil.staged_changes(root))
    head = gitutil.head(root)
    merging = gitutil.merge_heads(root)
    if merging and head:
        changes = tuple(gitutil.staged_merge_changes(root, (head, *merging)))
        if not changes:
            return []
    tree = Snapshot(reader, "")
    parent = Snapshot(reader, head) if head else None
    problems = judge(Candidate(label, tasks, changes, tree, parent))
    paths = {p for change in changes for p in change.paths}
    if parent is not None and GOVERNANCE in paths:
        first = History(root).first_values()
        problems += [f"{label}: {p}" for p in set_once_problems(parent.text(GOVERNANCE), tree.text(GOVERNANCE), first)]
    if parent is not None and EXCEPTIONS in paths:
        problems += [f"{label}: {p}" for p in exception_problems(parent.text(EXCEPTIONS), tree.text(EXCEPTIONS))]
    return problems


def inputs(ws: Workspace) -> Inputs:
    return Inputs(files=(GOVERNANCE, EXCEPTIONS), facts=(f"HEAD={ws.head()}",))


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
