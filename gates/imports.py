"""Which gate modules a module runs: its imports of the gate package, followed to the end.

This module owns reading `import` statements with `ast` (never importing anything): plain
and `from` imports, relative ones, and `importlib.import_module("gates.x")` with a literal
name. A module brings its parent packages' `__init__.py` files too, as Python runs them
first. Modules outside the package (the standard library, yaml) are not followed. The
runner makes every file of a stage's closure a judge in its fingerprint, so no hand-kept
list can miss a shared module.
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

from gates import memo as memo_file


class ImportGraph:
    """Closures over one package (`package_dir` holds its `__init__.py`); files are parsed once.

    With a `memo` file, what a file imports is remembered across runs under the file's
    path and the sha256 of its bytes, so an unchanged file is never parsed again; a changed
    one has another digest and is parsed afresh. `save()` writes the memo back.
    """

    def __init__(self, package_dir: Path, memo: Path | None = None) -> None:
        self.package_dir = package_dir.resolve()
        self.package = self.package_dir.name
        self._direct: dict[Path, tuple[Path, ...]] = {}
        self._memo_path = memo
        self._memo = _read_memo(memo)
        self._memo_grew = False

    def save(self) -> None:
        """Write the memo back when it learnt something (atomically; a failure is harmless)."""
        if self._memo_path is None or not self._memo_grew:
            return
        memo_file.write(self._memo_path, self._memo)  # a failed write: the next run parses again

    def closure(self, module_file: Path) -> tuple[Path, ...]:
        """`module_file` and every package module it reaches, sorted."""
        seen: set[Path] = set()
        pending = [module_file.resolve(), *self._packages_of(module_file.resolve())]
        while pending:
            path = pending.pop()
            if path in seen:
                continue
            seen.add(path)
            pending.extend(self._imports_of(path))
        return tuple(sorted(seen))

    def _packages_of(self, path: Path) -> list[Path]:
        """The __init__.py of every package enclosing `path`, which Python runs before it."""
        try:
            rel = path.relative_to(self.package_dir.parent)
        except ValueError:
            return []
        return self._files_of(".".join(rel.parts[:-1]))

    def _imports_of(self, path: Path) -> tuple[Path, ...]:
        if path not in self._direct:
            found: list[Path] = []
            for name in self._names(path):
                found += self._files_of(name)
            self._direct[path] = tuple(dict.fromkeys(found))
        return self._direct[path]

    def _names(self, path: Path) -> list[str]:
        """Dotted names `path` imports: modules, and for `from m import x`, both m and m.x."""
        try:
            data = path.read_bytes()
        except OSError:
            return []
        key = f"{path}\0{hashlib.sha256(data).hexdigest()}"
        known = self._memo.get(key)
        if known is None:
            known = self._parse(path, data)
            self._memo[key] = known
            self._memo_grew = True
        return list(known)

    def _parse(self, path: Path, data: bytes) -> list[str]:
        try:
            tree = ast.parse(data.decode("utf-8"), str(path))
        except (SyntaxError, ValueError):
            return []
        names: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = self._absolute(path, node.module or "", node.level)
                names.append(base)
                names += [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]
            elif _is_import_module(node):
                names.append(node.args[0].value)  # type: ignore[attr-defined]
        return names

    def _absolute(self, path: Path, module: str, level: int) -> str:
        if level == 0:
            return module
        try:
            rel = path.relative_to(self.package_dir.parent).with_suffix("")
        except ValueError:
            return module
        package = list(rel.parts[:-1])  # a module's package, or an __init__'s own package
        package = package[: len(package) - (level - 1)]
        return ".".join([*package, module] if module else package)

    def _files_of(self, dotted: str) -> list[Path]:
        """The files that importing `dotted` runs: each package's __init__.py, then the module."""
        parts = dotted.split(".")
        if parts[0] != self.package:
            return []
        files = []
        folder = self.package_dir.parent
        for i, part in enumerate(parts):
            folder = folder / part
            init = folder / "__init__.py"
            module = folder.with_suffix(".py")
            if init.is_file():
                files.append(init)
            elif module.is_file() and i == len(parts) - 1:
                files.append(module)
            else:
                break  # an attribute of the module before it, or not part of the package
        return files


def _read_memo(path: Path | None) -> dict[str, list[str]]:
    return memo_file.read(path, lambda v: isinstance(v, list))


def _is_import_module(node: ast.AST) -> bool:
    """`importlib.import_module("literal")` or `import_module("literal")`."""
    if not isinstance(node, ast.Call) or len(node.args) != 1:
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    arg = node.args[0]
    return name == "import_module" and isinstance(arg, ast.Constant) and isinstance(arg.value, str)
