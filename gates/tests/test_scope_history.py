"""History cannot be edited out (issue 8, class 4): each hole, reproduced on a real repository.

The baseline and the exceptions were read from the work tree, any commit could add an
exception or move the baseline, only commits on the ancestry path from the baseline
were judged, and a merge was judged against its first parent, so a pull request's merge
commit failed for want of a trailer. Each test below passed (or failed) the old way.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from gates.tests.test_scope import (  # noqa: F401
    Repo,
    commit_msg,
    exceptions,
    governance,
    history,
    make_repo,
    repo,
    said,
)

NO_TRAILER = "has no 'Task: TASK-NNNN' trailer"


def stray(r: Repo, subject: str = "Stray code") -> str:
    """A commit that breaks the rules: a path outside its task's scope."""
    r.write(f"userspace/{subject.replace(' ', '-')}.c")
    return r.commit(subject)


def outside(sha: str, subject: str = "Stray code") -> str:
    return said(sha, subject, f"path 'userspace/{subject.replace(' ', '-')}.c' is outside the scope of TASK-0002")


def test_an_exception_only_in_the_work_tree_does_not_count(repo):
    sha = stray(repo)
    repo.write("gates/scope-exceptions.yaml", exceptions((sha, "never committed")))
    assert history(repo) == (3, 0, [outside(sha)])


def test_a_baseline_moved_only_in_the_work_tree_forgets_nothing(repo):
    sha = stray(repo)
    repo.commit("Later")
    repo.write("gates/governance.yaml", governance(repo.git("rev-parse", "HEAD"), repo.baseline))
    assert history(repo)[2] == [outside(sha)]


def test_moving_the_baseline_fails_and_moving_it_back_judges_everything_again(repo):
    sha = stray(repo)
    later = repo.commit("Later")
    repo.write("gates/governance.yaml", governance(later, repo.baseline))
    move = repo.commit("Move the baseline past it", task="TASK-0001")
    expected = f"changes baseline in gates/governance.yaml from {repo.baseline[:12]} to {later[:12]}; " \
               "it is set once and never changes"
    assert history(repo)[2] == [said(move, "Move the baseline past it", expected)]
    repo.write("gates/governance.yaml", governance(repo.baseline, repo.baseline))
    repo.commit("Put the baseline back", task="TASK-0001")
    assert history(repo)[2] == [outside(sha), said(move, "Move the baseline past it", expected)]


def test_rules_v2_from_is_set_once(repo):
    later = repo.commit("Later")
    repo.write("gates/governance.yaml", governance(repo.baseline, later))
    move = repo.commit("Start the rules later", task="TASK-0001")
    expected = f"changes rules_v2_from in gates/governance.yaml from {repo.baseline[:12]} to {later[:12]}; " \
               "it is set once and never changes"
    assert history(repo)[2] == [said(move, "Start the rules later", expected)]


def test_an_exception_added_without_an_rfc_does_not_count(repo):
    sha = stray(repo)
    repo.task("TASK-0005", "in-progress", ["gates/scope-exceptions.yaml"])
    repo.commit("Open TASK-0005", task="TASK-0005")
    repo.write("gates/scope-exceptions.yaml", exceptions((sha, "it was fine")))
    adder = repo.commit("Forgive it", task="TASK-0005")
    messages = history(repo)[2]
    assert outside(sha) in messages
    assert said(adder, "Forgive it", "path 'gates/scope-exceptions.yaml' is RFC-gated (gates/**) but TASK-0005 "
                                     "links no RFC that is accepted or implemented and lists it") in messages
    assert messages[-1] == (f"gates/scope-exceptions.yaml:2: the exception for {sha[:12]} does not count: "
                            f"it was added by {adder[:12]}, which breaks the rules")


def test_an_exception_added_under_an_rfc_counts(repo):
    sha = stray(repo)
    repo.write("gates/scope-exceptions.yaml", exceptions((sha, "imported as it was")))
    repo.commit("Except the import", task="TASK-0001")
    assert history(repo) == (3, 1, [])


def test_an_exception_cannot_license_a_commit_yet_to_come(repo):
    repo.git("checkout", "-q", "-b", "side")
    sha = stray(repo)
    repo.git("checkout", "-q", "main")
    repo.write("gates/scope-exceptions.yaml", exceptions((sha, "it will be fine")))
    adder = repo.commit("Forgive it in advance", task="TASK-0001")
    repo.git("merge", "-q", "--no-ff", "side", "-m", "Merge side")
    assert history(repo)[2] == [
        outside(sha),
        f"gates/scope-exceptions.yaml:2: the exception for {sha[:12]} does not count: {sha[:12]} is not in the "
        f"history of {adder[:12]}, which added it; an exception records history, it cannot license a later commit",
    ]


def test_an_exception_is_never_removed_or_edited(repo):
    sha = stray(repo)
    repo.write("gates/scope-exceptions.yaml", exceptions((sha, "imported as it was")))
    repo.commit("Except the import", task="TASK-0001")
    repo.write("gates/scope-exceptions.yaml", exceptions((sha, "a better reason")))
    edit = repo.commit("Reword it", task="TASK-0001")
    repo.write("gates/scope-exceptions.yaml", exceptions())
    drop = repo.commit("Drop it", task="TASK-0001")
    assert history(repo)[2] == [
        outside(sha),
        said(edit, "Reword it", f"edits the reason of the exception for {sha[:12]} in gates/scope-exceptions.yaml; "
                                "exceptions are never edited"),
        said(drop, "Drop it", f"removes the exception for {sha[:12]} from gates/scope-exceptions.yaml; "
                              "exceptions are never removed"),
    ]


def test_commit_msg_refuses_removing_an_exception(repo):
    sha = stray(repo)
    repo.write("gates/scope-exceptions.yaml", exceptions((sha, "imported as it was")))
    repo.commit("Except the import", task="TASK-0001")
    repo.write("gates/scope-exceptions.yaml", exceptions())
    repo.git("add", "-A")
    code, out = commit_msg(repo, "Drop it\n\nTask: TASK-0001\n")
    assert code == 1
    assert out.splitlines()[0] == (f'staged commit "Drop it": removes the exception for {sha[:12]} from '
                                   "gates/scope-exceptions.yaml; exceptions are never removed")


def unrelated_history(tmp_path: Path, r: Repo) -> tuple[str, str]:
    """Two commits without trailers in a repository of their own, fetched into `r`."""
    other = Repo(tmp_path / "other")
    other.write("docs/imported.md")
    first = other.commit("Imported one", task=None)
    other.write("docs/imported-too.md")
    second = other.commit("Imported two", task=None)
    r.git("fetch", "-q", str(other.path), "main:imported")
    return first, second


def test_a_merged_unrelated_history_is_judged_commit_by_commit(repo, tmp_path):
    first, second = unrelated_history(tmp_path, repo)
    repo.git("merge", "-q", "--allow-unrelated-histories", "imported", "-m", "Bring in the docs\n\nTask: TASK-0002")
    assert history(repo)[2] == [said(first, "Imported one", NO_TRAILER), said(second, "Imported two", NO_TRAILER)]


def test_a_pull_request_merge_commit_needs_no_trailer(repo):
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("docs/a.md", "1\n2\n3\n4\n5\n6\n")
    repo.commit("The pull request's work")
    repo.git("checkout", "-q", "main")
    repo.write("docs/b.md")
    repo.commit("Meanwhile on main")
    repo.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #1 from someone/pr")
    assert history(repo) == (5, 0, [])


def test_a_pull_request_is_judged_by_its_own_commits(repo):
    repo.git("checkout", "-q", "-b", "pr")
    sha = stray(repo)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #2 from someone/pr")
    assert history(repo)[2] == [outside(sha)]


def test_commits_before_rules_v2_from_keep_the_rules_of_their_time(tmp_path):
    r = make_repo(tmp_path / "repo", rules_from=False)
    r.task("TASK-0005", "in-progress", ["docs/**"])
    r.write("docs/a.md")
    early = r.commit("Open TASK-0005 and work", task="TASK-0005")  # licensed itself, as it could then
    first_new = r.commit("First commit under the new rules", task="TASK-0005")
    r.write("gates/governance.yaml", governance(r.baseline, first_new))
    r.commit("The new rules apply from here", task="TASK-0001")
    r.task("TASK-0006", "in-progress", ["docs/**"])
    r.write("docs/b.md")
    late = r.commit("Open TASK-0006 and work", task="TASK-0006")
    parent = r.git("rev-parse", "--short=7", "HEAD~1")
    expected = f"TASK-0006 does not exist in its parent {parent}; a task cannot authorise the commit that creates it"
    assert history(r)[2] == [said(late, "Open TASK-0006 and work", expected)]
    assert early  # judged by the rules before rules_v2_from: its own tree held its task


def test_commit_msg_lets_a_clean_merge_through_and_judges_what_a_merge_changes_itself(repo):
    repo.git("checkout", "-q", "-b", "side")
    repo.write("userspace/side.c")
    repo.commit("Side work", task="TASK-0003")
    repo.git("checkout", "-q", "main")
    repo.write("docs/main.md")
    repo.commit("Main work")
    repo.git("merge", "-q", "--no-commit", "--no-ff", "side")
    assert commit_msg(repo, "Merge side\n") == (0, "")
    repo.write("userspace/fixup.c")
    repo.git("add", "-A")
    code, out = commit_msg(repo, "Merge side\n\nTask: TASK-0002\n")
    assert (code, out.splitlines()[0]) == (1, "staged commit \"Merge side\": path 'userspace/fixup.c' is outside "
                                              "the scope of TASK-0002")


def test_a_clean_merge_of_two_changes_to_one_file_needs_no_trailer(repo):
    repo.write("docs/a.md", "".join(f"{n}\n" for n in range(1, 9)))
    repo.commit("A doc")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("docs/a.md", "".join(f"{n}\n" for n in range(1, 9)).replace("3\n", "three\n"))
    repo.commit("Side edit")
    repo.git("checkout", "-q", "main")
    repo.write("docs/a.md", "".join(f"{n}\n" for n in range(1, 9)).replace("5\n", "five\n"))
    repo.commit("Main edit")
    repo.git("merge", "-q", "--no-ff", "side", "-m", "Merge side")
    assert repo.path.joinpath("docs/a.md").read_text().startswith("1\n2\nthree\n4\nfive\n")
    assert history(repo)[2] == []


def test_commit_msg_lets_a_clean_merge_of_two_changes_to_one_file_through(repo):
    repo.write("docs/a.md", "".join(f"{n}\n" for n in range(1, 9)))
    repo.commit("A doc")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("docs/a.md", "".join(f"{n}\n" for n in range(1, 9)).replace("3\n", "three\n"))
    repo.commit("Side edit")
    repo.git("checkout", "-q", "main")
    repo.write("docs/a.md", "".join(f"{n}\n" for n in range(1, 9)).replace("5\n", "five\n"))
    repo.commit("Main edit")
    repo.git("merge", "-q", "--no-commit", "--no-ff", "side")
    assert commit_msg(repo, "Merge side\n") == (0, "")
    repo.write("docs/a.md", "1\n2\nthree\n4\nfive\nsix\n7\n8\n")
    repo.git("add", "-A")
    code, out = commit_msg(repo, "Merge side\n")
    assert (code, out.splitlines()[0]) == (1, "staged commit \"Merge side\": has no 'Task: TASK-NNNN' trailer")


def test_a_merge_that_undoes_the_other_sides_work_is_judged_as_its_own_change(repo):
    repo.write("docs/a.md", "old\n")
    repo.commit("A doc")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("docs/b.md")
    repo.commit("Side work")
    repo.git("checkout", "-q", "main")
    repo.write("docs/a.md", "new\n")
    repo.commit("Main's work")
    repo.git("merge", "-q", "--no-commit", "--no-ff", "side")
    repo.git("checkout", "side", "--", "docs/a.md")  # keep the side's (the base's) version
    repo.git("commit", "-q", "-m", "Merge side")
    merge = repo.git("rev-parse", "HEAD").strip()
    assert repo.path.joinpath("docs/a.md").read_text() == "old\n"
    assert history(repo)[2] == [said(merge, "Merge side", NO_TRAILER)]
