"""The governance rules on real (temporary) git repositories: the scope stage and commit-msg."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest

from gates import cli
from gates.cache import ToolVersions
from gates.report import Outcome
from gates.stages import scope
from gates.stages.base import InfraError, Log, StageContext, Workspace

GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def doc(kind: str, doc_id: str, status: str, **lists: list[str]) -> str:
    lines = ["---", f"id: {doc_id}", f"title: {kind} {doc_id}", f"status: {status}", 'created: "2026-11-22"']
    for key, values in lists.items():
        lines.append(f"{key}:")
        lines += [f'  - "{v}"' for v in values]
    return "\n".join([*lines, "---", "", "Body.", ""])


ZERO = "0" * 40


def governance(baseline: str = ZERO, rules_from: str = "", gated: tuple[str, ...] = ("kernel/**", "gates/**")) -> str:
    lines = [f'baseline: "{baseline}"']
    if rules_from:
        lines.append(f'rules_v2_from: "{rules_from}"')
    lines.append("rfc_gated: [" + ", ".join(f'"{g}"' for g in gated) + "]")
    lines.append("rfc_accepting_status: [accepted, implemented]")
    return "\n".join(lines) + "\n"


def exceptions(*entries: tuple[str, str]) -> str:
    if not entries:
        return "exceptions: []\n"
    return "exceptions:\n" + "".join(f"  - commit: {c}\n    reason: {r}\n" for c, r in entries)


class Repo:
    """A throwaway repository whose governance data live in its history, as in Cairn."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.baseline = ""
        path.mkdir(parents=True)
        self.env = {**os.environ, **GIT_ENV, "HOME": str(path)}
        self.git("init", "-q", "-b", "main")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.path, env=self.env, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    def write(self, rel: str, text: str = "x\n") -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, subject: str, task: str | None = "TASK-0002", extra: str = "") -> str:
        trailer = f"\n\nTask: {task}" if task else ""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", f"{subject}{extra}{trailer}")
        return self.git("rev-parse", "HEAD")

    def task(self, doc_id: str, status: str, scope: list[str], rfcs: list[str] | None = None, slug: str = "t") -> None:
        lists = {"rfcs": rfcs} if rfcs else {}
        self.write(f"tasks/{doc_id}-{slug}.md", doc("task", doc_id, status, **lists, scope=scope))

    def rfc(self, doc_id: str, status: str, tasks: list[str], slug: str = "r") -> None:
        self.write(f"rfcs/{doc_id}-{slug}.md", doc("rfc", doc_id, status, tasks=tasks))


@pytest.fixture()
def repo(tmp_path: Path) -> Repo:
    return make_repo(tmp_path / "repo")


def make_repo(path: Path, rules_from: bool = True) -> Repo:
    """TASK-0001 (in progress, gates/**, linking RFC-0001): keeps the governance data;
    TASK-0002 (in progress, docs/** and kernel/**, linking RFC-0001, accepted, which lists it);
    TASK-0003 (in progress, userspace/** and kernel/**, linking draft RFC-0002);
    TASK-0004 (draft, docs/**). They land in a root commit before the baseline, an empty
    commit; the next commit sets the baseline (and rules_v2_from, unless told not to) to
    it, under TASK-0001."""
    r = Repo(path)
    r.task("TASK-0001", "in-progress", ["gates/**"], rfcs=["RFC-0001"], slug="rules")
    r.task("TASK-0002", "in-progress", ["docs/**", "kernel/**"], rfcs=["RFC-0001"], slug="docs")
    r.task("TASK-0003", "in-progress", ["userspace/**", "kernel/**"], rfcs=["RFC-0002"], slug="user")
    r.task("TASK-0004", "draft", ["docs/**"], slug="later")
    r.rfc("RFC-0001", "accepted", ["TASK-0001", "TASK-0002"], slug="one")
    r.rfc("RFC-0002", "draft", ["TASK-0003"], slug="two")
    r.write("gates/governance.yaml", governance())
    r.write("gates/scope-exceptions.yaml", exceptions())
    r.commit("Open the tasks", task=None)
    r.baseline = r.commit("Baseline")
    r.write("gates/governance.yaml", governance(r.baseline, r.baseline if rules_from else ""))
    r.commit("Set the baseline", task="TASK-0001")
    return r


def history(r: Repo) -> tuple[int, int, list[str]]:
    return scope.check_history(r.path)


def said(sha: str, subject: str, what: str) -> str:
    return f'{sha[:7]} "{subject}": {what}'


def test_a_commit_in_scope_passes_and_the_baseline_is_checked(repo):
    repo.write("docs/a.md")
    repo.commit("Add a doc")
    assert history(repo) == (3, 0, [])


def test_a_commit_without_a_trailer_fails(repo):
    repo.write("docs/a.md")
    sha = repo.commit("Add a doc", task=None)
    assert history(repo)[2] == [said(sha, "Add a doc", "has no 'Task: TASK-NNNN' trailer")]


def test_a_path_outside_the_scope_is_named(repo):
    repo.write("userspace/x.c")
    sha = repo.commit("Add x")
    assert history(repo)[2] == [said(sha, "Add x", "path 'userspace/x.c' is outside the scope of TASK-0002")]


def test_a_rename_counts_both_paths(repo):
    repo.write("docs/a.md", "a long enough line to be seen as the same file\n")
    repo.commit("Add a doc")
    (repo.path / "userspace").mkdir()
    repo.git("mv", "docs/a.md", "userspace/a.md")
    out_of_docs = repo.commit("Move it", task="TASK-0002")
    messages = history(repo)[2]
    assert messages == [said(out_of_docs, "Move it", "path 'userspace/a.md' is outside the scope of TASK-0002")]
    repo.git("mv", "userspace/a.md", "docs/b.md")
    back = repo.commit("Move it back", task="TASK-0003")
    assert history(repo)[2][1:] == [said(back, "Move it back", "path 'docs/b.md' is outside the scope of TASK-0003")]


def test_a_deletion_counts(repo):
    repo.write("docs/a.md")
    repo.commit("Add a doc")
    (repo.path / "docs/a.md").unlink()
    sha = repo.commit("Drop it", task="TASK-0003")
    assert history(repo)[2] == [said(sha, "Drop it", "path 'docs/a.md' is outside the scope of TASK-0003")]


def test_a_task_in_draft_cannot_take_commits(repo):
    repo.write("docs/a.md")
    sha = repo.commit("Early work", task="TASK-0004")
    expected = "TASK-0004 is in status 'draft'; commits need one of: in-progress, in-review"
    assert history(repo)[2] == [said(sha, "Early work", expected)]


def test_the_task_is_read_as_it_was_in_each_commit(repo):
    repo.write("docs/a.md")
    early = repo.commit("Early work", task="TASK-0004")
    repo.task("TASK-0004", "in-progress", ["docs/**"], slug="later")
    repo.commit("Start TASK-0004", task="TASK-0004")  # a commit of its own file alone may start it
    repo.write("docs/b.md")
    repo.commit("Later work", task="TASK-0004")
    messages = history(repo)[2]
    assert len(messages) == 1 and messages[0].startswith(said(early, "Early work", "TASK-0004 is in status 'draft'"))


def test_another_tasks_file_is_not_in_scope(repo):
    repo.task("TASK-0004", "ready", ["docs/**"], slug="later")
    sha = repo.commit("Touch a neighbour")
    assert history(repo)[2] == [said(sha, "Touch a neighbour", "path 'tasks/TASK-0004-later.md' is outside the scope of TASK-0002")]


def test_an_rfc_gated_path_needs_an_accepted_rfc(repo):
    repo.write("kernel/a.c")
    repo.commit("Kernel under an accepted RFC")
    repo.write("kernel/b.c")
    sha = repo.commit("Kernel under a draft RFC", task="TASK-0003")
    expected = ("path 'kernel/b.c' is RFC-gated (kernel/**) but TASK-0003 links no RFC that is accepted or implemented "
                "and lists it (RFC-0002 is draft)")
    assert history(repo)[2] == [said(sha, "Kernel under a draft RFC", expected)]


def test_an_unknown_task_is_named(repo):
    repo.write("docs/a.md")
    sha = repo.commit("Stray", task="TASK-0099")
    parent = repo.git("rev-parse", "--short=7", "HEAD~1")
    expected = f"TASK-0099 does not exist in its parent {parent}; a task cannot authorise the commit that creates it"
    assert history(repo)[2] == [said(sha, "Stray", expected)]


def test_a_clean_merge_needs_no_trailer_and_its_commits_are_judged(repo):
    repo.git("checkout", "-q", "-b", "side")
    repo.write("docs/b.md")
    repo.commit("Side doc")
    repo.write("userspace/b.c")
    stray = repo.commit("Side code")
    repo.git("checkout", "-q", "main")
    repo.write("userspace/u.c")
    repo.commit("User code", task="TASK-0003")
    repo.git("merge", "-q", "--no-ff", "side", "-m", "Merge side")
    assert history(repo)[2] == [said(stray, "Side code", "path 'userspace/b.c' is outside the scope of TASK-0002")]


def test_a_merge_is_judged_by_what_it_changed_itself(repo):
    repo.git("checkout", "-q", "-b", "side")
    repo.write("docs/b.md", "1\n2\n3\n")
    repo.commit("Side doc")
    repo.git("checkout", "-q", "main")
    repo.write("docs/b.md", "1\n2\nthree\n")
    repo.commit("Main doc")
    subprocess.run(["git", "merge", "-q", "side"], cwd=repo.path, env=repo.env, capture_output=True)
    repo.write("docs/b.md", "one\n")
    repo.write("userspace/evil.c")
    merge = repo.commit("Merge side", task="TASK-0002")
    assert history(repo)[2] == [said(merge, "Merge side", "path 'userspace/evil.c' is outside the scope of TASK-0002")]


def test_a_listed_exception_is_not_judged(repo):
    repo.write("userspace/x.c")
    sha = repo.commit("Imported before the rules", task=None)
    repo.write("gates/scope-exceptions.yaml", exceptions((sha, "imported history")))
    repo.commit("Except the import", task="TASK-0001")
    assert history(repo) == (3, 1, [])


def test_an_exception_needs_a_reason(repo):
    sha = repo.commit("Anything", task=None)
    repo.write("gates/scope-exceptions.yaml", exceptions((sha, "''")))
    repo.commit("Except it", task="TASK-0001")
    with pytest.raises(scope.GovernanceError, match="gives no reason"):
        history(repo)


def test_the_placeholder_baseline_is_a_clear_error(repo):
    repo.write("gates/governance.yaml", governance())
    repo.commit("Forget the baseline", task="TASK-0001")
    with pytest.raises(scope.GovernanceError, match=r"governance.yaml:1: baseline is the all-zero placeholder"):
        history(repo)


def test_an_unknown_baseline_asks_for_full_history(repo):
    repo.write("gates/governance.yaml", governance("1234567890" * 4))
    repo.commit("Name a commit from elsewhere", task="TASK-0001")
    with pytest.raises(InfraError, match="fetch full history"):
        history(repo)


def test_a_shallow_clone_is_an_infra_error(repo, tmp_path):
    repo.write("docs/a.md")
    repo.commit("Add a doc")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True, env=repo.env)
    with pytest.raises(InfraError, match=r"shallow clone.*fetch full history"):
        scope.check_history(clone)


def stage_context(root: Path) -> StageContext:
    folder = root / "build" / "gates" / "run"
    return StageContext(root, Workspace(root), ToolVersions(), Log(folder / "scope.log"), folder)


def test_the_stage_reports_violations_as_a_failure(repo):
    repo.write("userspace/x.c")
    repo.commit("Add x")
    verdict = scope.run(stage_context(repo.path))
    assert verdict.outcome is Outcome.FAIL
    assert verdict.summary == "scope: 3 commits checked, 1 violations"


def test_the_stage_fails_cleanly_on_the_placeholder(repo):
    repo.write("gates/governance.yaml", governance())
    repo.commit("Forget the baseline", task="TASK-0001")
    verdict = scope.run(stage_context(repo.path))
    assert verdict.outcome is Outcome.FAIL and "placeholder" in verdict.messages[0]


def commit_msg(repo: Repo, message: str) -> tuple[int, str]:
    path = repo.path / ".git" / "COMMIT_EDITMSG"
    path.write_text(message, encoding="utf-8")
    out = io.StringIO()
    return cli.main(["commit-msg", str(path)], root=repo.path, out=out), out.getvalue()


def test_commit_msg_accepts_a_staged_change_in_scope(repo):
    repo.write("docs/c.md")
    repo.git("add", "docs/c.md")
    assert commit_msg(repo, "Add c\n\nTask: TASK-0002\n# Please enter the commit message\n") == (0, "")


def test_commit_msg_rejects_a_staged_path_out_of_scope(repo):
    repo.write("userspace/y.c")
    repo.git("add", "userspace/y.c")
    code, out = commit_msg(repo, "Add y\n\nTask: TASK-0002\n")
    assert code == 1
    assert out.splitlines()[0] == "staged commit \"Add y\": path 'userspace/y.c' is outside the scope of TASK-0002"


def test_commit_msg_ignores_a_trailer_inside_a_comment(repo):
    repo.write("docs/c.md")
    repo.git("add", "docs/c.md")
    code, out = commit_msg(repo, "Add c\n\n# Task: TASK-0002\n")
    assert code == 1 and "has no 'Task: TASK-NNNN' trailer" in out


def test_commit_msg_reads_the_task_from_head_not_from_the_index(repo):
    repo.task("TASK-0004", "in-progress", ["docs/**"], slug="later")
    repo.write("docs/c.md")
    repo.git("add", "-A")
    code, out = commit_msg(repo, "Start 4 and work\n\nTask: TASK-0004\n")
    assert code == 1
    assert out.splitlines()[0] == ('staged commit "Start 4 and work": TASK-0004 is in status \'draft\'; '
                                   "commits need one of: in-progress, in-review")
    repo.git("reset", "-q", "docs/c.md")
    assert commit_msg(repo, "Start 4\n\nTask: TASK-0004\n") == (0, "")


def test_commit_msg_ignores_the_diff_below_the_scissors(repo):
    repo.write("docs/c.md")
    repo.git("add", "docs/c.md")
    verbose = "Add c\n\nTask: TASK-0002\n# ------------------------ >8 ------------------------\n" \
              "diff --git a/docs/c.md b/docs/c.md\n+Task: TASK-0003\n"
    assert commit_msg(repo, verbose) == (0, "")
