"""The qemu stage's proof profiles (gates/profiles/NAME.yaml): reading and checking them.

A profile lists what one boot must show, in order, each by its deadline: registered
markers (`text`, with {nonce} for the boot's nonce) and plain output a person reads
(`output`, a regular expression one whole console line from `source` must match;
`console`, an untagged line, unless the profile says otherwise). An `output` entry may
only follow an expectation that carries the nonce (a marker, or an output whose pattern
holds {nonce}), so only this boot's console can meet it.

Profiles boot test images, except the one marked `product: true`: it boots the product
kernel, expects plain output only, and fails on any line of the marker shape, which is how
the gate proves that `make run`'s boot prints no proof (RFC-0011).
This module owns the profile's shape and its rules; judging a console is qemu.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from gates import markers
from gates.stages import build

PROFILES = "gates/profiles"
# Profiles boot the test kernel unless they name another test image (RFC-0011): the
# product kernel holds no proof, so load_profile refuses it.
TEST_KERNEL = "build/test/cairn-test.elf"


class ProfileError(Exception):
    """A profile file is unreadable or names something it may not."""


@dataclass(frozen=True)
class Expect:
    text: str  # a marker as written, with {nonce}; or, for output, the pattern as written
    deadline: float  # seconds from launch
    output: bool = False  # text is a pattern a whole console line from `source` must match
    source: str = markers.CONSOLE_SOURCE  # who must print an output line

    def describe(self) -> str:
        """How reports name it: "marker 'TEXT'" or "output /PATTERN/ from SOURCE"."""
        return f"output /{self.text}/ from {self.source}" if self.output else f"marker '{self.text}'"


@dataclass(frozen=True)
class Feed:
    after: str  # the text of one of the profile's expectations, as written
    text: str  # what is typed once that expectation has been met


@dataclass(frozen=True)
class Profile:
    name: str
    harts: int
    memory: str
    icount: bool
    markers: tuple[Expect, ...]  # every expectation, markers and output, in order
    forbidden: tuple[str, ...]
    settle: float
    exit_code: int
    inputs: tuple[Feed, ...] = ()
    image: str = TEST_KERNEL  # the kernel booted: one of the images the build stage vouches for
    product: bool = False  # boots the product: plain output only, and no line of marker shape

    def typed_after(self, expected: str) -> tuple[str, ...]:
        """The texts to type once `expected` (as written in the profile) has been met, in order."""
        return tuple(f.text for f in self.inputs if f.after == expected)


def _expect(entry: dict[str, object]) -> Expect:
    deadline = float(entry["deadline"])  # type: ignore[arg-type]
    if "output" in entry:
        source = str(entry.get("source") or markers.CONSOLE_SOURCE)
        return Expect(str(entry["output"]), deadline, output=True, source=source)
    return Expect(str(entry["text"]), deadline)


def load_profile(path: Path, registry: markers.Registry, rel: str) -> Profile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        profile = Profile(
            name=str(data.get("name") or path.stem),
            harts=int(data["harts"]),
            memory=str(data["memory"]),
            icount=bool(data.get("icount", False)),
            markers=tuple(_expect(m) for m in data["markers"]),
            forbidden=tuple(str(f) for f in data.get("forbidden") or ()),
            settle=float(data.get("settle", 0)),
            exit_code=int(data.get("exit_code", 0)),
            inputs=tuple(Feed(str(f["after"]), str(f["text"])) for f in data.get("input") or ()),
            image=str(data.get("image") or (build.KERNEL_ELF if data.get("product") else TEST_KERNEL)),
            product=bool(data.get("product", False)),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ProfileError(f"{rel}:1: cannot read profile: {type(exc).__name__}: {exc}".splitlines()[0]) from exc
    if not profile.markers:
        raise ProfileError(f"{rel}:1: a profile needs at least one marker")
    _check_expectations(profile, registry, rel)
    if profile.product and profile.image != build.KERNEL_ELF:
        raise ProfileError(f"{rel}:1: a product profile boots the product, {build.KERNEL_ELF}, "
                           f"not '{profile.image}'")
    if profile.product and not all(e.output for e in profile.markers):
        raise ProfileError(f"{rel}:1: a product profile expects plain output only: the product "
                           "prints no markers (RFC-0011)")
    if not profile.product and profile.image == build.KERNEL_ELF:
        raise ProfileError(f"{rel}:1: image '{profile.image}' is the product, which prints no proofs: "
                           "a profile boots a test image, or says `product: true` (RFC-0011)")
    if profile.image not in build.IMAGES:
        raise ProfileError(f"{rel}:1: image '{profile.image}' is not one the build stage makes "
                           f"({', '.join(build.IMAGES)})")
    _check_inputs(profile, rel)
    return profile


def _check_expectations(profile: Profile, registry: markers.Registry, rel: str) -> None:
    """Markers are live ones; each output pattern compiles, cannot match an empty line, and
    comes after an expectation carrying the boot's nonce, or carries it itself."""
    known, retired = registry.by_text(), registry.retired()
    nonce_seen = False
    texts = [e.text for e in profile.markers]
    for i, expect in enumerate(profile.markers):
        if expect.text in texts[:i]:
            raise ProfileError(f"{rel}:1: markers[{i}] '{expect.text}' is listed twice; input "
                               "names an expectation by its text")
        if not expect.output:
            if expect.text in retired:
                raise ProfileError(f"{rel}:1: marker '{expect.text}' is retired (by "
                                   f"{retired[expect.text].retired}); no boot prints it")
            if expect.text not in known:
                raise ProfileError(f"{rel}:1: marker '{expect.text}' is not in {markers.REGISTRY}")
            nonce_seen = nonce_seen or markers.NONCE_PLACEHOLDER in expect.text
            continue
        nonce_seen = nonce_seen or markers.NONCE_PLACEHOLDER in expect.text
        try:
            pattern = re.compile(output_pattern(expect.text, "0123456789abcdef"))
        except re.error as exc:
            raise ProfileError(f"{rel}:1: markers[{i}].output is not a regular expression: {exc}") from exc
        if pattern.fullmatch("") is not None:
            raise ProfileError(f"{rel}:1: markers[{i}].output /{expect.text}/ matches an empty line")
        if not nonce_seen:
            raise ProfileError(f"{rel}:1: markers[{i}].output comes before anything with the "
                               "boot's nonce, so a stale console could meet it")


def output_pattern(text: str, nonce: str) -> str:
    """An output's pattern for a boot: {nonce} stands for the nonce itself (hex digits)."""
    return text.replace(markers.NONCE_PLACEHOLDER, re.escape(nonce))


def _check_inputs(profile: Profile, rel: str) -> None:
    """Input waits for an expectation the boot is sure to show: one of the profile's own."""
    expected = {e.text for e in profile.markers}
    for i, feed in enumerate(profile.inputs):
        if feed.after not in expected:
            raise ProfileError(f"{rel}:1: input[{i}] waits for '{feed.after}', which is not one of "
                               "the profile's markers or outputs")
        if not feed.text:
            raise ProfileError(f"{rel}:1: input[{i}] types nothing")


def load_profiles(root: Path, registry: markers.Registry) -> list[Profile]:
    paths = sorted((root / PROFILES).glob("*.yaml"))
    if not paths:
        raise ProfileError(f"{PROFILES}/:1: no profiles")
    return [load_profile(p, registry, f"{PROFILES}/{p.name}") for p in paths]
