"""A commit cannot license itself (issue 8, class 3): each hole, reproduced on a real repository.

Every test commits what a careless or dishonest contributor did and asks the scope
stage (scope.check_history) or the commit-msg hook for their verdict. Before RFC-0006
each of these passed: the task and RFCs were read from the commit's own tree.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from gates import globs
from gates.stages import scope
from gates.tests.test_scope import Repo, commit_msg, doc, governance, history, repo, said  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


def open_task(r: Repo, doc_id: str, status: str, scope: list[str], rfcs: list[str] | None = None) -> str:
    """Open a task the way the rules allow: a commit of its own file alone."""
    r.task(doc_id, status, scope, rfcs=rfcs)
    return r.commit(f"Open {doc_id}", task=doc_id)


def test_a_commit_cannot_widen_its_own_scope_and_use_it(repo):
    repo.task("TASK-0002", "in-progress", ["**"], rfcs=["RFC-0001"], slug="docs")
    repo.write("gates/stages/scope.py", "# checks nothing\n")
    repo.write("gates/governance.yaml", governance(repo.baseline, repo.baseline, gated=("docs/**",)))
    sha = repo.commit("Widen and rewrite the rules")
    assert history(repo)[2] == [
        said(sha, "Widen and rewrite the rules", "path 'gates/governance.yaml' is outside the scope of TASK-0002"),
        said(sha, "Widen and rewrite the rules", "path 'gates/stages/scope.py' is outside the scope of TASK-0002"),
    ]


def test_a_scope_of_every_path_authorises_nothing(repo):
    repo.task("TASK-0002", "in-progress", ["**"], rfcs=["RFC-0001"], slug="docs")
    repo.commit("Widen TASK-0002")
    repo.write("userspace/x.c")
    sha = repo.commit("Use the wide scope")
    expected = ("TASK-0002's scope covers the whole tree (its glob '**' names no folder or file); "
                "a scope names what the task may change")
    assert history(repo)[2] == [said(sha, "Use the wide scope", expected)]


def test_a_scope_listing_every_top_level_folder_authorises_nothing(repo):
    for rel in ("docs/a.md", "kernel/a.c", "userspace/a.c", "Makefile", ".github/ci.yml"):
        repo.write(rel)
    repo.commit("Lay out the tree", task=None)
    everything = ["docs/**", "kernel/**", "userspace/**", "tasks/**", "rfcs/**", "gates/**", "Makefile"]
    open_task(repo, "TASK-0005", "in-progress", everything, rfcs=["RFC-0001"])
    repo.write("docs/b.md")
    sha = repo.commit("Anything goes", task="TASK-0005")
    messages = [m for m in history(repo)[2] if "Anything goes" in m]
    assert messages == [said(sha, "Anything goes", "TASK-0005's scope covers the whole tree (its globs match every one "
                             "of the 13 files outside the top-level dot folders); a scope names what the task may change")]


def test_a_done_task_accepts_no_commits(repo):
    repo.task("TASK-0002", "done", ["docs/**", "kernel/**"], rfcs=["RFC-0001"], slug="docs")
    repo.commit("TASK-0002 done")
    repo.write("kernel/a.c")
    repo.write("docs/deadline.md")
    sha = repo.commit("More work under a finished task")
    expected = "TASK-0002 is done; done and superseded tasks accept no commits (a follow-up task takes later work)"
    assert history(repo)[2] == [said(sha, "More work under a finished task", expected)]


def test_a_done_tasks_evidence_is_not_edited_afterwards(repo):
    repo.task("TASK-0002", "done", ["docs/**", "kernel/**"], rfcs=["RFC-0001"], slug="docs")
    repo.commit("TASK-0002 done")
    (repo.path / "tasks/TASK-0002-docs.md").write_text(
        doc("task", "TASK-0002", "done", rfcs=["RFC-0001"], scope=["docs/**", "kernel/**"]) + "Measured later.\n")
    sha = repo.commit("Better evidence")
    assert history(repo)[2] == [
        said(sha, "Better evidence", "TASK-0002 is done; done and superseded tasks accept no commits "
                                     "(a follow-up task takes later work)"),
        said(sha, "Better evidence", "TASK-0002 is done; its file never changes again "
                                     "(a follow-up task records later work)"),
    ]


def test_a_done_task_is_never_revived(repo):
    repo.task("TASK-0002", "done", ["docs/**", "kernel/**"], rfcs=["RFC-0001"], slug="docs")
    repo.commit("TASK-0002 done")
    open_task(repo, "TASK-0005", "in-progress", ["tasks/TASK-0002-docs.md"])
    repo.task("TASK-0002", "in-progress", ["docs/**", "kernel/**"], rfcs=["RFC-0001"], slug="docs")
    sha = repo.commit("Reopen TASK-0002", task="TASK-0005")
    expected = "TASK-0002 goes from 'done' to 'in-progress'; a done task is never revived"
    assert history(repo)[2] == [said(sha, "Reopen TASK-0002", expected)]


def test_a_contract_is_never_deleted(repo):
    open_task(repo, "TASK-0005", "in-progress", ["rfcs/RFC-0002-two.md"])
    (repo.path / "rfcs" / "RFC-0002-two.md").unlink()
    sha = repo.commit("Forget RFC-0002", task="TASK-0005")
    expected = "deletes RFC-0002; a contract is never deleted (mark it superseded)"
    assert history(repo)[2] == [said(sha, "Forget RFC-0002", expected)]


def test_a_task_cannot_authorise_the_commit_that_creates_it(repo):
    repo.task("TASK-0005", "in-progress", ["docs/**"])
    repo.write("docs/a.md")
    sha = repo.commit("Open TASK-0005 and do its work", task="TASK-0005")
    parent = repo.git("rev-parse", "--short=7", "HEAD~1")
    expected = f"TASK-0005 does not exist in its parent {parent}; a task cannot authorise the commit that creates it"
    assert history(repo)[2] == [said(sha, "Open TASK-0005 and do its work", expected)]


def test_no_task_is_born_done(repo):
    sha = open_task(repo, "TASK-0005", "done", ["docs/**"])
    expected = "TASK-0005 is born 'done'; a new task starts as one of: draft, ready, in-progress, blocked"
    assert history(repo)[2] == [said(sha, "Open TASK-0005", expected)]


def test_an_rfc_born_accepted_with_the_change_it_licenses_licenses_nothing(repo):
    open_task(repo, "TASK-0005", "in-progress", ["kernel/**", "rfcs/RFC-0009-*.md"], rfcs=["RFC-0009"])
    repo.rfc("RFC-0009", "accepted", ["TASK-0005"], slug="mine")
    repo.write("kernel/a.c")
    sha = repo.commit("RFC-0009 and the kernel change", task="TASK-0005")
    subject = "RFC-0009 and the kernel change"
    assert history(repo)[2] == [
        said(sha, subject, "path 'kernel/a.c' is RFC-gated (kernel/**) but TASK-0005 links no RFC that is accepted "
                           "or implemented and lists it (RFC-0009 has no file under rfcs/)"),
        said(sha, subject, "RFC-0009 is born 'accepted'; a new RFC starts as one of: draft, proposed"),
    ]


def test_an_accepted_rfc_about_something_else_licenses_nothing(repo):
    open_task(repo, "TASK-0005", "in-progress", ["kernel/**"], rfcs=["RFC-0001"])
    repo.write("kernel/a.c")
    sha = repo.commit("Kernel change under RFC-0001", task="TASK-0005")
    expected = ("path 'kernel/a.c' is RFC-gated (kernel/**) but TASK-0005 links no RFC that is accepted or "
                "implemented and lists it (RFC-0001 does not list TASK-0005 in its tasks)")
    assert history(repo)[2] == [said(sha, "Kernel change under RFC-0001", expected)]


def test_an_accepted_rfc_does_not_take_on_more_tasks(repo):
    open_task(repo, "TASK-0005", "in-progress", ["rfcs/RFC-0001-one.md"])
    repo.rfc("RFC-0001", "accepted", ["TASK-0001", "TASK-0002", "TASK-0005"], slug="one")
    sha = repo.commit("RFC-0001 covers TASK-0005 too", task="TASK-0005")
    expected = "RFC-0001 is accepted; the tasks it licenses are fixed from then on (a new RFC licenses more)"
    assert history(repo)[2] == [said(sha, "RFC-0001 covers TASK-0005 too", expected)]


def test_an_rfc_is_accepted_only_from_proposed(repo):
    open_task(repo, "TASK-0005", "in-progress", ["rfcs/RFC-0002-two.md"])
    repo.rfc("RFC-0002", "accepted", ["TASK-0003"], slug="two")
    sha = repo.commit("Accept a draft", task="TASK-0005")
    expected = "RFC-0002 goes from 'draft' to 'accepted'; from 'draft' a RFC may go to: proposed, rejected, superseded"
    assert history(repo)[2] == [said(sha, "Accept a draft", expected)]


def test_the_gate_and_its_data_need_an_rfc_that_lists_the_task(repo):
    open_task(repo, "TASK-0005", "in-progress", ["gates/**"], rfcs=["RFC-0001"])
    repo.write("gates/stages/scope.py", "# checks nothing\n")
    sha = repo.commit("Loosen the gate", task="TASK-0005")
    expected = ("path 'gates/stages/scope.py' is RFC-gated (gates/**) but TASK-0005 links no RFC that is accepted "
                "or implemented and lists it (RFC-0001 does not list TASK-0005 in its tasks)")
    assert history(repo)[2] == [said(sha, "Loosen the gate", expected)]


def test_cairns_governance_data_gate_the_gate_the_schemas_and_themselves():
    data = yaml.safe_load((ROOT / "gates" / "governance.yaml").read_text(encoding="utf-8"))
    for path in ("gates/governance.yaml", "gates/scope-exceptions.yaml", "gates/stages/scope.py",
                 "schemas/task.schema.json", "kernel/main.c"):
        assert globs.first_match(data["rfc_gated"], path), f"{path} is not RFC-gated"


def test_commit_msg_reads_the_rfc_from_head(repo):
    open_task(repo, "TASK-0005", "in-progress", ["kernel/**", "rfcs/RFC-0009-*.md"], rfcs=["RFC-0009"])
    repo.rfc("RFC-0009", "accepted", ["TASK-0005"], slug="mine")
    repo.write("kernel/a.c")
    repo.git("add", "-A")
    code, out = commit_msg(repo, "RFC-0009 and the kernel change\n\nTask: TASK-0005\n")
    assert code == 1
    assert out.splitlines()[:2] == [
        "staged commit \"RFC-0009 and the kernel change\": path 'kernel/a.c' is RFC-gated (kernel/**) but TASK-0005 "
        "links no RFC that is accepted or implemented and lists it (RFC-0009 has no file under rfcs/)",
        "staged commit \"RFC-0009 and the kernel change\": RFC-0009 is born 'accepted'; "
        "a new RFC starts as one of: draft, proposed",
    ]


def test_commit_msg_refuses_a_done_task(repo):
    repo.task("TASK-0002", "done", ["docs/**", "kernel/**"], rfcs=["RFC-0001"], slug="docs")
    repo.commit("TASK-0002 done")
    repo.write("docs/a.md")
    repo.git("add", "-A")
    code, out = commit_msg(repo, "Late\n\nTask: TASK-0002\n")
    assert code == 1 and "TASK-0002 is done; done and superseded tasks accept no commits" in out


def lifecycle_table(folder: str) -> dict[str, set[str]]:
    """RFC-0001's table for `folder`: {status or "(new)": the statuses it may go to}."""
    text = (ROOT / "rfcs" / "RFC-0001-contract-process.md").read_text(encoding="utf-8")
    body = text.split(f"<!-- lifecycle:{folder}:begin -->")[1].split(f"<!-- lifecycle:{folder}:end -->")[0]
    rows = [line.strip().strip("|").split("|") for line in body.strip().splitlines()[2:]]
    table = {}
    for status, goes in rows:
        listed = goes.split(":")[0].split(";")[0].strip()
        table[status.strip()] = set() if listed == "nothing" else {s.strip() for s in listed.split(",")}
    return table


def test_rfc_0001_states_the_lifecycle_the_gate_keeps():
    common = json.loads((ROOT / "schemas" / "common.schema.json").read_text(encoding="utf-8"))["$defs"]
    for folder, enum in (("tasks", "task_status"), ("rfcs", "rfc_status")):
        cycle, table, statuses = scope.LIFECYCLES[folder], lifecycle_table(folder), common[enum]["enum"]
        assert set(table) == {"(new)", *statuses}
        assert table["(new)"] == set(cycle.born)
        for status in statuses:
            assert table[status] == set(cycle.next.get(status, ())), f"{folder}: {status}"
