"""The contract gate: tasks, RFCs, ADRs and the gate's data files, checked together.

This module is the table of contents of the contract check. It owns the order of the
checks and the public entry points; each concern lives in its own module:

  gates/frontmatter.py       YAML front matter and data files, with source lines
  gates/contracts_schema.py  the JSON schemas under schemas/, and their error wording
  gates/contracts_docs.py    one contract file: place, name, schema, id, sections
  gates/contracts_links.py   across contracts: numbers, links, cycles, task markers
  gates/contracts_data.py    markers.yaml, profiles, governance, exceptions, layering
  gates/contracts_abi.py     the syscall RFC's tables against the ABI headers

It never raises on bad input: every problem becomes a Finding. It never prints; the CLI
reports what check() returns.
"""

from __future__ import annotations

from pathlib import Path

from gates.contracts_abi import check_abi
from gates.contracts_data import check_data
from gates.contracts_docs import ADR, KINDS, RFC, TASK, Contract, Kind, check_contract, load_kind
from gates.contracts_links import check_links
from gates.contracts_schema import load_schemas
from gates.findings import Finding, sorted_findings
from gates.frontmatter import Document


def check(root: Path) -> list[Finding]:
    """Every contract rule over the repository at `root`, sorted by path and line."""
    schemas = load_schemas()
    findings: list[Finding] = []
    contracts: list[Contract] = []
    for kind in KINDS:
        loaded = load_kind(root, kind)
        findings += loaded.findings
        contracts += loaded.contracts
    for contract in contracts:
        findings += check_contract(contract, schemas)
    data_findings, marker_facts = check_data(root, schemas)
    findings += data_findings
    findings += check_links(contracts, marker_facts)
    findings += check_abi(root)
    return sorted_findings(findings)


def _load(root: Path, kind: Kind) -> dict[str, Document]:
    """Readable, well-named contracts of `kind` by the id in their file name (first wins).

    Files that do not parse or are misnamed are left out; check() reports them.
    """
    out: dict[str, Document] = {}
    for contract in load_kind(root, kind).contracts:
        if contract.file_id is not None:
            out.setdefault(contract.file_id, contract.doc)
    return out


def load_tasks(root: Path) -> dict[str, Document]:
    """Tasks by id, such as {'TASK-0007': Document}; see _load for what is left out."""
    return _load(root, TASK)


def load_rfcs(root: Path) -> dict[str, Document]:
    """RFCs by id, such as {'RFC-0002': Document}."""
    return _load(root, RFC)


def load_adrs(root: Path) -> dict[str, Document]:
    """ADRs by id, such as {'ADR-0003': Document}."""
    return _load(root, ADR)
