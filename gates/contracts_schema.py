"""The JSON schemas under schemas/, and schema errors turned into sentences for people.

This module owns loading the schemas (draft 2020-12, with `format` checked), validating
one Document against one of them, and wording each jsonschema error as one Finding at
the line of the offending key. It does not know about files, links or markers; those
rules live in gates/contracts_docs.py, gates/contracts_links.py and gates/contracts_data.py.

Hints: where a schema node has a `description`, it completes the sentence for a
pattern, format, contains, oneOf or not error, or a `then` that requires a key
("id 'TASK-7' is not a task id like TASK-0007"), so the wording sits beside its rule.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from jsonschema import Draft202012Validator, FormatChecker, RefResolver
from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend

from gates.findings import Finding
from gates.frontmatter import Document, KeyPath

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

# Schema name (file stem under schemas/) for each thing the gate validates.
SCHEMA_NAMES = ("common", "task", "rfc", "adr", "profile", "markers",
                "governance", "scope-exceptions", "layering", "bench", "fuzz-floors")

_HINTED = frozenset({"pattern", "format", "contains", "oneOf", "not"})

_JSON_TYPES = {
    "object": "a mapping", "array": "a list", "string": "a string",
    "integer": "a whole number", "number": "a number", "boolean": "true or false",
    "null": "empty",
}


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """`pattern` with JSON Schema's (ECMA-262) meaning of a final '$': the very end.

    Python's '$' also matches before a final newline, which would let "TASK-0001\n" (from
    a YAML block scalar) pass as an id. Our patterns use '$' only as the final anchor.
    """
    if not validator.is_type(instance, "string"):
        return
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    if re.search(pattern, instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = extend(Draft202012Validator, {"pattern": _pattern})


def _refuse_remote(uri: str) -> NoReturn:
    # Every $ref must resolve inside schemas/; the gate never fetches anything.
    raise LookupError(f"schema reference {uri} is not one of the files in schemas/")


@dataclass(frozen=True)
class SchemaSet:
    """The loaded schemas, by name, and a validator for each."""

    schemas: Mapping[str, dict[str, Any]]
    validators: Mapping[str, Any]

    def enum(self, definition: str) -> tuple[str, ...]:
        """The values of enum `definition` in common.schema.json, in their written order."""
        return tuple(self.schemas["common"]["$defs"][definition]["enum"])

    def validate(self, name: str, doc: Document) -> list[Finding]:
        """Every way `doc.data` breaks schema `name`, one Finding per problem."""
        validator = self.validators[name]
        findings: list[Finding] = []
        for error in validator.iter_errors(doc.data):
            findings.extend(_explain(error, doc, self.schemas[name]))
        return findings


def load_schemas(directory: Path = SCHEMA_DIR) -> SchemaSet:
    """Read and check every schema. A broken schema is the gate's own bug, so it raises."""
    schemas = {}
    for name in SCHEMA_NAMES:
        schema = json.loads((directory / f"{name}.schema.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        schemas[name] = schema
    store = {s["$id"]: s for s in schemas.values()}
    validators = {}
    for name, schema in schemas.items():
        resolver = RefResolver(schema["$id"], schema, store=store,
                               handlers={"http": _refuse_remote, "https": _refuse_remote})
        validators[name] = _Validator(schema, resolver=resolver, format_checker=FormatChecker())
    return SchemaSet(schemas, validators)


def where(keypath: KeyPath) -> str:
    """A key path as people write it: proof.markers[0]."""
    text = ""
    for part in keypath:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def show(value: Any) -> str:
    """A value as it would be quoted in a message."""
    if isinstance(value, str):
        return f"'{_printable(value)}'"
    if value is None:
        return "empty"
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _printable(text: str) -> str:
    """`text` with line breaks and other invisible characters written as escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _described(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {show(value)}"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "empty"
    return "a mapping" if isinstance(value, dict) else "a list"


def _explain(error: ValidationError, doc: Document, root: dict[str, Any]) -> Iterator[Finding]:
    """One jsonschema error as Findings (several for several unknown or missing keys)."""
    keypath: KeyPath = tuple(error.absolute_path)
    name = where(keypath)
    kind = error.validator
    value = error.instance
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for key in (k for k in value if k not in allowed):
            place = f" in {name}" if name else ""
            yield Finding(doc.path, doc.line_of(keypath + (key,)),
                          f"unknown key {show(key)}{place}; expected keys are {', '.join(allowed)}")
        return
    if kind == "required":
        yield from _missing(error, doc, root, keypath, hint)
        return
    if kind == "not" and isinstance(error.validator_value, dict):
        forbidden = error.validator_value.get("required", [])
        keypath = keypath + (forbidden[0],) if forbidden else keypath
    message = _sentence(kind, name, value, error.validator_value, hint if kind in _HINTED else None)
    yield Finding(doc.path, doc.line_of(keypath), message)


def _missing(error: ValidationError, doc: Document, root: dict[str, Any],
             keypath: KeyPath, hint: str | None) -> Iterator[Finding]:
    """Findings for required keys that are absent; a conditional one points at its condition."""
    name = where(keypath)
    for key in (k for k in error.validator_value if k not in error.instance):
        if "then" in error.schema_path and hint:
            condition = _condition_key(root, list(error.schema_path))
            line = doc.line_of(keypath + (condition,)) if condition else doc.line_of(keypath)
            yield Finding(doc.path, line, hint)
        else:
            place = f"{name} is missing" if name else "missing"
            yield Finding(doc.path, doc.line_of(keypath), f"{place} required key '{key}'")


def _condition_key(root: dict[str, Any], schema_path: list[Any]) -> str | None:
    """The first key tested by the `if` beside the `then` at `schema_path`, if any."""
    node: Any = root
    try:
        for part in schema_path[:schema_path.index("then")]:
            node = node[part]
        keys = list(node.get("if", {}).get("properties", {}))
    except (KeyError, IndexError, TypeError, AttributeError):  # a `then` behind a $ref
        return None
    return keys[0] if keys else None


def _sentence(kind: str, name: str, value: Any, expected: Any, hint: str | None) -> str:
    """The message for one failed schema keyword about `value` at `name`.

    Long because it is one table: a branch per keyword the schemas use.
    """
    subject = f"{name} {show(value)}" if name else show(value)
    if kind == "enum":
        return f"{subject} is not one of {', '.join(str(v) for v in expected)}"
    if kind == "const":
        return f"{subject} must be {show(expected)}"
    if kind == "type":
        wanted = [expected] if isinstance(expected, str) else list(expected)
        return (f"{name} must be {' or '.join(_JSON_TYPES.get(t, t) for t in wanted)}, "
                f"not {_described(value)}")
    if kind == "pattern":
        return f"{subject} is not {hint}" if hint else f"{subject} does not match {expected}"
    if kind == "format":
        return f"{subject} is not a real calendar date" if expected == "date" else \
            f"{subject} is not a valid {expected}"
    if kind in ("minItems", "minLength"):
        return f"{name} must not be empty" if expected == 1 else \
            f"{name} must have at least {expected} items"
    if kind == "uniqueItems":
        repeated = sorted({show(v) for v in value if value.count(v) > 1})
        return f"{name} lists {', '.join(repeated)} more than once"
    bounds = {"minimum": "at least", "maximum": "at most",
              "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}
    if kind in bounds:
        return f"{name} is {show(value)}; it must be {bounds[kind]} {expected}"
    if hint:
        return f"{name} {hint}" if name else hint
    return f"{name or 'the file'} is not valid here ({kind})"
