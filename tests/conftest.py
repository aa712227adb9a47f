"""Shared fixtures: real SQLite files in a temporary folder and a fixed today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from store.service import Store

TODAY = date(2024, 6, 30)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "investtrack.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(str(db_path), today=TODAY, user="测试员")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database per test process; tests copy it rather than rebuild it."""
    from store.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    demo_store = Store.open(str(path), user="demo")
    build_demo(demo_store, projects=200, seed=7)
    demo_store.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    from store.db import backup_sqlite

    target = tmp_path / "demo.db"
    backup_sqlite(demo_template, target)
    return target


@pytest.fixture
def demo_store(demo_db: Path) -> Iterator[Store]:
    opened = Store.open(str(demo_db), today=TODAY, user="测试员")
    yield opened
    opened.close()
