"""arch: the include graph keeps the layering written in gates/layering.yaml, and the
kernel's inline assembly stays in one header.

The edges come from the compiler, not from reading #include lines: every entry of the
compilation database is run again with `-c FILE` replaced by `-MM FILE`, and the make
rule it prints names each repository header the file reaches, directly or through other
headers. System headers do not appear in -MM output; headers outside the repository are
ignored. Headers generated into build/gen/ keep their build/gen/ path.

No two headers share an include guard: a kernel header and a library header with one
guard would silently hide each other from a file that reaches both.

Every CSR access and every other instruction the kernel's C needs is a wrapper in
kernel/include/cairn/riscv.h (RFC-0011): a kernel C file or header elsewhere that holds
inline assembly is a problem, named by its line. Assembly files and the host tests are not
kernel C.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from gates import globs
from gates.cache import Inputs
from gates.report import Verdict
from gates.stages import ctree
from gates.stages.base import Stage, StageContext, Workspace

LAYERING = "gates/layering.yaml"
ASM_HOME = "kernel/include/cairn/riscv.h"
ASM_SCOPE = ("kernel/**.c", "kernel/**.h")
ASM_EXEMPT = ("kernel/tests/**", ASM_HOME)
ASM = re.compile(r"\b(?:__asm__|__asm|asm)\b")
GUARD = re.compile(r"^#ifndef\s+(\w+)\s*\n#define\s+\1\b", re.M)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
GENERATED = "build/gen/"
DEP_JOBS = 4
# Options that would send dependency output elsewhere or change its shape.
DROP_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ"}
DROP_ALONE = {"-MD", "-MMD", "-MP", "-M", "-MM", "-MG"}


class LayeringError(Exception):
    """gates/layering.yaml is unreadable or a rule is malformed."""


@dataclass(frozen=True)
class Rule:
    name: str
    source: str  # the `from` glob
    globs: tuple[str, ...]
    allow: bool  # True: `globs` lists what may be included; False: what may not
    exempt: tuple[str, ...] = ()  # `except`: sources under `from` the rule does not cover

    def broken_by(self, edge: Edge) -> bool:
        bound = globs.match(self.source, edge.source)
        if bound is None or any(globs.match(g, edge.source) is not None for g in self.exempt):
            return False
        listed = any(globs.matches_bound(g, edge.header, bound) for g in self.globs)
        return not listed if self.allow else listed


@dataclass(frozen=True)
class Edge:
    source: str
    header: str


def load_rules(root: Path) -> list[Rule]:
    try:
        data = yaml.safe_load((root / LAYERING).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LayeringError(f"{LAYERING}:1: cannot read: {exc}".splitlines()[0]) from exc
    rules = []
    for i, raw in enumerate((data or {}).get("rules") or [], 1):
        if not isinstance(raw, dict) or not raw.get("name") or not raw.get("from"):
            raise LayeringError(f"{LAYERING}:1: rule {i} needs a name and a from glob")
        if ("allow" in raw) == ("deny" in raw):
            raise LayeringError(f"{LAYERING}:1: rule '{raw['name']}' needs exactly one of allow or deny")
        listed = raw.get("allow", raw.get("deny"))
        if not isinstance(listed, list) or not all(isinstance(g, str) for g in listed):
            raise LayeringError(f"{LAYERING}:1: rule '{raw['name']}': allow/deny must be a list of globs")
        exempt = raw.get("except", [])
        if not isinstance(exempt, list) or not all(isinstance(g, str) for g in exempt):
            raise LayeringError(f"{LAYERING}:1: rule '{raw['name']}': except must be a list of globs")
        rules.append(Rule(str(raw["name"]), str(raw["from"]), tuple(listed), "allow" in raw, tuple(exempt)))
    if not rules:
        raise LayeringError(f"{LAYERING}:1: no rules")
    return rules


def violations(edges: list[Edge], rules: list[Rule]) -> list[str]:
    """One message per (edge, rule) it breaks, naming source, header and rule."""
    return [
        f"{e.source}: includes {e.header}, which rule '{r.name}' forbids"
        for e in edges
        for r in rules
        if r.broken_by(e)
    ]


def dependency_command(args: tuple[str, ...], file: str) -> list[str]:
    """The compile command with `-c FILE` turned into `-MM FILE` and output options dropped."""
    out: list[str] = []
    skip_next = False
    for arg in args:
        if skip_next:
            skip_next = False
        elif arg in DROP_WITH_VALUE:
            skip_next = True
        elif arg in DROP_ALONE:
            continue
        elif arg == "-c":
            out.append("-MM")
        else:
            out.append(arg)
    if "-MM" not in out:
        out += ["-MM", file]
    return out


def parse_make_rule(text: str) -> list[str]:
    """The prerequisites of the make rule(s) in `text`, in order, without duplicates."""
    joined = text.replace("\\\n", " ")
    prereqs: list[str] = []
    for line in joined.splitlines():
        if ":" not in line:
            continue
        _, _, rest = line.partition(": ")
        words = rest.replace("\\ ", "\0").split()
        prereqs += [w.replace("\0", " ") for w in words]
    return list(dict.fromkeys(prereqs))


def _edges_of(ctx: StageContext, entry: ctree.CompileEntry) -> tuple[str, list[Edge], str | None]:
    source = ctree.relative(entry.path(), ctx.root) or str(entry.path())
    done = ctx.run(dependency_command(entry.arguments, entry.file), timeout=120, cwd=entry.directory)
    if done.returncode != 0:
        first = next((ln for ln in done.output.splitlines() if ln.strip()), f"exit {done.returncode}")
        return source, [], f"{source}:1: cannot list its includes: {first}"
    edges = []
    for dep in parse_make_rule(done.output)[1:]:  # the first prerequisite is the source itself
        header = ctree.relative(entry.directory / dep, ctx.root)
        if header is not None and header != source:
            edges.append(Edge(source, header))
    return source, edges, None


def _blank_comments(text: str) -> str:
    """The text with each comment replaced by spaces, newlines kept, so lines still count."""
    return COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def inline_asm_problems(root: Path, files: list[str]) -> list[str]:
    """`path:line: ...` for inline assembly in kernel C outside riscv.h."""
    problems = []
    for path in files:
        if not globs.matches_any(ASM_SCOPE, path) or globs.matches_any(ASM_EXEMPT, path):
            continue
        text = _blank_comments((root / path).read_text(encoding="utf-8", errors="replace"))
        for number, line in enumerate(text.splitlines(), start=1):
            if ASM.search(line):
                problems.append(f"{path}:{number}: inline assembly outside {ASM_HOME}: "
                                "add a wrapper there (RFC-0011)")
    return problems


def guard_problems(root: Path, headers: list[str]) -> list[str]:
    """`path:line: ...` for each header whose include guard another header also uses."""
    owners: dict[str, list[tuple[str, int]]] = {}
    for path in headers:
        text = (root / path).read_text(encoding="utf-8", errors="replace")
        found = GUARD.search(text)
        if found is not None:
            owners.setdefault(found.group(1), []).append((path, text.count("\n", 0, found.start()) + 1))
    problems = []
    for guard, where in sorted(owners.items()):
        for path, line in where[1:] if len(where) > 1 else []:
            problems.append(f"{path}:{line}: include guard {guard} is also {where[0][0]}'s")
    return problems


def inputs(ws: Workspace) -> Inputs:
    return Inputs(files=(*ws.select(ctree.BUILD_INPUTS), LAYERING), tools=ctree.COMPILERS)


def run(ctx: StageContext) -> Verdict:
    try:
        rules = load_rules(ctx.root)
        entries = ctree.load_compdb(ctx)
    except (LayeringError, ctree.CompdbError) as exc:
        return Verdict.failed("arch: cannot check layering", [str(exc)])
    if not entries:
        return Verdict.failed("arch: 0 files", [f"{ctree.COMPDB}:1: the compilation database is empty"])
    with ThreadPoolExecutor(max_workers=DEP_JOBS) as pool:
        results = list(pool.map(lambda e: _edges_of(ctx, e), entries))
    edges = [edge for _, found, _ in results for edge in found]
    problems = [p for _, _, p in results if p]
    # Every compiled file and every header one reaches: the kernel's C as the build sees it.
    seen = sorted({source for source, _, _ in results} | {e.header for e in edges})
    headers = [path for path in seen if path.endswith(".h") and not path.startswith(GENERATED)]
    messages = (problems + violations(edges, rules) + inline_asm_problems(ctx.root, seen)
                + guard_problems(ctx.root, headers))
    files = len({source for source, _, _ in results})
    generated = sum(1 for e in edges if e.header.startswith(GENERATED))
    summary = f"arch: {files} files, {len(edges)} include edges ({generated} to generated headers), {len(messages)} problems"
    return Verdict.judged(summary, messages)


STAGE = Stage(
    name="arch",
    description="the include graph keeps the layering rules in gates/layering.yaml",
    depends=(),
    inputs=inputs,
    run=run,
    source=Path(__file__),
    env=ctree.ENV,
    packages=ctree.CROSS_PACKAGES,
)
