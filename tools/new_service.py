#!/usr/bin/python3
"""Scaffold a service from its interface file: `just new-service NAME` (RFC-0012).

Reads idl/NAME.yaml with tools/idlgen.py's loader and writes services/NAME/:
  main.c         the thin daemon: says READY, then serves its endpoint with the table
  handlers.c/.h  the handler table the generated dispatch calls, one handler per method,
                 each answering ERR_NOTSUP until it is written
  service.mk     its program and its host test, which services/services.mk includes
  tests/test_NAME.c  a host test that sends each method's smallest valid request through
                 the generated dispatch: its handler must run, and its answer (ERR_NOTSUP
                 until it is written) is the reply's status
  README.md      what it serves, its handles, and its manifest line
It refuses to overwrite anything. It does not touch services/manifest.txt: a line there
starts the service on every boot, which is a decision to make on purpose (README.md says
how, and what else a new endpoint word needs).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cairn_idlgen", ROOT / "tools" / "idlgen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _handler(gen: ModuleType, p: object, m: object) -> str:
    req, rep = gen._struct(p, m, "request"), gen._struct(p, m, "reply")
    return "\n".join([
        f"static long on_{m.name}(void *ctx, struct svc_exchange *x, const {req} *req,",
        f"\t\t{rep} *rep)", "{", f"\tstruct {p.name}_state *state = ctx;", "", "\t(void)x;",
        "\t(void)req;", "\t(void)rep;", "\tstate->requests++;", "\treturn ERR_NOTSUP;", "}", ""])


def files(gen: ModuleType, p: object) -> dict[str, str]:
    name = p.name
    methods = p.methods
    table = ", ".join(f".{gen._member(m.name)} = on_{m.name}" for m in methods)
    handlers_h = "\n".join([
        f"/* {name}'s handlers for the generated dispatch of svc/{name}.h (idl/{name}.yaml). */",
        f"#ifndef SERVICE_{name.upper()}_HANDLERS_H", f"#define SERVICE_{name.upper()}_HANDLERS_H", "",
        f'#include "svc/{name}.h"', "",
        f"/* What {name} keeps between requests; the handlers get it as ctx. */",
        f"struct {name}_state {{", "\tuint64_t requests; /* answered so far */", "};", "",
        f"extern const struct svc_{name}_handlers {name}_handlers;", "",
        f"#endif /* SERVICE_{name.upper()}_HANDLERS_H */", ""])
    handlers_c = "\n".join([
        "/*", f" * {name}'s handlers: one per method of idl/{name}.yaml, each answering ERR_NOTSUP",
        " * until it is written. Pure: no system calls, so tests/ runs them on the host.", " */",
        '#include "handlers.h"', "", '#include "cairn/abi/errors.h"', "",
        *[_handler(gen, p, m) for m in methods],
        f"const struct svc_{name}_handlers {name}_handlers = {{{table}}};", ""])
    main_c = "\n".join([
        "/*", f" * {name}: serves the protocol of idl/{name}.yaml (svc/{name}.h); its logic is",
        " * handlers.c. Handles (its manifest line is in README.md): [0] self, [1] supervisor",
        f" * SEND, [2] its endpoint RECV.", " */", "#include <stddef.h>", "",
        '#include "cairn/start.h"', '#include "handlers.h"', '#include "svc/client.h"', "",
        "int cairn_main(const cairn_handle_t *handles, size_t count)", "{",
        f"\tstatic struct {name}_state state;", "", "\tif (count < 3)", "\t\treturn 1;",
        "\t(void)svc_ready(handles[1]);",
        f"\treturn (int)-svc_{name}_serve(handles[2], &{name}_handlers, &state);", "}", ""])
    service_mk = "\n".join([
        f"# {name}: scaffolded by `just new-service {name}` from idl/{name}.yaml; included by",
        "# services/services.mk. Its program, and its host test of the handlers.",
        f"$(call user_program,{name},services/{name}/main.c services/{name}/handlers.c,$(SVC_PROGRAM_LIBS))",
        f"TEST_SERVICE_{name.upper()}_SRCS := services/{name}/tests/test_{name}.c "
        f"services/{name}/handlers.c \\", "\t$(LIBSVC_SRCS) $(LIBSVC_DEP_SRCS)",
        f"HOST_TESTS += $(HOST_BUILD)/test_service_{name}",
        f"$(HOST_BUILD)/test_service_{name}: $(call user_host_objs,$(TEST_SERVICE_{name.upper()}_SRCS))",
        "\t$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)",
        f"$(call compdb_add,$(HOSTCC),$(USER_HOST_CFLAGS),services/{name}/tests/test_{name}.c)", ""])
    cases = []
    for m in methods:
        words, data, handle = gen._seed_fields(p, m.request)
        info = ((p.tags + m.ordinal) | len(data) << gen.NUMBERS["CAIRN_IPC_LEN_SHIFT"]
                | (1 if handle else 0) << gen.NUMBERS["CAIRN_IPC_HCOUNT_SHIFT"])
        data_c = "{" + ", ".join(str(b) for b in data) + "}" if data else "{0}"
        cases += [f"START_TEST(test_{m.name})", "{", f"\tstatic const uint8_t data[] = {data_c};", "",
                  f"\tck_assert_int_eq(dispatch(0x{info:x}ull, 0x{words[0]:x}ull, 0x{words[1]:x}ull, "
                  f"0x{words[2]:x}ull, data, {len(data)}, 0x{handle[1] if handle else 0:x}u), ERR_NOTSUP);",
                  "}", "END_TEST", ""]
    test_c = "\n".join([
        "/*", f" * Host test of {name}'s handlers through the generated dispatch: each method's",
        " * smallest valid request reaches its handler, whose answer is the reply's status.",
        " * A handler that is written answers otherwise: change its case to what it should do.",
        " */", "#include <check.h>", "#include <stdlib.h>", "#include <string.h>", "",
        '#include "../handlers.h"', '#include "cairn/abi/errors.h"', "",
        "static struct cairn_ipc_buffer buf;", f"static struct {name}_state state;", "",
        "/* The reply's status to the request given; a handler must have run for it. */",
        "static int dispatch(uint64_t info, uint64_t w0, uint64_t w1, uint64_t w2, const uint8_t *data,",
        "\t\t    size_t len, uint32_t rights)", "{", "\tuint64_t before = state.requests;",
        "\tstruct svc_exchange x = {.in = {.info = info, .w = {w0, w1, w2}, .badge = 0x105}, .buf = &buf};",
        "", "\tmemcpy(buf.data, data, len);",
        "\tbuf.handles[0] = (struct cairn_ipc_handle){.handle = 1, .rights = rights};",
        f"\tsvc_{name}_dispatch(&{name}_handlers, &state, &x);",
        "\tck_assert_uint_eq(state.requests, before + 1); /* decoded, and the handler ran */",
        "\treturn svc_reply_check(&x.out, cairn_ipc_tag(info));", "}", "", *cases,
        "int main(void)", "{", f'\tSuite *s = suite_create("{name}");', '\tTCase *tc = tcase_create("dispatch");',
        "\tSRunner *sr;", "\tint failed;", "",
        *[f"\ttcase_add_test(tc, test_{m.name});" for m in methods],
        "\tsuite_add_tcase(s, tc);", "\tsr = srunner_create(s);", "\tsrunner_run_all(sr, CK_NORMAL);",
        "\tfailed = srunner_ntests_failed(sr);", "\tsrunner_free(sr);",
        "\treturn failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;", "}", ""])
    readme = "\n".join([
        f"# {name}", "", " ".join(p.summary.split()), "",
        f"Protocol: `idl/{name}.yaml` (the generated `svc/{name}.h`; its reference is in the RFC",
        f"that includes it). Logic: `handlers.c`, one handler per method, tested on the host by",
        f"`tests/test_{name}.c`. Scaffolded by `just new-service {name}`.", "",
        "Manifest line, to add to `services/manifest.txt` when it should start on every boot (a new",
        "endpoint word also goes into libmanifest's vocabulary and `schemas/manifest.schema.json`,",
        "and policyd's rules decide who may look it up):", "",
        f"    service {name} program={name} restart=always after=logd serves={name} handles={name},log", "",
        "Handles: `[0]` self, `[1]` supervisor SEND, `[2]` its endpoint RECV, `[3]` log SEND.", ""])
    base = f"services/{name}"
    return {f"{base}/main.c": main_c, f"{base}/handlers.h": handlers_h, f"{base}/handlers.c": handlers_c,
            f"{base}/service.mk": service_mk, f"{base}/tests/test_{name}.c": test_c,
            f"{base}/README.md": readme}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("name", help="the protocol and service name: idl/NAME.yaml must exist")
    ap.add_argument("--root", type=Path, default=ROOT, help="where services/NAME goes (the tree)")
    ap.add_argument("--idl", type=Path, help="the interface file (default idl/NAME.yaml)")
    args = ap.parse_args(argv)
    spec = args.idl or ROOT / "idl" / f"{args.name}.yaml"
    if not spec.exists():
        print(f"new-service: {spec} does not exist: write the interface first", file=sys.stderr)
        return 2
    gen = generator()
    try:
        protocol = next(p for p in gen.load_all([spec]) if p.name == args.name)
    except gen.IdlError as exc:
        print(exc, file=sys.stderr)
        return 1
    out = files(gen, protocol)
    taken = [rel for rel in out if (args.root / rel).exists()]
    if taken:
        print(f"new-service: {taken[0]} exists; nothing written", file=sys.stderr)
        return 1
    for rel, text in out.items():
        (args.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (args.root / rel).write_text(text, encoding="utf-8")
        print(f"new-service: wrote {rel}")
    print(f"new-service: build with make; start it on boot with the line in services/{args.name}/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
