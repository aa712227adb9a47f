"""The layout holds: the import contracts are kept, no module reaches into another's private
names, a migration reads nothing that a later change may alter, and a screen opens a project
by asking the app, never by importing the app or the project's screen."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("store", "tui")
MIGRATIONS = ROOT / "store" / "db" / "migrations" / "versions"
# What a revision may import: the migration tools, and one pure function whose output the
# live writes must match (0009 fills the pinyin sort keys as every later write makes them).
MIGRATION_IMPORTS = {"alembic", "sqlalchemy", "collections.abc", "store.domain.pinyin"}
# The project screen's own modules, and the one place that makes the screen for the app.
PROJECT_SCREEN_MODULES = {"tui.navigation", "tui.screens.project"}


def modules() -> Iterator[tuple[str, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield name.removesuffix(".__init__"), ast.parse(path.read_text(encoding="utf-8"))


def imported(tree: ast.Module) -> Iterator[tuple[str, str | None]]:
    """Every module a tree imports, with the name taken from it (None for `import x`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield node.module, alias.name


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def defined_privately(tree: ast.Module) -> set[str]:
    """The private names a module defines: its functions, classes, methods and attributes."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
    return {name for name in names if private(name)}


def test_the_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "tui in layers" in result.stdout


def test_no_module_uses_another_modules_private_names() -> None:
    trees = dict(modules())
    own = {name: defined_privately(tree) for name, tree in trees.items()}
    everyone_s = set().union(*own.values())
    found = []
    for name, tree in trees.items():
        for module, taken in imported(tree):
            if module.split(".")[0] in PACKAGES and taken is not None and private(taken):
                found.append(f"{name}: from {module} import {taken}")
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or not private(node.attr):
                continue
            if isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}:
                continue
            if isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "super":
                continue
            if node.attr in everyone_s and node.attr not in own[name]:
                found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert not found


def test_a_migration_imports_no_live_module() -> None:
    for path in sorted(MIGRATIONS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        taken = {module for module, _ in imported(tree)} - {"__future__"}
        assert taken <= MIGRATION_IMPORTS, path.name
    assert "store.domain.pinyin" not in {
        module
        for path in MIGRATIONS.glob("*.py")
        if not path.name.startswith("0009")
        for module, _ in imported(ast.parse(path.read_text(encoding="utf-8")))
    }


def test_screens_ask_the_app_to_open_a_project() -> None:
    for name, tree in modules():
        taken = {module for module, _ in imported(tree)}
        if name.startswith("tui.") and name not in {"tui.app", "tui.cli"}:
            assert "tui.app" not in taken, name
        if not name.startswith(tuple(PROJECT_SCREEN_MODULES)):
            assert "tui.screens.project" not in taken, name
