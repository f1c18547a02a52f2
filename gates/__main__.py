"""Command-line entry: `python3 -m gates COMMAND ...` (see --help)."""

import sys

from gates import markers


def main(argv: list[str]) -> int:
    if argv and argv[0] == "markers-header":
        return markers.main(argv[1:])
    print("usage: python3 -m gates markers-header OUT.h", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
