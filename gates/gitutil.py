"""The few git questions the gates ask, each as one small function over `git`.

This module owns running git read-only and decoding its machine-readable output
(-z lists, trailers, name-status). It never changes a repository's state, and it
holds no judgement: the scope stage decides what the answers mean.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
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


def tracked_files(root: Path, *pathspecs: str) -> list[str]:
    """Files git tracks (the index), relative to `root`, sorted, that exist on disk.

    Untracked files are never listed: a view built from this is the one a fresh clone
    of the committed tree would give (up to uncommitted edits of tracked files).
    """
    out = git(root, "ls-files", "-z", "--cached", "--", *pathspecs)
    names = sorted(set(filter(None, out.split("\0"))))
    return [n for n in names if (root / n).is_file()]


def is_dirty(root: Path) -> bool | None:
    """Whether the work tree differs from HEAD: a change, staged or not, or an untracked file
    that is not ignored. None when `root` is not in a git work tree."""
    try:
        return bool(git(root, "status", "--porcelain", "-z").strip("\0"))
    except GitError:
        return None


def hooks_dir(root: Path) -> Path | None:
    """The folder git runs hooks from (core.hooksPath, or the common git dir's hooks/);
    None outside a repository."""
    try:
        return Path(git(root, "rev-parse", "--path-format=absolute", "--git-path", "hooks").strip())
    except GitError:
        return None


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

    @property
    def label(self) -> str:
        """How messages name the commit: short id and subject."""
        return f'{self.sha[:7]} "{self.subject}"'


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


def parents(root: Path, rev: str) -> tuple[str, ...]:
    """The parents of commit `rev`, first parent first (none for a root commit)."""
    return tuple(git(root, "rev-list", "--parents", "-n", "1", rev).split()[1:])


def commits_reachable(root: Path, tip: str = "HEAD", hidden: tuple[str, ...] = ()) -> list[CommitInfo]:
    """Every commit reachable from `tip` and from none of `hidden`, oldest first
    (parents before children), merged histories included."""
    args = ["log", "--reverse", "--topo-order", f"--format={_LOG_FORMAT}", tip]
    if hidden:
        args += ["--not", *hidden]
    return _commit_infos(git(root, *args))


def ancestors(root: Path, rev: str) -> set[str]:
    """Every proper ancestor of commit `rev` (empty for a root commit)."""
    above = parents(root, rev)
    return set(git(root, "rev-list", *above).split()) if above else set()


def blob_ids(root: Path, specs: list[str]) -> dict[str, str | None]:
    """The blob id of each `commit:path` in `specs`, None where the path is absent.
    One git process answers them all."""
    if not specs:
        return {}
    out = git(root, "cat-file", "--batch-check=%(objectname) %(objecttype)", stdin="\n".join(specs) + "\n")
    answers = out.splitlines()
    found: dict[str, str | None] = {}
    for spec, answer in zip(specs, answers, strict=True):
        name, _, kind = answer.partition(" ")
        found[spec] = name if kind == "blob" else None
    return found


def blob_text(root: Path, blob: str) -> str:
    return git(root, "cat-file", "blob", blob)


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
    blob: str | None = field(default=None, compare=False)  # the new content's blob, when known
    mode: str = field(default="", compare=False)  # the new content's mode, when known

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


def first_parent_changes(root: Path, commits: list[CommitInfo]) -> dict[str, list[Change]]:
    """What each commit changed against its first parent (against nothing for a root
    commit), with the new blob of each path, for many commits in one git process."""
    if not commits:
        return {}
    pairs = "".join(f"{c.sha} {c.parents[0]}\n" if c.parents else f"{c.sha}\n" for c in commits)
    out = git(root, "diff-tree", "--stdin", "--root", "-r", "-M", "--raw", "--no-abbrev", "-z", stdin=pairs)
    found: dict[str, list[Change]] = {c.sha: [] for c in commits}
    fields = out.split("\0")
    i, current = 0, ""
    while i < len(fields) and fields[i]:
        if not fields[i].startswith(":"):
            current = fields[i].strip()  # the commit whose changes follow
            i += 1
            continue
        _, mode, _, blob, status = fields[i][1:].split(" ")
        kept = blob if status[0] != "D" else None
        if status[0] in "RC":
            found[current].append(Change(status[0], fields[i + 2], fields[i + 1], kept, mode))
            i += 3
        else:
            found[current].append(Change(status[0], fields[i + 1], None, kept, mode))
            i += 2
    return found


def apply_changes(tree: dict[str, str], changes: list[Change]) -> dict[str, str]:
    """The {path: blob} tree after `changes` (from first_parent_changes) on `tree`."""
    after = dict(tree)
    for change in changes:
        if change.status == "R" and change.old_path:
            after.pop(change.old_path, None)
        if change.status == "D" or change.blob is None or change.mode == "160000":
            after.pop(change.path, None)
        else:
            after[change.path] = change.blob
    return after


def merge_changes(root: Path, commit: CommitInfo) -> list[Change]:
    """What a merge changed itself: the paths that differ from every parent and hold a
    line from none of them. A clean merge, whose every line comes from one parent or
    another, changes nothing itself, even where two sides changed one file."""
    out = git(root, "diff-tree", "-r", "--cc", "--name-only", "-z", "--no-commit-id", commit.sha)
    changed = []
    for path in filter(None, out.split("\0")):
        patch = git(root, "diff-tree", "--cc", "-p", "--no-commit-id", commit.sha, "--", f":(literal){path}")
        if has_own_lines(patch, len(commit.parents)):
            changed.append(Change("M", path))
    own = {c.path for c in changed}
    return changed + [Change("M", p) for p in discarded_work(root, commit) if p not in own]


def _names(root: Path, a: str, b: str) -> set[str]:
    return set(filter(None, git(root, "diff", "--name-only", "--no-renames", "-z", a, b).split("\0")))


def discarded_work(root: Path, commit: CommitInfo) -> list[str]:
    """Paths of a two-parent merge that only one side changed since the merge base, where
    the merge did not keep that side's version. A clean merge takes the changed side's
    file; keeping the other side's (the base's) undoes that work, and matching one parent,
    it is invisible to the combined diff. Unrelated histories have no base: the combined
    diff already sees every difference there."""
    if len(commit.parents) != 2:
        return []
    first, second = commit.parents
    try:
        base = git(root, "merge-base", first, second).strip()
    except GitError:
        return []
    sides = {first: _names(root, base, first), second: _names(root, base, second)}
    found: set[str] = set()
    for side, other in ((first, second), (second, first)):
        only = sides[side] - sides[other]
        if only:
            found |= only & _names(root, side, commit.sha)
    return sorted(found)


def has_own_lines(patch: str, parents: int) -> bool:
    """Whether a combined diff of one file (git diff --cc) holds a line of the merge's own:
    added against every parent, or removed from every parent. A file the merge deleted,
    or a binary file, counts as its own change."""
    hunk_header = "@" * (parents + 1)
    in_hunk = False
    for line in patch.splitlines():
        if line.startswith(hunk_header):
            in_hunk = True
        elif not in_hunk:
            if line.startswith(("deleted file mode", "Binary files")):
                return True
        elif len(line) >= parents and len(set(line[:parents])) == 1 and line[0] in "+-":
            return True
    return False


def staged_changes(root: Path) -> list[Change]:
    return parse_name_status_z(git(root, "diff", "--cached", "--name-status", "-M", "-z"))


def merge_heads(root: Path) -> tuple[str, ...]:
    """The commits a merge in progress joins to HEAD (MERGE_HEAD); none outside a merge."""
    path = Path(git(root, "rev-parse", "--git-path", "MERGE_HEAD").strip())
    try:
        return tuple((path if path.is_absolute() else root / path).read_text(encoding="utf-8").split())
    except OSError:
        return ()


def staged_paths_against(root: Path, rev: str) -> set[str]:
    """The paths where the index differs from commit `rev`."""
    return set(filter(None, git(root, "diff", "--cached", "--name-only", "--no-renames", "-z", rev).split("\0")))


def staged_merge_changes(root: Path, parents: tuple[str, ...]) -> list[Change]:
    """What the merge being made changes itself, as merge_changes judges a merge commit:
    paths where the index differs from every parent and holds a line from none of them
    (a line is matched by its text here, as no commit exists yet to diff)."""
    differing = set.intersection(*(staged_paths_against(root, p) for p in parents))
    return [Change("M", path) for path in sorted(differing) if _staged_own_lines(root, parents, path)]


def _staged_own_lines(root: Path, parents: tuple[str, ...], path: str) -> bool:
    added: set[str] | None = None
    removed: set[str] | None = None
    for parent in parents:
        patch = git(root, "diff", "--cached", "-U0", "--no-renames", parent, "--", f":(literal){path}")
        if "\nBinary files " in patch or patch.startswith("Binary files "):
            return True
        lines = [ln for ln in patch.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++ ", "--- "))]
        plus = {ln[1:] for ln in lines if ln[0] == "+"}
        minus = {ln[1:] for ln in lines if ln[0] == "-"}
        added = plus if added is None else added & plus
        removed = minus if removed is None else removed & minus
    return bool(added) or bool(removed)


def tree_files(root: Path, treeish: str, *folders: str) -> list[str]:
    """File paths under `folders` (all, when none is given) in a commit's tree (treeish
    a commit id) or in the index ("")."""
    if treeish:
        out = git(root, "ls-tree", "-r", "-z", "--name-only", treeish, "--", *folders)
    else:
        out = git(root, "ls-files", "-z", "--cached", "--", *folders)
    return [n for n in out.split("\0") if n]


def tree_blobs(root: Path, treeish: str) -> dict[str, str]:
    """Every file of a commit's tree (treeish a commit id), or of the index (""), with
    its blob id: {path: blob}."""
    if treeish:
        out = git(root, "ls-tree", "-r", "-z", "--full-tree", treeish)
    else:
        out = git(root, "ls-files", "-z", "--stage", "--full-name")
    found = {}
    for entry in filter(None, out.split("\0")):
        meta, _, path = entry.partition("\t")
        fields = meta.split()
        if (fields[1] == "blob") if treeish else (fields[0] != "160000"):  # files, not submodules
            found[path] = fields[2] if treeish else fields[1]
    return found


def show_file(root: Path, treeish: str, path: str) -> str:
    """A file's text in a commit's tree, or in the index when treeish is ""."""
    return git(root, "show", f"{treeish}:{path}")
