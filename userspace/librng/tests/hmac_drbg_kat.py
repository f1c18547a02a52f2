#!/usr/bin/env python3
"""The known answers of librng's DRBG test (tests/test_kat.c), computed apart from BearSSL.

HMAC_DRBG with SHA-256 written from NIST SP 800-90A section 10.1.2 over Python's own hmac
and hashlib, checked first against two of NIST's CAVP vectors (HMAC_DRBG.rsp, [SHA-256],
prediction resistance false, COUNT = 0 of the set without a reseed and of the set with
one), then run over the raw
stream test_kat.c feeds librng: KAT_BYTE(i) = (i * 167 + 13) mod 256 for i from 0, of which
the first 1024 bytes are start-up (discarded), the next 384 instantiate with the
personalisation "cairn rngd", and the next 256 reseed after 64 requests of 1024 bytes
(64 KiB, the reseed interval). The arrays are the first 64 bytes of the first request and
of the 65th (the first after the reseed). Run it with no arguments; it prints the C
arrays test_kat.c holds.
"""

from __future__ import annotations

import hashlib
import hmac

STARTUP = 1024
SEED = 384
RESEED = 256
REQUEST = 1024
REQUESTS_PER_SEEDING = 64
PERSONALISATION = b"cairn rngd"


def _mac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


class HmacDrbg:
    """SP 800-90A HMAC_DRBG (SHA-256), no prediction resistance, no additional input."""

    def __init__(self, entropy: bytes, nonce: bytes, personalisation: bytes) -> None:
        self.key = b"\x00" * 32
        self.value = b"\x01" * 32
        self._update(entropy + nonce + personalisation)

    def _update(self, provided: bytes) -> None:
        self.key = _mac(self.key, self.value + b"\x00" + provided)
        self.value = _mac(self.key, self.value)
        if provided:
            self.key = _mac(self.key, self.value + b"\x01" + provided)
            self.value = _mac(self.key, self.value)

    def reseed(self, entropy: bytes) -> None:
        self._update(entropy)

    def generate(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            self.value = _mac(self.key, self.value)
            out += self.value
        self._update(b"")
        return out[:n]


def _check_cavp() -> None:
    drbg = HmacDrbg(bytes.fromhex("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488"),
                    bytes.fromhex("659ba96c601dc69fc902940805ec0ca8"), b"")
    drbg.generate(128)
    assert drbg.generate(128).hex().startswith("e528e9abf2dece54d47c7e75e5fe3021"), "CAVP no reseed"
    drbg = HmacDrbg(bytes.fromhex("06032cd5eed33f39265f49ecb142c511da9aff2af71203bffaf34a9ca5bd9c0d"),
                    bytes.fromhex("0e66f71edc43e42a45ad3c6fc6cdc4df"), b"")
    drbg.reseed(bytes.fromhex("01920a4e669ed3a85ae8a33b35a74ad7fb2a6bb4cf395ce00334a9c9a5a5d552"))
    drbg.generate(128)
    assert drbg.generate(128).hex().startswith("76fc79fe9b50beccc991a11b5635783a"), "CAVP reseed"


def _raw(start: int, count: int) -> bytes:
    return bytes((i * 167 + 13) % 256 for i in range(start, start + count))


def _c_array(name: str, data: bytes) -> str:
    rows = [", ".join(f"0x{b:02x}" for b in data[i:i + 12]) for i in range(0, len(data), 12)]
    return f"static const uint8_t {name}[{len(data)}] = {{\n\t" + ",\n\t".join(rows) + ",\n};"


def main() -> None:
    _check_cavp()
    entropy = _raw(STARTUP, SEED)
    drbg = HmacDrbg(entropy[:256], entropy[256:], PERSONALISATION)
    first = drbg.generate(REQUEST)
    for _ in range(REQUESTS_PER_SEEDING - 1):
        drbg.generate(REQUEST)
    drbg.reseed(_raw(STARTUP + SEED, RESEED))
    after_reseed = drbg.generate(REQUEST)
    print(_c_array("kat_first", first[:64]))
    print(_c_array("kat_after_reseed", after_reseed[:64]))


if __name__ == "__main__":
    main()
