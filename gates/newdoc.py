"""New contract files: the next free number, a slug from the title, a file from a template.

This module owns creating a task, RFC or ADR that passes the contract check as written
(templates under gates/templates/). It takes the date as a parameter and never reads the
clock, so it is deterministic. It does not edit existing files or link the new one to
anything; the author does that next.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from string import Template

from gates.contracts_docs import KINDS, Kind

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
SLUG_MAX = 48
_NUMBER_MAX = 9999


def new_document(kind: str, title: str, root: Path, today: date) -> Path:
    """Write `root`/DIR/PREFIX-NNNN-slug.md for `kind` (task, rfc or adr) and return its path.

    NNNN is one more than the highest number already used in DIR (0001 in an empty one).
    Raises ValueError for an unknown kind, an empty or multi-line title, a title with no
    letters or digits to make a slug from, or when the numbers are used up; writes nothing then.
    """
    spec = _kind(kind)
    clean = _clean_title(title)
    slug = slugify(clean)
    directory = root / spec.directory
    number = next_number(directory, spec)
    ident = f"{spec.prefix}-{number:04d}"
    rel = f"{spec.directory}/{ident}-{slug}.md"
    template = Template((TEMPLATE_DIR / f"{spec.name}.md").read_text(encoding="utf-8"))
    text = template.substitute(id=ident, title=json.dumps(clean, ensure_ascii=False),
                               created=today.isoformat(), path=rel)
    directory.mkdir(parents=True, exist_ok=True)
    path = root / rel
    with path.open("x", encoding="utf-8") as out:  # never overwrite a file someone just made
        out.write(text)
    return path


def _kind(name: str) -> Kind:
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise ValueError(f"unknown kind '{name}'; expected one of "
                     f"{', '.join(k.name for k in KINDS)}")


def _clean_title(title: str) -> str:
    clean = title.strip()
    if not clean:
        raise ValueError("the title is empty; give a short title such as 'Add the pager'")
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in clean):
        raise ValueError("the title must be one line of text, without control characters")
    return clean


def slugify(title: str) -> str:
    """Lower-case ASCII words of `title` joined by '-', at most SLUG_MAX characters.

    Accented letters lose their accents; a cut falls between words where it can.
    Raises ValueError when nothing is left.
    """
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug[:SLUG_MAX + 1].rfind("-")
        slug = slug[:cut] if cut > 0 else slug[:SLUG_MAX]
        slug = slug.strip("-")
    if not slug:
        raise ValueError(f"the title '{title}' has no letters or digits to make a file name "
                         "from; use at least one ASCII letter or digit")
    return slug


def next_number(directory: Path, kind: Kind) -> int:
    """One more than the highest PREFIX-NNNN number among the names in `directory`."""
    pattern = re.compile(rf"^{kind.prefix}-([0-9]{{4}})(?![0-9])")
    used = [int(m.group(1)) for entry in (directory.iterdir() if directory.is_dir() else [])
            if (m := pattern.match(entry.name))]
    number = max(used, default=0) + 1
    if number > _NUMBER_MAX:
        raise ValueError(f"{kind.directory}/ has used every number up to {_NUMBER_MAX}")
    return number
