"""Rules across contract files: numbers used twice, links, dependency cycles, task markers.

This module owns every rule that needs more than one file to judge. It works on
contracts already read by gates/contracts_docs.py and on the marker facts gathered by
gates/contracts_data.py; it reads no files itself. Values the schema rejects (a link that
is not an id at all) are skipped here, since the schema check has already reported them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from gates.contracts_docs import ADR, RFC, TASK, Contract, Kind
from gates.findings import Finding

MARKER_REGISTRY = "gates/markers.yaml"


@dataclass(frozen=True)
class MarkerFacts:
    """What the data files say about markers.

    `registry` is None when gates/markers.yaml is missing or unreadable; then task markers
    are not compared with it (that problem is reported once, on the registry itself).
    """

    registry: frozenset[str] | None  # the live markers' texts
    required: frozenset[str]
    retired: frozenset[str] = frozenset()  # retired markers: only done tasks may name them


# Which keys link to which kind, per kind of contract. superseded_by links within a kind
# and holds one id; every other link key holds a list of ids.
SUCCESSOR = "superseded_by"
LINKS: Mapping[str, tuple[tuple[str, Kind], ...]] = {
    "task": (("rfcs", RFC), ("depends_on", TASK), (SUCCESSOR, TASK)),
    "rfc": (("tasks", TASK), (SUCCESSOR, RFC)),
    "adr": (("tasks", TASK), (SUCCESSOR, ADR)),
}

Index = Mapping[str, Mapping[str, Contract]]


def index(contracts: Sequence[Contract]) -> dict[str, dict[str, Contract]]:
    """Contracts by kind name, then by the id in their file name; the first file wins."""
    out: dict[str, dict[str, Contract]] = {"task": {}, "rfc": {}, "adr": {}}
    for contract in contracts:
        if contract.file_id is not None:
            out[contract.kind.name].setdefault(contract.file_id, contract)
    return out


def check_links(contracts: Sequence[Contract], markers: MarkerFacts) -> list[Finding]:
    """Every cross-file rule over all contracts of all kinds."""
    by_id = index(contracts)
    findings = list(_numbers_used_twice(contracts))
    for contract in contracts:
        findings += _dangling_links(contract, by_id)
        if contract.kind is TASK:
            findings += _task_markers(contract, markers)
    findings += _cycles(by_id["task"])
    return findings


def _numbers_used_twice(contracts: Sequence[Contract]) -> Iterator[Finding]:
    first: dict[tuple[str, str], str] = {}
    for contract in contracts:
        if contract.number is None:
            continue
        key = (contract.kind.name, contract.number)
        if key in first:
            yield Finding(contract.path, 1, f"number {contract.number} is already used "
                                            f"by {first[key]}; take the next free number")
        else:
            first[key] = contract.path


def _link_values(contract: Contract, key: str) -> Iterator[tuple[tuple, str]]:
    """(key path, id) for each id the contract gives under `key`, in the shape it should have."""
    value = contract.doc.data.get(key)
    if key == SUCCESSOR and isinstance(value, str):
        yield (key,), value
    elif key != SUCCESSOR and isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield (key, i), item


def _dangling_links(contract: Contract, by_id: Index) -> Iterator[Finding]:
    for key, target in LINKS[contract.kind.name]:
        for keypath, ref in _link_values(contract, key):
            if not target.id_pattern().fullmatch(ref):
                continue
            line = contract.doc.line_of(keypath)
            name = key + (f"[{keypath[1]}]" if len(keypath) > 1 else "")
            if key == SUCCESSOR and ref == contract.file_id:
                yield Finding(contract.path, line, f"superseded_by names {ref}, the file's "
                                                   "own id; name its successor")
            elif ref not in by_id[target.name]:
                yield Finding(contract.path, line, f"{name} links to {ref}, which does not "
                                                   f"exist (no {target.directory}/{ref}-*.md)")


def _task_markers(task: Contract, markers: MarkerFacts) -> Iterator[Finding]:
    proof = task.doc.data.get("proof")
    listed = proof.get("markers") if isinstance(proof, dict) else None
    if not isinstance(listed, list):
        return
    done = task.doc.data.get("status") == "done"
    for i, text in enumerate(listed):
        if not isinstance(text, str):
            continue
        line = task.doc.line_of(("proof", "markers", i))
        if text in markers.retired:
            if not done:
                yield Finding(task.path, line, f"proof.markers[{i}] '{text}' is retired in "
                                               f"{MARKER_REGISTRY}; only a done task may name it")
            continue
        if markers.registry is not None and text not in markers.registry:
            yield Finding(task.path, line, f"proof.markers[{i}] '{text}' is not in the "
                                           f"marker registry {MARKER_REGISTRY}")
        if done and text not in markers.required:
            yield Finding(task.path, line, f"proof.markers[{i}] '{text}' is required by no "
                                           "profile in gates/profiles/; a done task's markers "
                                           "must be proven by a QEMU profile")


def _cycles(tasks: Mapping[str, Contract]) -> Iterator[Finding]:
    """One finding per dependency cycle, at the first task of the cycle in id order."""
    graph = {tid: [ref for _, ref in _link_values(c, "depends_on")] for tid, c in tasks.items()}
    for cycle in find_cycles(graph):
        head = tasks[cycle[0]]
        successor = cycle[1] if len(cycle) > 1 else cycle[0]
        index_of = graph[cycle[0]].index(successor)
        line = head.doc.line_of(("depends_on", index_of))
        loop = " -> ".join(cycle + [cycle[0]])
        if len(cycle) == 1:
            message = f"depends_on: {cycle[0]} depends on itself (cycle {loop})"
        else:
            message = f"depends_on: dependency cycle {loop}"
        yield Finding(head.path, line, message)


def find_cycles(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Cycles found by one depth-first walk, each rotated to start at its smallest id.

    Edges to unknown nodes are ignored (dangling links are reported elsewhere). Iterative,
    so a long dependency chain cannot hit Python's recursion limit.
    """
    state: dict[str, str] = {}
    found: dict[tuple[str, ...], None] = {}
    for start in sorted(graph):
        if start in state:
            continue
        state[start] = "open"
        path = [start]
        stack = [iter(graph[start])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = "closed"
                stack.pop()
            elif nxt in graph and nxt not in state:
                state[nxt] = "open"
                path.append(nxt)
                stack.append(iter(graph[nxt]))
            elif state.get(nxt) == "open":
                cycle = path[path.index(nxt):]
                pivot = cycle.index(min(cycle))
                found.setdefault(tuple(cycle[pivot:] + cycle[:pivot]), None)
    return [list(c) for c in found]
