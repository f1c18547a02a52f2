"""Cairn's gate runner: contract checks, static analysis, host tests and QEMU marker proofs."""
