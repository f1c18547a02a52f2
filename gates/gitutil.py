"""The few git questions the gates ask, each as one small function over `git`.

This module owns running git read-only and decoding its machine-readable output
(-z lists, trailers, name-status). It never changes a repository's state, and it
holds no judgement: the scope stage decides what the answers mean.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


class GitError(Exception):
    """git failed; the message holds the command and what git printed."""


def git(root: Path, *args: str, stdin: str | None = None) -> str:
    """Run `git args` in `root` and return its standard output; raise GitError on failure."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed") from exc
    if done.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {done.stderr.strip() or f'exit {done.returncode}'}")
    return done.stdout


def head(root: Path) -> str | None:
    """HEAD's commit id, or None on a branch with no commits yet."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip() or None
    except GitError:
        return None


def has_commit(root: Path, rev: str) -> bool:
    try:
        git(root, "cat-file", "-e", f"{rev}^{{commit}}")
    except GitError:
        return False
    return True


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    try:
        git(root, "merge-base", "--is-ancestor", ancestor, descendant)
    except GitError:
        return False
    return True


def is_shallow(root: Path) -> bool:
    try:
        return git(root, "rev-parse", "--is-shallow-repository").strip() == "true"
    except GitError:
        return False


def work_tree_files(root: Path, *pathspecs: str) -> list[str]:
    """Tracked files plus untracked files that are not ignored, sorted, that exist on disk."""
    out = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *pathspecs)
    names = sorted(set(filter(None, out.split("\0"))))
    return [n for n in names if (root / n).is_file()]


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    parents: tuple[str, ...]
    subject: str
    tasks: tuple[str, ...]  # the values of its Task trailers, in order


_FIELD, _RECORD = "\x1f", "\x1d"
_LOG_FORMAT = f"%H{_FIELD}%P{_FIELD}%s{_FIELD}%(trailers:key=Task,valueonly,separator=%x1e){_RECORD}"


def _commit_infos(text: str) -> list[CommitInfo]:
    infos = []
    for record in text.split(_RECORD):
        record = record.strip("\n")
        if not record:
            continue
        sha, parents, subject, tasks = record.split(_FIELD)
        values = tuple(t.strip() for t in tasks.split("\x1e") if t.strip())
        infos.append(CommitInfo(sha, tuple(parents.split()), subject, values))
    return infos


def commits_since(root: Path, baseline: str, tip: str = "HEAD") -> list[CommitInfo]:
    """The baseline and every commit descending from it up to `tip`, oldest first."""
    first = git(root, "log", "-1", f"--format={_LOG_FORMAT}", baseline)
    rest = git(root, "log", "--reverse", "--topo-order", "--ancestry-path", f"--format={_LOG_FORMAT}", f"{baseline}..{tip}")
    return _commit_infos(first) + _commit_infos(rest)


SCISSORS = "# ------------------------ >8 ------------------------"


def message_trailers(root: Path, message: str, key: str) -> tuple[str, ...]:
    """The values of trailer `key` in a commit message as the commit-msg hook sees it:
    # comment lines are dropped, and so is everything below a `git commit -v` scissors line."""
    message = message.split("\n" + SCISSORS, 1)[0]
    stripped = git(root, "stripspace", "--strip-comments", stdin=message)
    parsed = git(root, "interpret-trailers", "--parse", stdin=stripped)
    values = []
    for line in parsed.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == key.lower():
            values.append(value.strip())
    return tuple(values)


@dataclass(frozen=True)
class Change:
    """One entry of a name-status diff. A rename or copy has both paths; others only `path`."""

    status: str
    path: str
    old_path: str | None = None

    @property
    def paths(self) -> tuple[str, ...]:
        return (self.old_path, self.path) if self.old_path else (self.path,)


def parse_name_status_z(text: str) -> list[Change]:
    fields = text.split("\0")
    changes = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status[0] in "RC":
            changes.append(Change(status[0], fields[i + 2], fields[i + 1]))
            i += 3
        else:
            changes.append(Change(status[0], fields[i + 1]))
            i += 2
    return changes


def commit_changes(root: Path, commit: CommitInfo) -> list[Change]:
    """What `commit` changed: against its first parent, or against nothing for a root commit."""
    if commit.parents:
        out = git(root, "diff-tree", "-r", "-M", "--name-status", "-z", commit.parents[0], commit.sha)
    else:
        out = git(root, "diff-tree", "-r", "--root", "-M", "--name-status", "--no-commit-id", "-z", commit.sha)
    return parse_name_status_z(out)


def staged_changes(root: Path) -> list[Change]:
    return parse_name_status_z(git(root, "diff", "--cached", "--name-status", "-M", "-z"))


def tree_files(root: Path, treeish: str, *folders: str) -> list[str]:
    """File paths under `folders` in a commit's tree (treeish a commit id) or in the index ("")."""
    if treeish:
        out = git(root, "ls-tree", "-r", "-z", "--name-only", treeish, "--", *folders)
    else:
        out = git(root, "ls-files", "-z", "--cached", "--", *folders)
    return [n for n in out.split("\0") if n]


def show_file(root: Path, treeish: str, path: str) -> str:
    """A file's text in a commit's tree, or in the index when treeish is ""."""
    return git(root, "show", f"{treeish}:{path}")
