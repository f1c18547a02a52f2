#!/usr/bin/python3
"""Add outside programs to a boot manifest: the manifest half of `make run EXTRA=...`.

Each PROGRAM is an ELF file built outside the tree (against build/sdk, say). It is
packed into the boot image under its file name without the extension (the rule of
tools/mkbootimg.py, which this tool applies too: the name rules and an RV64 executable),
and gets one line at the end of the manifest:

    service <name> program=<name> restart=never after=<every base service> serves= handles=console priority=3

so init starts it last, once, at priority 3 (also its ceiling: below the services' 4), with
no max-* keys and so CAIRN_QUOTA_DEFAULT as its quota (RFC-0010), and with
handles [0] itself, [1] its supervisor handle and [2] the console
(userspace/libmanifest/include/manifest.h). The name must also be a
service name (a lower-case letter, then lower-case letters, digits, '-' or '_').

The output is the base text with the lines appended and is not yet checked as a whole:
the Makefile passes it through tools/manifest.py, which owns every manifest rule. This
tool owns only the shape of the added line. Problems are printed as `path:line: message`
and give exit status 1.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import mkbootimg

# The service-name rule of svcname.h, as schemas/manifest.schema.json writes it.
SERVICE_NAME = re.compile(r"[a-z][a-z0-9_-]{0,30}")
HANDLES = "console"
# Below the services' default of 4, and the program's ceiling (RFC-0010): an outside program
# spinning at its highest priority cannot keep a service off the CPU.
PRIORITY = 3


class ExtraError(Exception):
    """A program that cannot be added; the message is one `path:line: message` line."""


def program_name(path: Path, data: bytes) -> str:
    """The boot-image and service name of the program at `path`, or ExtraError."""
    name, _ = mkbootimg.parse_spec(str(path))
    try:
        mkbootimg.check_name(name)
        mkbootimg.check_elf(name, data)
    except mkbootimg.PackError as exc:
        raise ExtraError(f"{path}:1: {exc}") from exc
    if not SERVICE_NAME.fullmatch(name):
        raise ExtraError(f"{path}:1: '{name}' is not a service name (a lower-case letter, then up to 30 "
                         "lower-case letters, digits, '-' or '_'); rename the file")
    return name


def service_names(text: str) -> list[str]:
    """The names of the `service` lines of a manifest, in file order (the rest is manifest.py's to judge)."""
    names = []
    for raw in text.split("\n"):
        words = raw.partition("#")[0].split()
        if len(words) >= 2 and words[0] == "service":
            names.append(words[1])
    return names


def service_line(name: str, after: list[str]) -> str:
    return f"service {name} program={name} restart=never after={','.join(after)} serves= handles={HANDLES} priority={PRIORITY}"


def extend(base: str, programs: list[tuple[str, Path]]) -> str:
    """`base` with one line per (name, path), each started after every service of `base`."""
    after = service_names(base)
    lines = [base.rstrip("\n"), "", "# Added by `make run EXTRA=...` (tools/manifest_extra.py):"]
    lines += [service_line(name, after) for name, _ in programs]
    return "\n".join(lines) + "\n"


def read_programs(paths: list[Path]) -> list[tuple[str, Path]]:
    programs: list[tuple[str, Path]] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ExtraError(f"{path}:1: cannot read: {exc.strerror or exc}") from exc
        name = program_name(path, data)
        if any(name == seen for seen, _ in programs):
            raise ExtraError(f"{path}:1: a second program named '{name}'")
        programs.append((name, path))
    return programs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="manifest_extra",
        description="Append a manifest line for each outside program (make run EXTRA=...); "
        "check the result with tools/manifest.py.")
    parser.add_argument("--base", required=True, type=Path, help="the manifest to extend")
    parser.add_argument("-o", "--output", required=True, type=Path, help="where to write the extended manifest")
    parser.add_argument("programs", nargs="+", type=Path, metavar="PROGRAM.elf")
    args = parser.parse_args(argv)
    try:
        base = args.base.read_text(encoding="utf-8")
        programs = read_programs(args.programs)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.base}:1: cannot read: {exc}", file=sys.stderr)
        return 1
    except ExtraError as exc:
        print(exc, file=sys.stderr)
        return 1
    clash = set(service_names(base)) & {name for name, _ in programs}
    if clash:
        print(f"{args.base}:1: the manifest already has a service '{sorted(clash)[0]}'; rename the program",
              file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(extend(base, programs), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
