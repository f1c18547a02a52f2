"""Path globs as the gate data files write them.

This module owns one small glob dialect, shared by task scopes, the RFC-gated list,
the layering rules and the stages' input lists. It does not touch the file system:
it only answers whether a repository-relative path (forward slashes) matches.

    *       any run of characters inside one path segment
    ?       one character inside a segment
    **      any number of whole segments, including none ("a/**" matches everything under a/)
    {name}  exactly one segment, captured under `name`; a later glob can reuse the capture
"""

from __future__ import annotations

import re
from functools import lru_cache

_CAPTURE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class GlobError(ValueError):
    """A glob that this dialect cannot read (an unclosed brace, a repeated capture)."""


@lru_cache(maxsize=1024)
def compile_glob(glob: str) -> re.Pattern[str]:
    """The anchored regular expression for `glob`. Captures become named groups."""
    out: list[str] = []
    seen: set[str] = set()
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append(r"(?:[^/]+/)*")
            i += 3
        elif glob.startswith("**", i):
            out.append(r".*")
            i += 2
        elif glob[i] == "*":
            out.append(r"[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append(r"[^/]")
            i += 1
        elif glob[i] == "{":
            capture = _CAPTURE.match(glob, i)
            if capture is None:
                raise GlobError(f"glob '{glob}': '{{' must open a capture like {{name}}")
            name = capture.group(1)
            if name in seen:
                raise GlobError(f"glob '{glob}': capture {{{name}}} appears twice")
            seen.add(name)
            out.append(rf"(?P<{name}>[^/]+)")
            i = capture.end()
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def match(glob: str, path: str) -> dict[str, str] | None:
    """The captures if `path` matches `glob` (an empty dict when it has none), else None."""
    found = compile_glob(glob).match(path)
    return None if found is None else found.groupdict()


def matches(glob: str, path: str) -> bool:
    return compile_glob(glob).match(path) is not None


def matches_any(globs: list[str] | tuple[str, ...], path: str) -> bool:
    return any(matches(g, path) for g in globs)


def first_match(globs: list[str] | tuple[str, ...], path: str) -> str | None:
    """The first glob in `globs` that `path` matches, for messages that name the rule."""
    return next((g for g in globs if matches(g, path)), None)


def matches_bound(glob: str, path: str, bound: dict[str, str]) -> bool:
    """Whether `path` matches `glob` with every capture it shares with `bound` equal to it.

    This is how a rule reuses a capture: `from: services/{name}/**` binds name=log for
    services/log/main.c, and `allow: services/{name}/**` then admits only services/log/**.
    """
    captures = match(glob, path)
    if captures is None:
        return False
    return all(bound[k] == v for k, v in captures.items() if k in bound)


_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")


@lru_cache(maxsize=256)
def _union(globs: tuple[str, ...]) -> re.Pattern[str]:
    """One expression matching what any of `globs` matches (captures dropped: only yes or no)."""
    parts = (_NAMED_GROUP.sub("(?:", compile_glob(g).pattern) for g in globs)
    return re.compile("|".join(f"(?:{part})" for part in parts))


def select(paths: list[str] | tuple[str, ...], globs: list[str] | tuple[str, ...]) -> list[str]:
    """The paths that match at least one glob, in their original order."""
    if not globs:
        return []
    union = _union(tuple(globs))
    return [p for p in paths if union.match(p)]
