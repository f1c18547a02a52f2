"""Command-line entry: `python3 -m gates COMMAND ...` (see --help, and gates/cli.py)."""

import sys

from gates.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
