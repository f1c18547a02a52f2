#!/usr/bin/python3
"""Generate each service protocol's C from its interface file (RFC-0012, ADR-0006).

Reads idl/NAME.yaml files, validates each against schemas/idl.schema.json (draft
2020-12), then checks what a schema cannot: ordinals used twice, a field placed twice
or overlapping another's bits, a bound that does not fit its type or place, data that
does not fit CAIRN_IPC_DATA_MAX, an unknown constant, enum, error or right. Each
problem is printed as `path:line: message` and the exit status is 1.

For a valid file it writes, under --out (build/gen/idl by default):
  include/svc/NAME.h   tags, constants, enums, request and reply structs, prototypes
  NAME_codec.c         encoders and validating decoders of every request and reply
  NAME_server.c        NAME_dispatch: decode, call the daemon's handler, encode
  client/NAME_client.c NAME_METHOD_call stubs and NAME_serve (they make system calls)
  doc/NAME.md          the protocol's reference, which the RFCs include (--sync-rfcs)
  fuzz/fuzz_idl_NAME_METHOD_{request,reply}.c  one libFuzzer target per decoder, and
  fuzz/seeds/idl_NAME_METHOD_{request,reply}/  its seeds (a smallest valid message;
                       for a reply also an error reply)
  fuzz.mk              the fuzz targets' names, for make
  tests/test_idl.c     a host test: each decoder accepts its smallest valid message
                       and refuses each mutation of it that breaks the wire's rules
A file is rewritten only when its text changes, so make rebuilds only what changed.

The ABI's numbers (CAIRN_IPC_DATA_MAX, RIGHT_*, KIND_*, ERR_*) are read from the
kernel's ABI headers, never restated here.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "idl.schema.json"
ABI = ROOT / "kernel" / "abi" / "cairn" / "abi"
WORDS = 3
TYPES = {"u8": 8, "u16": 16, "u32": 32, "u64": 64, "bool": 1}
C_TYPES = {"u8": "uint8_t", "u16": "uint16_t", "u32": "uint32_t", "u64": "uint64_t", "bool": "bool"}
DATA_TYPES = ("bytes", "name", "names", "text")


class IdlError(Exception):
    """An interface file that cannot be generated from; str() is `path:line: message`."""


# --- the ABI, read from the kernel's headers -------------------------------------------

def abi_numbers() -> dict[str, int]:
    """Every `#define CAIRN_NAME number` and RIGHT_* bit of the ABI headers."""
    numbers: dict[str, int] = {}
    for header in sorted(ABI.glob("*.h")):
        for m in re.finditer(r"^#define\s+((?:CAIRN|RIGHT)_\w+)\s+(.+?)\s*(?:/\*.*)?$",
                             header.read_text(encoding="utf-8"), re.M):
            value = _c_number(m.group(2), numbers)
            if value is not None:
                numbers[m.group(1)] = value
    return numbers


def _c_number(text: str, known: dict[str, int]) -> int | None:
    text = re.sub(r"(?<=[0-9a-fA-F])[uUlL]+\b", "", text.replace("\\", " ")).strip()
    try:
        return _evaluate(text, known)
    except (IdlError, SyntaxError, ValueError):
        return None


def abi_errors() -> dict[str, int]:
    text = (ABI / "errors.h").read_text(encoding="utf-8")
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"X\((ERR_\w+),\s*(-\d+),", text)}


def abi_kinds() -> dict[str, int]:
    text = (ABI / "rights.h").read_text(encoding="utf-8")
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"\b(KIND_\w+)\s*=\s*(\d+)", text)}


# --- constant expressions ----------------------------------------------------------------

_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
        ast.FloorDiv: lambda a, b: a // b, ast.Div: lambda a, b: a // b,
        ast.LShift: lambda a, b: a << b, ast.BitOr: lambda a, b: a | b}


def _evaluate(text: str, names: dict[str, int]) -> int:
    """An integer expression of numbers, known names, + - * / << | and parentheses."""
    def walk(node: ast.AST) -> int:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in names:
                raise IdlError(f"unknown constant {node.id}")
            return names[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        raise IdlError(f"'{text}' is not a constant expression")
    return walk(ast.parse(re.sub(r"\b(\d+|0[xX][0-9a-fA-F]+)[uUlL]+\b", r"\1", str(text)), mode="eval"))


# --- the model ---------------------------------------------------------------------------

@dataclass
class Field:
    name: str
    place: str           # w0, w1, w2, data or handle
    type: str            # u8..u64, bool, an enum's name, a data type, or handle
    lo: int = 0          # bits within its word
    hi: int = 63
    min: int | None = None
    max: int | None = None
    min_text: str | None = None
    max_text: str | None = None
    optional: bool = False
    empty: bool = False  # an optional name that is absent as no data at all, not a lone NUL
    kind: str = ""
    rights: list[str] = field(default_factory=list)
    doc: str = ""

    @property
    def word(self) -> int:
        return int(self.place[1])

    @property
    def mask(self) -> int:
        return ((1 << (self.hi - self.lo + 1)) - 1) << self.lo


@dataclass
class Message:
    fields: list[Field]

    def words(self) -> list[Field]:
        return [f for f in self.fields if f.place.startswith("w")]

    def data(self) -> Field | None:
        return next((f for f in self.fields if f.place == "data"), None)

    def handle(self) -> Field | None:
        return next((f for f in self.fields if f.place == "handle"), None)


@dataclass
class Method:
    name: str
    ordinal: int
    summary: str
    caller: str
    request: Message
    reply: Message
    errors: list[str]


@dataclass
class Enum:
    name: str            # the IDL's name for it
    c_name: str
    values: dict[str, int]
    doc: str


@dataclass
class Protocol:
    name: str
    path: str
    version: int
    stability: str
    tags: int
    summary: str
    constants: dict[str, tuple[str, int, str]]   # C name -> (expression, value, doc)
    enums: dict[str, Enum]
    methods: list[Method]

    @property
    def prefix(self) -> str:
        return f"svc_{self.name}"

    def tag(self, m: Method) -> str:
        return f"SVC_{self.name.upper()}_{m.name.upper()}"


# --- loading and checking ----------------------------------------------------------------

def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1


def load(path: Path, numbers: dict[str, int], errors: dict[str, int],
         kinds: dict[str, int]) -> Protocol:
    text = path.read_text(encoding="utf-8")
    rel = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise IdlError(f"{rel}:1: not YAML: {exc}") from exc
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    problems = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if problems:
        e = problems[0]
        where = "/".join(str(p) for p in e.path) or "the file"
        raise IdlError(f"{rel}:{_line_of(text, str(e.path[-1]) if e.path else '')}: "
                       f"{where}: {e.message}")

    def fail(needle: str, message: str) -> IdlError:
        return IdlError(f"{rel}:{_line_of(text, needle)}: {message}")

    if path.stem != data["protocol"]:
        raise fail("protocol:", f"protocol {data['protocol']} must be in idl/{data['protocol']}.yaml")
    names = dict(numbers)
    constants: dict[str, tuple[str, int, str]] = {}
    for cname, spec in (data.get("constants") or {}).items():
        expr, doc = (str(spec["value"]), spec.get("doc", "")) if isinstance(spec, dict) else (str(spec), "")
        try:
            value = _evaluate(expr, names)
        except (IdlError, SyntaxError) as exc:
            raise fail(cname, f"constant {cname}: {exc}") from exc
        constants[cname] = (expr, value, doc)
        names[cname] = value
    enums = {}
    for ename, spec in (data.get("enums") or {}).items():
        values = {str(k): int(v) for k, v in spec["values"].items()}
        if len(set(values.values())) != len(values):
            raise fail(ename, f"enum {ename} gives two names one value")
        enums[ename] = Enum(ename, spec["c_name"], values, spec.get("doc", ""))
    methods = []
    seen: dict[int, str] = {}
    for mname, spec in data["methods"].items():
        ordinal = int(spec["ordinal"])
        if ordinal in seen:
            raise fail(f"ordinal: {ordinal}", f"methods {seen[ordinal]} and {mname} share ordinal {ordinal}")
        seen[ordinal] = mname
        for err in spec.get("errors", []):
            if err not in errors:
                raise fail(err, f"method {mname}: {err} is no ERR_* code of cairn/abi/errors.h")
        request = _message(spec.get("request") or [], False, names, enums, kinds, lambda n, m: fail(n, f"{mname} request: {m}"))
        reply = _message(spec.get("reply") or [], True, names, enums, kinds, lambda n, m: fail(n, f"{mname} reply: {m}"))
        methods.append(Method(mname, ordinal, spec["summary"].strip(), spec.get("caller", "any caller"),
                              request, reply, list(spec.get("errors", []))))
    return Protocol(data["protocol"], rel, int(data["version"]), data["stability"], int(data["tags"]),
                    data["summary"].strip(), constants, enums, sorted(methods, key=lambda m: m.ordinal))


def _bound(value: Any, names: dict[str, int]) -> tuple[int | None, str | None]:
    if value is None:
        return None, None
    return _evaluate(str(value), names), str(value)


def _message(specs: list[dict[str, Any]], reply: bool, names: dict[str, int], enums: dict[str, Enum],
             kinds: dict[str, int], fail: Any) -> Message:
    fields: list[Field] = []
    used_bits = [0] * WORDS
    for spec in specs:
        place = spec["in"]
        f = Field(spec["name"], place, spec["type"], optional=spec.get("optional", False) is not False,
                  empty=spec.get("optional") == "empty",
                  kind=spec.get("kind", ""), rights=list(spec.get("rights", [])), doc=spec.get("doc", ""))
        try:
            f.min, f.min_text = _bound(spec.get("min"), names)
            f.max, f.max_text = _bound(spec.get("max"), names)
        except (IdlError, SyntaxError) as exc:
            raise fail(f.name, f"field {f.name}: {exc}") from exc
        if any(o.name == f.name for o in fields):
            raise fail(f.name, f"field {f.name} is named twice")
        if place.startswith("w"):
            _check_word_field(f, spec, reply, enums, used_bits, fail)
        elif place == "data":
            _check_data_field(f, fields, fail)
        else:
            _check_handle_field(f, fields, names, kinds, fail)
        fields.append(f)
    return Message(fields)


def _check_word_field(f: Field, spec: dict[str, Any], reply: bool, enums: dict[str, Enum],
                      used_bits: list[int], fail: Any) -> None:
    if reply and f.word == 0:
        raise fail(f.name, f"field {f.name}: w0 of a reply is its status")
    if f.type in DATA_TYPES or f.type == "handle":
        raise fail(f.name, f"field {f.name}: a {f.type} goes in data or handle, not a word")
    if f.type not in TYPES and f.type not in enums:
        raise fail(f.name, f"field {f.name}: unknown type {f.type}")
    width = TYPES.get(f.type, 32)
    if "bits" in spec:
        f.lo, f.hi = int(spec["bits"][0]), int(spec["bits"][1])
        if not 0 <= f.lo <= f.hi <= 63 or f.hi - f.lo + 1 > width:
            raise fail(f.name, f"field {f.name}: bits {f.lo}..{f.hi} do not fit a {f.type}")
    else:
        f.lo, f.hi = 0, width - 1
    if used_bits[f.word] & f.mask:
        raise fail(f.name, f"field {f.name} overlaps another field of {f.place}")
    used_bits[f.word] |= f.mask
    top = (1 << (f.hi - f.lo + 1)) - 1
    for bound in (f.min, f.max):
        if bound is not None and not 0 <= bound <= top:
            raise fail(f.name, f"field {f.name}: bound {bound} does not fit its {f.hi - f.lo + 1} bits")
    if f.min is not None and f.max is not None and f.min > f.max:
        raise fail(f.name, f"field {f.name}: min {f.min} is above max {f.max}")
    if f.type in enums and any(v > top or v < 0 for v in enums[f.type].values.values()):
        raise fail(f.name, f"field {f.name}: a value of enum {f.type} does not fit its bits")


def _check_data_field(f: Field, fields: list[Field], fail: Any) -> None:
    if any(o.place == "data" for o in fields):
        raise fail(f.name, f"field {f.name}: a message has one data field")
    if f.type not in DATA_TYPES:
        raise fail(f.name, f"field {f.name}: data holds bytes, name, names or text, not {f.type}")
    if f.type in ("bytes", "text", "names") and f.max is None:
        raise fail(f.name, f"field {f.name}: a {f.type} field needs a max")
    if f.type in ("bytes", "text") and (f.max or 0) > NUMBERS["CAIRN_IPC_DATA_MAX"]:
        raise fail(f.name, f"field {f.name}: max {f.max} is more than CAIRN_IPC_DATA_MAX")
    if f.type == "names" and (f.max or 0) * (NUMBERS["SVCNAME_MAX"] + 1) > NUMBERS["CAIRN_IPC_DATA_MAX"]:
        raise fail(f.name, f"field {f.name}: {f.max} names may not fit CAIRN_IPC_DATA_MAX")
    if f.type == "bytes" and (f.min or 0) > (f.max or 0):
        raise fail(f.name, f"field {f.name}: min above max")


def _check_handle_field(f: Field, fields: list[Field], names: dict[str, int], kinds: dict[str, int],
                        fail: Any) -> None:
    if any(o.place == "handle" for o in fields):
        raise fail(f.name, f"field {f.name}: a message has one handle field")
    if f.type != "handle":
        raise fail(f.name, f"field {f.name}: the handle place holds a handle")
    if f.kind not in kinds:
        raise fail(f.name, f"field {f.name}: {f.kind} is no KIND_* of cairn/abi/rights.h")
    for right in f.rights:
        if right not in names or not right.startswith("RIGHT_"):
            raise fail(f.name, f"field {f.name}: {right} is no RIGHT_* of cairn/abi/rights.h")
    if not f.rights:
        raise fail(f.name, f"field {f.name}: a handle needs the rights it must arrive with")


NUMBERS: dict[str, int] = {}


# --- C: shared pieces -------------------------------------------------------------------

C_KEYWORDS = {"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
              "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
              "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
              "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool"}


def _member(name: str) -> str:
    """A method's member in the handler table: its name, with _ after a C keyword."""
    return name + "_" if name in C_KEYWORDS else name


def _struct(p: Protocol, m: Method, side: str) -> str:
    return f"struct {p.prefix}_{m.name}_{side}"


def _fn(p: Protocol, m: Method, side: str, what: str) -> str:
    return f"{p.prefix}_{m.name}_{side}_{what}"


def _bound_c(f: Field, which: str) -> str:
    text = f.min_text if which == "min" else f.max_text
    return f"({text})" if text is not None and not re.fullmatch(r"\w+", text) else str(text)


def _comment(text: str, indent: str = "") -> list[str]:
    lines = [ln.rstrip() for ln in text.strip().splitlines()] or [""]
    if len(lines) == 1 and len(indent) + len(lines[0]) < 90:
        return [f"{indent}/* {lines[0]} */"]
    return [f"{indent}/*"] + [f"{indent} * {ln}".rstrip() for ln in lines] + [f"{indent} */"]


def _members(p: Protocol, msg: Message) -> list[str]:
    out = []
    for f in msg.fields:
        note = f" /* {f.doc} */" if f.doc and "\n" not in f.doc else ""
        if f.type in TYPES:
            out.append(f"\t{C_TYPES[f.type]} {f.name};{note}")
        elif f.type in p.enums:
            out.append(f"\tuint32_t {f.name}; /* an enum {p.enums[f.type].c_name} */")
        elif f.type == "bytes":
            out += [f"\tconst uint8_t *{f.name};{note}", f"\tuint32_t {f.name}_len;"]
        elif f.type == "text":
            out += [f"\tconst char *{f.name};{note}", f"\tuint32_t {f.name}_len;"]
        elif f.type == "name":
            out.append(f"\tstruct svc_name {f.name};{note}")
        elif f.type == "names":
            out += [f"\tstruct svc_name {f.name}[{_bound_c(f, 'max')}];{note}",
                    f"\tuint32_t {f.name}_count;"]
        else:
            out.append(f"\tcairn_handle_t {f.name};{note}")
    return out or ["\tuint8_t none; /* the message has no fields */"]


# --- C: the header -----------------------------------------------------------------------

def header(p: Protocol) -> str:
    guard = f"SVC_{p.name.upper()}_H"
    o = [f"/* Generated by tools/idlgen.py from {p.path}: edit that file, not this one. */",
         *_comment(p.summary), f"#ifndef {guard}", f"#define {guard}", "",
         "#include <stdbool.h>", "#include <stddef.h>", "#include <stdint.h>", "",
         '#include "cairn/abi/ipc.h"', '#include "cairn/abi/rights.h"', '#include "svc/msg.h"',
         '#include "svc/server.h"', "",
         f"#define SVC_{p.name.upper()}_VERSION {p.version}u", ""]
    for cname, (expr, _value, doc) in p.constants.items():
        if doc:
            o += _comment(doc)
        o.append(f"#define {cname} ({expr})")
    if p.constants:
        o.append("")
    for e in p.enums.values():
        if e.doc:
            o += _comment(e.doc)
        o.append(f"enum {e.c_name} {{")
        o += [f"\t{name} = {value}," for name, value in e.values.items()]
        o += ["};"]
        if sorted(e.values.values()) == list(range(len(e.values))):
            o.append(f"#define {e.c_name.upper()}_COUNT {len(e.values)}u /* its values are 0 to this, less one */")
        o.append("")
    o.append(f"enum {p.prefix}_tag {{")
    o += [f"\t{p.tag(m)} = 0x{p.tags + m.ordinal:04x}," for m in p.methods]
    o += ["};", ""]
    for m in p.methods:
        o += _comment(f"{m.name}: {m.summary}\nCaller: {m.caller}."
                      + (f"\nErrors: {', '.join(m.errors)}." if m.errors else ""))
        for side, msg in (("request", m.request), ("reply", m.reply)):
            o += [f"{_struct(p, m, side)} {{", *_members(p, msg), "};"]
        o += [
            f"int {_fn(p, m, 'request', 'encode')}(struct svc_msg *m, struct cairn_ipc_buffer *buf,",
            f"\t\tconst {_struct(p, m, 'request')} *req);",
            f"int {_fn(p, m, 'request', 'decode')}(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,",
            f"\t\t{_struct(p, m, 'request')} *ret);",
            f"int {_fn(p, m, 'reply', 'encode')}(struct svc_msg *m, struct cairn_ipc_buffer *buf,",
            f"\t\tconst {_struct(p, m, 'reply')} *rep);",
            f"int {_fn(p, m, 'reply', 'decode')}(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,",
            f"\t\t{_struct(p, m, 'reply')} *ret);",
            f"long {p.prefix}_{m.name}_call(cairn_handle_t ep, const {_struct(p, m, 'request')} *req,",
            f"\t\t{_struct(p, m, 'reply')} *rep, uint64_t timeout_ns);", ""]
    o += _comment("The daemon's handlers: each gets a decoded request, fills the reply and returns 0,\n"
                  "or returns the error the caller gets. A NULL handler answers ERR_NOTSUP.\n"
                  "admit, when not NULL, runs first for a request of any method, before it is\n"
                  "decoded, so a refusal of the caller does not depend on the message: a non-zero\n"
                  "return is the reply's status and nothing else runs.")
    o.append(f"struct {p.prefix}_handlers {{")
    o.append("\tlong (*admit)(void *ctx, struct svc_exchange *x);")
    for m in p.methods:
        o.append(f"\tlong (*{_member(m.name)})(void *ctx, struct svc_exchange *x, const {_struct(p, m, 'request')} *req,")
        o.append(f"\t\t{_struct(p, m, 'reply')} *rep);")
    o += ["};", "",
          *_comment("Answers the request in x (pure): decode, handler, reply. A malformed request is\n"
                    "ERR_INVAL and reaches no handler; an unknown tag is ERR_NOTSUP; a reply the\n"
                    "encoder refuses (a handler's bug) goes out as ERR_INVAL."),
          f"void {p.prefix}_dispatch(const struct {p.prefix}_handlers *h, void *ctx, struct svc_exchange *x);",
          "", *_comment("Serves ep for ever with h (svc_serve); returns only when receiving fails."),
          f"long {p.prefix}_serve(cairn_handle_t ep, const struct {p.prefix}_handlers *h, void *ctx);",
          "", f"#endif /* {guard} */", ""]
    return "\n".join(o)


# --- C: codecs ---------------------------------------------------------------------------

def _word_masks(msg: Message) -> list[int]:
    masks = [0] * WORDS
    for f in msg.words():
        masks[f.word] |= f.mask
    return masks


def _range_checks(p: Protocol, f: Field, v: str, encoding: bool) -> list[str]:
    """The conditions that refuse a value of word field f; an encoder also checks its width."""
    conds = []
    if f.type in p.enums:
        conds.append(f"!{p.prefix}_{f.type}_valid({v})")
    if f.min is not None and f.min > 0:
        conds.append(f"{v} < {_bound_c(f, 'min')}")
    type_top = (1 << TYPES.get(f.type, 32)) - 1
    if f.max is not None and not (encoding and f.max >= type_top):
        conds.append(f"{v} > {_bound_c(f, 'max')}")
    width = f.hi - f.lo + 1
    if encoding and f.type != "bool" and TYPES.get(f.type, 32) > width:
        conds.append(f"{v} > 0x{(1 << width) - 1:x}u")
    return conds


def _len_bounds(f: Field | None) -> tuple[str, str]:
    if f is None:
        return "0", "0"
    if f.type in ("bytes", "text"):
        return (_bound_c(f, "min") if f.min else "0"), _bound_c(f, "max")
    if f.type == "name":
        return ("0" if f.empty else "1"), "SVC_NAME_WIRE_MAX"
    return "0", "CAIRN_IPC_DATA_MAX"  # names


def _decoder(p: Protocol, m: Method, side: str) -> list[str]:
    msg = m.request if side == "request" else m.reply
    s = _struct(p, m, side)
    data, handle = msg.data(), msg.handle()
    lo, hi = _len_bounds(data)
    o = [f"int {_fn(p, m, side, 'decode')}(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,",
         f"\t\t{s} *ret)", "{",
         f"\tconst struct svc_shape shape = {{.tag = {p.tag(m)}, .len_min = {lo}, .len_max = {hi},",
         f"\t\t\t\t\t   .handles = {1 if handle else 0}, .words = {WORDS}}};",
         f"\t{s} r" + (";" if msg.fields else " = {0};")]
    if data is not None and data.type != "name":
        o.append("\tconst uint32_t len = cairn_ipc_len(m->info);")
    if side == "reply":
        o += [f"\tint status = svc_reply_check(m, {p.tag(m)});", "",
              "\tif (status != 0)", "\t\treturn status;"]
    else:
        o.append("")
    if data is None and handle is None:
        o.append("\t(void)buf;")
    o += ["\tif (svc_shape_check(m, &shape) != 0)", "\t\treturn ERR_INVAL;"]
    masks = _word_masks(msg)
    for i in range(1 if side == "reply" else 0, WORDS):
        cond = f"m->w[{i}] != 0" if masks[i] == 0 else (
            None if masks[i] == (1 << 64) - 1 else f"(m->w[{i}] & ~0x{masks[i]:x}ull) != 0")
        if cond:
            o += [f"\tif ({cond})", "\t\treturn ERR_INVAL;"]
    for f in msg.words():
        width = f.hi - f.lo + 1
        v = f"m->w[{f.word}]" + (f" >> {f.lo}" if f.lo else "")
        if width < 64:
            v = f"({v}) & 0x{(1 << width) - 1:x}ull"
        conds = _range_checks(p, f, "v", False)
        o += ["\t{", f"\t\tuint64_t v = {v};", ""]
        if conds:
            o += [f"\t\tif ({' || '.join(conds)})", "\t\t\treturn ERR_INVAL;"]
        cast = "v != 0" if f.type == "bool" else f"({C_TYPES.get(f.type, 'uint32_t')})v"
        o += [f"\t\tr.{f.name} = {cast};", "\t}"]
    if data is not None:
        o += _data_decode(data)
    if handle is not None:
        rights = " | ".join(handle.rights)
        o += ["\tif (buf->handles[0].handle == CAIRN_HANDLE_INVALID ||",
              f"\t    (buf->handles[0].rights & ({rights})) != ({rights}))",
              "\t\treturn ERR_INVAL;", f"\tr.{handle.name} = buf->handles[0].handle;"]
    o += ["\t*ret = r;", "\treturn 0;", "}", ""]
    return o


def _data_decode(f: Field) -> list[str]:
    if f.type == "bytes":
        return [f"\tr.{f.name} = buf->data;", f"\tr.{f.name}_len = len;"]
    if f.type == "text":
        return ["\tif (len > 0 && buf->data[len - 1] != '\\n')", "\t\treturn ERR_INVAL;",
                f"\tr.{f.name} = (const char *)buf->data;", f"\tr.{f.name}_len = len;"]
    if f.type == "name" and f.empty:
        return [f"\tr.{f.name}.len = 0;", f"\tr.{f.name}.str[0] = '\\0';",
                "\tif (cairn_ipc_len(m->info) > 0 &&",
                f"\t    svc_name_decode(buf->data, cairn_ipc_len(m->info), false, &r.{f.name}) != 0)",
                "\t\treturn ERR_INVAL;"]
    if f.type == "name":
        opt = "true" if f.optional else "false"
        return [f"\tif (svc_name_decode(buf->data, cairn_ipc_len(m->info), {opt}, &r.{f.name}) != 0)",
                "\t\treturn ERR_INVAL;"]
    return [f"\tif (svc_names_decode(buf->data, len, {_bound_c(f, 'max')}, r.{f.name}, &r.{f.name}_count) != 0)",
            "\t\treturn ERR_INVAL;"]


def _encoder(p: Protocol, m: Method, side: str) -> list[str]:
    msg = m.request if side == "request" else m.reply
    arg = "req" if side == "request" else "rep"
    data, handle = msg.data(), msg.handle()
    o = [f"int {_fn(p, m, side, 'encode')}(struct svc_msg *m, struct cairn_ipc_buffer *buf,",
         f"\t\tconst {_struct(p, m, side)} *{arg})", "{", "\tuint64_t w[CAIRN_IPC_WORDS] = {0};",
         "\tuint32_t len = 0;", ""]
    if data is None and handle is None:
        o.append("\t(void)buf;")
    if not msg.fields:
        o.append(f"\t(void){arg};")
    for f in msg.words():
        v = f"{arg}->{f.name}"
        conds = _range_checks(p, f, v, True) if f.type != "bool" else []
        if conds:
            o += [f"\tif ({' || '.join(conds)})", "\t\treturn ERR_INVAL;"]
        o.append(f"\tw[{f.word}] |= (uint64_t){v}" + (f" << {f.lo};" if f.lo else ";"))
    if handle is not None:
        o += [f"\tif ({arg}->{handle.name} == CAIRN_HANDLE_INVALID)", "\t\treturn ERR_INVAL;"]
    if data is not None:
        o += _data_encode(data, arg)
    if handle is not None:
        o += [f"\tbuf->handles[0] = (struct cairn_ipc_handle){{.handle = {arg}->{handle.name},",
              f"\t\t\t\t\t\t  .rights = {' | '.join(handle.rights)},",
              "\t\t\t\t\t\t  .mode = CAIRN_IPC_COPY};"]
    o += [f"\t*m = (struct svc_msg){{.info = cairn_ipc_info({p.tag(m)}, len, {1 if handle else 0}),",
          "\t\t\t      .w = {w[0], w[1], w[2]}};", "\treturn 0;", "}", ""]
    return o


def _data_encode(f: Field, arg: str) -> list[str]:
    v = f"{arg}->{f.name}"
    if f.type in ("bytes", "text"):
        lo = f" || {v}_len < {_bound_c(f, 'min')}" if f.min else ""
        o = [f"\tif ({v}_len > {_bound_c(f, 'max')}{lo} || ({v}_len > 0 && {v} == NULL))",
             "\t\treturn ERR_INVAL;"]
        if f.type == "text":
            o += [f"\tif ({v}_len > 0 && {v}[{v}_len - 1] != '\\n')", "\t\treturn ERR_INVAL;"]
        return o + [f"\tfor (uint32_t i = 0; i < {v}_len; i++)", f"\t\tbuf->data[i] = (uint8_t){v}[i];",
                    f"\tlen = {v}_len;"]
    if f.type == "name":
        opt = "true" if f.optional and not f.empty else "false"
        o = ["\t{", f"\t\tint n = svc_name_encode(buf->data, {v}.str, {v}.len, {opt});", "",
             "\t\tif (n < 0)", "\t\t\treturn ERR_INVAL;", "\t\tlen = (uint32_t)n;", "\t}"]
        return [f"\tif ({v}.len > 0)"] + ["\t" + ln if ln else ln for ln in o] if f.empty else o
    return ["\t{", f"\t\tint n = svc_names_encode(buf->data, {v}, {v}_count, {_bound_c(f, 'max')});", "",
            "\t\tif (n < 0)", "\t\t\treturn ERR_INVAL;", "\t\tlen = (uint32_t)n;", "\t}"]


def codec(p: Protocol) -> str:
    o = [f"/* Generated by tools/idlgen.py from {p.path}: edit that file, not this one. */",
         f'#include "svc/{p.name}.h"', "", '#include "cairn/abi/errors.h"', ""]
    for e in p.enums.values():
        values = " || ".join(f"v == {name}" for name in e.values)
        o += [f"static bool {p.prefix}_{e.name}_valid(uint64_t v)", "{", f"\treturn {values};", "}", ""]
    for m in p.methods:
        for side in ("request", "reply"):
            o += _encoder(p, m, side) + _decoder(p, m, side)
    return "\n".join(o)


# --- C: the server's dispatch and the client's stubs -----------------------------------

def server(p: Protocol) -> str:
    o = [f"/* Generated by tools/idlgen.py from {p.path}: edit that file, not this one. */",
         f'#include "svc/{p.name}.h"', "", '#include "cairn/abi/errors.h"', ""]
    for m in p.methods:
        o += [f"static void {p.prefix}_dispatch_{m.name}(const struct {p.prefix}_handlers *h, void *ctx,",
              "\t\tstruct svc_exchange *x)", "{", f"\t{_struct(p, m, 'request')} req;",
              f"\t{_struct(p, m, 'reply')} rep = {{0}};",
              f"\tlong status = h->{_member(m.name)} == NULL ? ERR_NOTSUP : h->admit != NULL ? h->admit(ctx, x) : 0;",
              "", "\tif (status == 0)",
              f"\t\tstatus = {_fn(p, m, 'request', 'decode')}(&x->in, x->buf, &req) != 0",
              f"\t\t\t\t ? ERR_INVAL : h->{_member(m.name)}(ctx, x, &req, &rep);",
              f"\tif (status == 0 && {_fn(p, m, 'reply', 'encode')}(&x->out, x->buf, &rep) == 0)",
              "\t\treturn;", f"\tsvc_reply_status(&x->out, {p.tag(m)}, status == 0 ? ERR_INVAL : status);",
              "}", ""]
    o += [f"void {p.prefix}_dispatch(const struct {p.prefix}_handlers *h, void *ctx, struct svc_exchange *x)",
          "{", "\tuint32_t tag = cairn_ipc_tag(x->in.info);", "", "\tswitch (tag) {"]
    for m in p.methods:
        o += [f"\tcase {p.tag(m)}:", f"\t\t{p.prefix}_dispatch_{m.name}(h, ctx, x);", "\t\treturn;"]
    o += ["\tdefault:", "\t\tsvc_reply_status(&x->out, tag, ERR_NOTSUP);", "\t}", "}", ""]
    return "\n".join(o)


def client(p: Protocol) -> str:
    o = [f"/* Generated by tools/idlgen.py from {p.path}: edit that file, not this one. */",
         f'#include "svc/{p.name}.h"', "", '#include "cairn/ipc.h"', '#include "svc/client.h"', ""]
    for m in p.methods:
        o += [f"long {p.prefix}_{m.name}_call(cairn_handle_t ep, const {_struct(p, m, 'request')} *req,",
              f"\t\t{_struct(p, m, 'reply')} *rep, uint64_t timeout_ns)", "{", "\tstruct svc_msg m;",
              "\tstruct cairn_ipc_buffer *buf = cairn_ipc_buffer();",
              f"\tlong err = {_fn(p, m, 'request', 'encode')}(&m, buf, req);", "",
              "\tif (err == 0)", "\t\terr = svc_call_timeout(ep, &m, timeout_ns);",
              "\tif (err == 0)", f"\t\terr = {_fn(p, m, 'reply', 'decode')}(&m, buf, rep);",
              "\treturn err;", "}", ""]
    o += [f"struct {p.prefix}_server {{", f"\tconst struct {p.prefix}_handlers *h;", "\tvoid *ctx;", "};", "",
          f"static void {p.prefix}_route(void *ctx, struct svc_exchange *x)", "{",
          f"\tconst struct {p.prefix}_server *s = ctx;", "", f"\t{p.prefix}_dispatch(s->h, s->ctx, x);", "}", "",
          f"long {p.prefix}_serve(cairn_handle_t ep, const struct {p.prefix}_handlers *h, void *ctx)", "{",
          "\tstatic const struct svc_route routes[] = {"]
    o += [f"\t\t{{{p.tag(m)}, {p.prefix}_route}}," for m in p.methods]
    o += ["\t};", f"\tstruct {p.prefix}_server s = {{h, ctx}};", "",
          "\treturn svc_serve(ep, routes, sizeof(routes) / sizeof(routes[0]), &s);", "}", ""]
    return "\n".join(o)


# --- fuzz targets and their seeds ---------------------------------------------------------

def fuzz_names(p: Protocol) -> list[tuple[Method, str]]:
    return [(m, side) for m in p.methods for side in ("request", "reply")]


def fuzz_target(p: Protocol, m: Method, side: str) -> str:
    """One libFuzzer target for one decoder: a refusal changes nothing, an acceptance re-encodes."""
    s = _struct(p, m, side)
    refusal = ("\t\tif (rc != ERR_INVAL)\n\t\t\tabort();\n\t\tsvc_input_check_untouched(&r, sizeof(r));"
               if side == "request" else "\t\tsvc_input_check_reply_refusal(rc, &r, sizeof(r));")
    return "\n".join([
        f"/* Generated by tools/idlgen.py from {p.path}: edit that file, not this one. */",
        *_comment(f"libFuzzer target for {_fn(p, m, side, 'decode')}: every input is a message as\n"
                  "svc_input.h reads it. A refused one leaves the result untouched (a request's\n"
                  "refusal is ERR_INVAL, a reply's an ERR_* code); an accepted one has the method's\n"
                  "tag and comes out of its encoder as it went in: info, words and data."),
        "#include <stdint.h>", "#include <stdlib.h>", "#include <string.h>", "",
        '#include "cairn/abi/errors.h"', f'#include "svc/{p.name}.h"', '#include "svc_input.h"', "",
        "int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);", "",
        "int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)", "{",
        "\tstatic struct cairn_ipc_buffer buf;", "\tstatic struct cairn_ipc_buffer again;",
        f"\t{s} r;", "\tstruct svc_msg m;", "\tstruct svc_msg e;", "\tint rc;", "",
        "\tsvc_input_load(data, size, &m, &buf);", "\tmemset(&r, SVC_INPUT_FILL, sizeof(r));",
        f"\trc = {_fn(p, m, side, 'decode')}(&m, &buf, &r);", "\tif (rc != 0) {", refusal,
        "\t\treturn 0;", "\t}",
        f"\tif (cairn_ipc_tag(m.info) != {p.tag(m)} || {_fn(p, m, side, 'encode')}(&e, &again, &r) != 0)",
        "\t\tabort();", "\te.badge = m.badge;", "\tsvc_input_check_same(&e, &again, &m, &buf);",
        "\treturn 0;", "}", ""])


def _seed_fields(p: Protocol, msg: Message) -> tuple[list[int], bytes, tuple[int, int] | None]:
    """Words, data and handle slot of a smallest valid message."""
    words = [0] * WORDS
    for f in msg.words():
        if f.type in p.enums:
            value = min(p.enums[f.type].values.values())
        else:
            value = f.min if f.min is not None else 0
        words[f.word] |= value << f.lo
    data = b""
    f = msg.data()
    if f is not None:
        data = {"bytes": b"a" * max(f.min or 0, 1), "text": b"a\n", "name": b"a\0",
                "names": b"a\0"}[f.type]
    handle = None
    h = msg.handle()
    if h is not None:
        handle = (1, sum(NUMBERS[r] for r in h.rights))
    return words, data, handle


def seeds(p: Protocol, m: Method, side: str) -> list[bytes]:
    """The target's seeds in svc_input.h's form: the smallest valid message; for a reply, also an error."""
    msg = m.request if side == "request" else m.reply
    words, data, handle = _seed_fields(p, msg)
    info = ((p.tags + m.ordinal) | len(data) << NUMBERS["CAIRN_IPC_LEN_SHIFT"]
            | (1 if handle else 0) << NUMBERS["CAIRN_IPC_HCOUNT_SHIFT"])
    slots = bytearray(16 * NUMBERS["CAIRN_IPC_HANDLES_MAX"])
    if handle:
        slots[0:8] = handle[0].to_bytes(4, "little") + handle[1].to_bytes(4, "little")
    regs = info.to_bytes(8, "little") + b"".join(w.to_bytes(8, "little") for w in words)
    good = regs + (0x105).to_bytes(8, "little") + bytes(slots) + data
    if side == "request":
        return [good]
    status = (1 << 64) - 1  # ERR_INVAL as the unsigned word
    error = ((p.tags + m.ordinal).to_bytes(8, "little") + status.to_bytes(8, "little") + bytes(32))
    return [good, error]


# --- the generated conformance test -------------------------------------------------------

def _c_bytes(data: bytes) -> str:
    return "{" + ", ".join(str(b) for b in data) + "}" if data else "{0}"


def _mutations(p: Protocol, m: Method, side: str) -> list[tuple[str, str]]:
    """(what, C statement) pairs, each turning the valid message into one its decoder must refuse."""
    msg = m.request if side == "request" else m.reply
    masks = _word_masks(msg)
    out = [("another tag", f"t.m.info ^= 0x80u;"),
           ("a stray info bit", "t.m.info |= 1ull << 40;"),
           ("one handle too many", f"t.m.info += 1ull << CAIRN_IPC_HCOUNT_SHIFT;")]
    for i in range(1 if side == "reply" else 0, WORDS):
        if masks[i] != (1 << 64) - 1:
            bit = next(b for b in range(64) if not masks[i] >> b & 1)
            out.append((f"bit {bit} of w{i}, which no field holds", f"t.m.w[{i}] |= 1ull << {bit};"))
    data = msg.data()
    limit = {"bytes": data.max, "text": data.max} if data is not None else {}
    top = limit.get(data.type) if data is not None else 0
    if top is not None and top < NUMBERS["CAIRN_IPC_DATA_MAX"]:
        out.append(("one data byte more than allowed",
                    f"t.m.info = cairn_ipc_info({p.tag(m)}, {top + 1}u, cairn_ipc_hcount(t.m.info));"))
    if side == "reply":
        out.append(("a status that is no ERR_* code", "t.m.w[0] = 5;"))
    return out


def conformance(protocols: list[Protocol]) -> str:
    o = ["/* Generated by tools/idlgen.py: edit the interface files, not this one. */",
         *_comment("For every decoder of every interface file: the smallest valid message is\n"
                   "accepted, and each mutation of it that breaks the wire's rules is refused\n"
                   "and leaves the result untouched (RFC-0012)."),
         "#include <check.h>", "#include <stdlib.h>", "#include <string.h>", "",
         '#include "cairn/abi/errors.h"']
    o += [f'#include "svc/{p.name}.h"' for p in protocols]
    o += ["", "struct idl_case {", "\tstruct svc_msg m;", "\tstruct cairn_ipc_buffer buf;", "};", "",
          "static struct idl_case t;", "",
          "static void idl_load(uint64_t info, uint64_t w0, uint64_t w1, uint64_t w2, const uint8_t *data,",
          "\t\t     size_t len, uint32_t handle, uint32_t rights)", "{",
          "\tmemset(&t, 0, sizeof(t));",
          "\tt.m = (struct svc_msg){.info = info, .w = {w0, w1, w2}, .badge = 0x105};",
          "\tmemcpy(t.buf.data, data, len);",
          "\tt.buf.handles[0] = (struct cairn_ipc_handle){.handle = handle, .rights = rights};", "}", ""]
    names = []
    for p in protocols:
        for m, side in fuzz_names(p):
            msg = m.request if side == "request" else m.reply
            words, data, handle = _seed_fields(p, msg)
            info = ((p.tags + m.ordinal) | len(data) << NUMBERS["CAIRN_IPC_LEN_SHIFT"]
                    | (1 if handle else 0) << NUMBERS["CAIRN_IPC_HCOUNT_SHIFT"])
            name = f"{p.name}_{m.name}_{side}"
            names.append(name)
            muts = _mutations(p, m, side)
            s = _struct(p, m, side)
            o += [f"static void load_{name}(void)", "{",
                  f"\tstatic const uint8_t data[] = {_c_bytes(data)};", "",
                  f"\tidl_load(0x{info:x}ull, 0x{words[0]:x}ull, 0x{words[1]:x}ull, 0x{words[2]:x}ull, data, "
                  f"{len(data)}, {handle[0] if handle else 0}, 0x{handle[1] if handle else 0:x}u);", "}", "",
                  f"START_TEST(test_{name})", "{", f"\t{s} r;", f"\t{s} fill;", "",
                  f"\tload_{name}();", f"\tck_assert_int_eq({_fn(p, m, side, 'decode')}(&t.m, &t.buf, &r), 0);",
                  "\tmemset(&fill, 0xa5, sizeof(fill));"]
            for what, stmt in muts:
                o += [f"\tload_{name}();", f"\t{stmt}", "\tmemcpy(&r, &fill, sizeof(r));",
                      f"\tck_assert_msg({_fn(p, m, side, 'decode')}(&t.m, &t.buf, &r) == ERR_INVAL,",
                      f'\t\t      "{name}: refused no message with {what}");',
                      "\tck_assert_mem_eq(&r, &fill, sizeof(r));"]
            o += ["}", "END_TEST", ""]
    o += ["int main(void)", "{", '\tSuite *s = suite_create("idl");', '\tTCase *tc = tcase_create("conformance");',
          "\tSRunner *sr;", "\tint failed;", ""]
    o += [f"\ttcase_add_test(tc, test_{n});" for n in names]
    o += ["\tsuite_add_tcase(s, tc);", "\tsr = srunner_create(s);", "\tsrunner_run_all(sr, CK_NORMAL);",
          "\tfailed = srunner_ntests_failed(sr);", "\tsrunner_free(sr);",
          "\treturn failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;", "}", ""]
    return "\n".join(o)


# --- the reference -----------------------------------------------------------------------

def _place(f: Field) -> str:
    if f.place.startswith("w") and (f.lo, f.hi) != (0, TYPES.get(f.type, 32) - 1):
        return f"{f.place}[{f.hi}:{f.lo}]"
    return f.place


def _type(p: Protocol, f: Field) -> str:
    bounds = []
    if f.min is not None:
        bounds.append(f"min {f.min_text}")
    if f.max is not None:
        bounds.append(f"max {f.max_text}")
    if f.type == "handle":
        bounds.append(f"{f.kind}, at least {' | '.join(f.rights)}")
    if f.optional:
        bounds.append("none as no data" if f.empty else "none as a lone NUL")
    kind = f"enum {p.enums[f.type].c_name}" if f.type in p.enums else f.type
    return kind + (f" ({'; '.join(bounds)})" if bounds else "")


def _fields(p: Protocol, msg: Message, reply: bool) -> list[str]:
    rows = ["| w0 | status | 0 or an `ERR_*` code |"] if reply else []
    rows += [f"| {_place(f)} | {f.name} | {_type(p, f)}{(': ' + f.doc) if f.doc else ''} |" for f in msg.fields]
    return ["| place | field | type |", "| --- | --- | --- |", *rows] if rows else ["(none)"]


def reference(p: Protocol) -> str:
    """The protocol's Markdown reference, as the RFCs include it."""
    o = [f"#### Protocol `{p.name}` (version {p.version}, {p.stability}, tags 0x{p.tags:04x})", "",
         " ".join(p.summary.split()), ""]
    if p.constants:
        o += ["| constant | value |", "| --- | --- |"]
        o += [f"| `{name}` | `{expr}` = {value} |" for name, (expr, value, _doc) in p.constants.items()]
        o.append("")
    for e in p.enums.values():
        o += [f"`enum {e.c_name}`: " + ", ".join(f"`{n}` {v}" for n, v in e.values.items()) + ".", ""]
    for m in p.methods:
        o += [f"**{m.name}** (`{p.tag(m)}`, 0x{p.tags + m.ordinal:04x}; caller: {m.caller}): "
              + " ".join(m.summary.split()), "", "Request:", "", *_fields(p, m.request, False), "",
              "Reply:", "", *_fields(p, m.reply, True), "",
              "Errors: " + (", ".join(f"`{e}`" for e in m.errors) if m.errors else "none") + ".", ""]
    return "\n".join(o).rstrip("\n") + "\n"


# --- driver ------------------------------------------------------------------------------

def outputs(p: Protocol) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        f"include/svc/{p.name}.h": header(p), f"{p.name}_codec.c": codec(p),
        f"{p.name}_server.c": server(p), f"client/{p.name}_client.c": client(p)}
    for m, side in fuzz_names(p):
        name = f"{p.name}_{m.name}_{side}"
        files[f"fuzz/fuzz_idl_{name}.c"] = fuzz_target(p, m, side)
        for i, seed in enumerate(seeds(p, m, side), start=1):
            files[f"fuzz/seeds/idl_{name}/seed-{i:02d}"] = seed
    files[f"doc/{p.name}.md"] = reference(p)
    return files


def remove_stale(out: Path, written: set[str]) -> list[str]:
    """Delete the files under out that this run did not write (its own dot-files aside):
    what a removed interface file or method generated once."""
    stale = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                   if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".tmp")
                   and p.relative_to(out).as_posix() not in written)
    for rel in stale:
        (out / rel).unlink()
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()
    return stale


def make_fragment(protocols: list[Protocol]) -> str:
    """What make needs to know of the generated fuzz targets: their names."""
    names = [f"idl_{p.name}_{m.name}_{side}" for p in protocols for m, side in fuzz_names(p)]
    return ("# Generated by tools/idlgen.py: the fuzz targets of every interface file.\n"
            f"IDL_FUZZ_NAMES := {' '.join(names)}\n")


def write_if_changed(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


BLOCK = re.compile(r"(<!-- idl:(\w+) -->\n)(.*?)(<!-- /idl:\2 -->)", re.S)


def blocks(text: str) -> dict[str, str]:
    """The text of each <!-- idl:NAME --> ... <!-- /idl:NAME --> block, by NAME."""
    return {m.group(2): m.group(3) for m in BLOCK.finditer(text)}


def sync_blocks(text: str, references: dict[str, str]) -> str:
    return BLOCK.sub(lambda m: m.group(1) + references.get(m.group(2), m.group(3)) + m.group(4), text)


def load_all(paths: list[Path]) -> list[Protocol]:
    NUMBERS.clear()
    NUMBERS.update(abi_numbers())
    svcname = (ROOT / "userspace" / "libsvcname" / "include" / "svcname.h").read_text(encoding="utf-8")
    NUMBERS["SVCNAME_MAX"] = int(re.search(r"#define SVCNAME_MAX (\d+)u", svcname).group(1))  # type: ignore[union-attr]
    NUMBERS["SVC_NAME_WIRE_MAX"] = NUMBERS["SVCNAME_MAX"] + 1
    errors, kinds = abi_errors(), abi_kinds()
    protocols, problems = [], []
    for path in paths:
        try:
            protocols.append(load(path.resolve(), NUMBERS, errors, kinds))
        except IdlError as exc:
            problems.append(str(exc))
    tags = {}
    for p in protocols:
        if p.tags in tags:
            problems.append(f"{p.path}:1: tags 0x{p.tags:04x} are {tags[p.tags]}'s too")
        tags[p.tags] = p.path
    if problems:
        raise IdlError("\n".join(problems))
    return protocols


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path, help="interface files (idl/NAME.yaml)")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "gen" / "idl",
                    help="where to write (default build/gen/idl)")
    ap.add_argument("--check", action="store_true", help="only check the files; write nothing")
    ap.add_argument("--sync-rfcs", action="store_true",
                    help="rewrite each <!-- idl:NAME --> block of rfcs/*.md with NAME's reference")
    args = ap.parse_args(argv)
    try:
        protocols = load_all(args.files)
    except IdlError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.sync_rfcs:
        for path in sorted((ROOT / "rfcs").glob("*.md")):
            text = path.read_text(encoding="utf-8")
            synced = sync_blocks(text, {p.name: reference(p) for p in protocols})
            if synced != text:
                path.write_text(synced, encoding="utf-8")
                print(f"idlgen: {path.relative_to(ROOT)} synced")
    if not args.check:
        written = {"fuzz.mk": make_fragment(protocols), "tests/test_idl.c": conformance(protocols)}
        for p in protocols:
            written.update(outputs(p))
        for rel, content in written.items():
            write_if_changed(args.out / rel, content)
        for stale in remove_stale(args.out, set(written)):
            print(f"idlgen: removed {stale}, which no interface file generates")
    print(f"idlgen: {len(protocols)} protocols, {sum(len(p.methods) for p in protocols)} methods"
          + ("" if args.check else f", written to {args.out}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
