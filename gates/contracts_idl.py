"""Interface files against the RFCs and against their own history (RFC-0012).

Each protocol's reference, as tools/idlgen.py generates it, must be included unchanged in
an RFC between `<!-- idl:NAME -->` and `<!-- /idl:NAME -->`, and every such block must name
a protocol; the interface files must be ones the generator accepts.

A stable protocol keeps its wire unless its version goes up ("Compatibility").

Each interface file, idl/NAME.yaml, is compared with its version one commit earlier: the work
tree's with HEAD's (what the next commit would change), and in every commit of the history
that changed it, with that commit's first parent's. When the earlier version is `stable` and
the later one's `version` is not higher, the later one must keep every method the earlier one
had, each with the same ordinal, request and reply fields (name, place, bits, type, bounds,
optional, kind, rights) and errors, the same tags, and the same constants and enum values the
fields are bounded by. Adding a method is compatible. An `unstable` protocol may change
freely. A file that does not parse is left to the generator, which refuses it in the build.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from gates import gitutil
from gates.findings import Finding

FOLDER = "idl"
GENERATOR = "tools/idlgen.py"
RFCS = "rfcs"


def _generator(root: Path) -> ModuleType:
    """tools/idlgen.py of the tree under check, loaded as a module."""
    spec = importlib.util.spec_from_file_location("cairn_idlgen", root / GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def check_references(root: Path) -> list[Finding]:
    """Every protocol's reference included unchanged in an RFC; no block for no protocol."""
    files = sorted((root / FOLDER).glob("*.yaml"))
    if not files or not (root / GENERATOR).exists():
        return []
    gen = _generator(root)
    try:
        protocols = gen.load_all(files)
    except gen.IdlError as exc:
        return [Finding(line.split(":", 2)[0], int(line.split(":", 2)[1]), line.split(":", 2)[2].strip())
                for line in str(exc).splitlines() if line.count(":") >= 2 and line.split(":", 2)[1].isdigit()]
    wanted = {p.name: (p.path, gen.reference(p)) for p in protocols}
    found: set[str] = set()
    findings = []
    for rfc in sorted((root / RFCS).glob("*.md")):
        text = rfc.read_text(encoding="utf-8")
        rel = rfc.relative_to(root).as_posix()
        for match in gen.BLOCK.finditer(text):
            name, body = match.group(2), match.group(3)
            line = text.count("\n", 0, match.start()) + 1
            if name not in wanted:
                findings.append(Finding(rel, line, f"an idl:{name} block, but no idl/{name}.yaml"))
            elif body != wanted[name][1]:
                findings.append(Finding(rel, line, f"the reference of protocol {name} differs from what "
                                        f"idl/{name}.yaml generates: run {GENERATOR} idl/*.yaml --sync-rfcs"))
            found.add(name)
    findings += [Finding(path, 1, f"no RFC includes the reference of protocol {name} "
                         f"(an <!-- idl:{name} --> block)") for name, (path, _) in wanted.items()
                 if name not in found]
    return findings


def _load(text: str) -> dict[str, Any] | None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1


def breaks(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    """(what to find in the new text, problem) for each way `new` breaks peers of a stable `old`."""
    if old.get("stability") != "stable":
        return []
    if isinstance(new.get("version"), int) and isinstance(old.get("version"), int) and \
            new["version"] > old["version"]:
        return []
    problems: list[tuple[str, str]] = []
    if new.get("tags") != old.get("tags"):
        problems.append(("tags:", "the tags changed"))
    for section in ("constants", "enums"):
        for name, value in (old.get(section) or {}).items():
            if (new.get(section) or {}).get(name) != value:
                problems.append((name, f"{section[:-1]} {name} changed or went"))
    new_methods = new.get("methods") or {}
    for name, method in (old.get("methods") or {}).items():
        now = new_methods.get(name)
        if now is None:
            problems.append(("methods:", f"method {name} was removed"))
            continue
        for key in ("ordinal", "request", "reply", "errors"):
            if now.get(key) != method.get(key):
                problems.append((f"{name}:", f"method {name}: its {key} changed"))
    return problems


def _judge(path: str, old_text: str, new_text: str, where: str) -> list[Finding]:
    old, new = _load(old_text), _load(new_text)
    if old is None or new is None:
        return []
    return [Finding(path, _line_of(new_text, needle),
                    f"{problem} in a stable protocol{where} without a higher version (RFC-0012)")
            for needle, problem in breaks(old, new)]


def _removed(path: str, old_text: str, where: str) -> list[Finding]:
    old = _load(old_text)
    if old is None or old.get("stability") != "stable":
        return []
    return [Finding(path, 1, f"the stable protocol's interface file was removed{where} (RFC-0012)")]


def _history(root: Path) -> list[Finding]:
    """Every commit that changed an interface file, against its first parent."""
    findings: list[Finding] = []
    for sha in gitutil.git(root, "log", "--format=%H", "--", f"{FOLDER}/").split():
        above = gitutil.parents(root, sha)
        if not above:
            continue
        where = f" in commit {sha[:7]}"
        for path in gitutil.git(root, "diff", "--name-only", above[0], sha, "--", f"{FOLDER}/").split():
            blobs = gitutil.blob_ids(root, [f"{above[0]}:{path}", f"{sha}:{path}"])
            before, after = blobs[f"{above[0]}:{path}"], blobs[f"{sha}:{path}"]
            if before is None:
                continue
            old_text = gitutil.blob_text(root, before)
            findings += (_removed(path, old_text, where) if after is None
                         else _judge(path, old_text, gitutil.blob_text(root, after), where))
    return findings


def _work_tree(root: Path) -> list[Finding]:
    """Each interface file HEAD has against the work tree's."""
    if gitutil.head(root) is None:
        return []
    findings: list[Finding] = []
    for rel in gitutil.tree_files(root, "HEAD", FOLDER):
        if not rel.endswith(".yaml"):
            continue
        blob = gitutil.blob_ids(root, [f"HEAD:{rel}"])[f"HEAD:{rel}"]
        if blob is None:
            continue
        old_text = gitutil.blob_text(root, blob)
        path = root / rel
        findings += (_judge(rel, old_text, path.read_text(encoding="utf-8"), "") if path.exists()
                     else _removed(rel, old_text, " in the work tree"))
    return findings


def check_idl(root: Path) -> list[Finding]:
    """The references in the RFCs, and every break of a stable protocol in the work tree and history."""
    findings = check_references(root)
    if (root / ".git").exists():
        findings += _work_tree(root) + _history(root)
    return list(dict.fromkeys(findings))
