"""Shared fixtures: real databases and a fixed today.

Tests that take `db`, `store`, `new_store`, `demo_db` or `demo_store` run twice: on a SQLite
file and on the PostgreSQL server named by INVESTTRACK_TEST_PG (a fresh database per test).
`.ci/run` starts that server; elsewhere the PostgreSQL half is skipped when it is not set.
Mark a module or test `sqlite_only` for what only SQLite has (files, PRAGMAs, the app).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from store.service import Store

TODAY = date(2024, 6, 30)
BACKENDS = ("sqlite", "postgresql")
PG_SERVER = os.environ.get("INVESTTRACK_TEST_PG")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: runs on SQLite only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") is not None
    if "backend" in metafunc.fixturenames and not sqlite_only:
        metafunc.parametrize("backend", BACKENDS)


@pytest.fixture
def backend() -> str:
    """SQLite, unless pytest_generate_tests runs the test on each backend."""
    return "sqlite"


class PostgresServer:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin: Engine = create_engine(self.url, isolation_level="AUTOCOMMIT")

    def target(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        copy = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}{copy}"))
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer | None]:
    if not PG_SERVER:
        yield None
        return
    server = PostgresServer(PG_SERVER)
    yield server
    server.admin.dispose()


def require_postgres(server: PostgresServer | None) -> PostgresServer:
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("INVESTTRACK_TEST_PG is not set: .ci/run starts the server")
        pytest.skip("no PostgreSQL server (set INVESTTRACK_TEST_PG)")
    return server


@pytest.fixture
def new_db(
    backend: str, tmp_path: Path, postgres: PostgresServer | None
) -> Iterator[Callable[[], str]]:
    """Makes an empty database on the test's backend; returns what --db takes for it."""
    made: list[str] = []

    def make() -> str:
        if backend == "sqlite":
            made.append(str(tmp_path / f"investtrack-{len(made)}.db"))
            return made[-1]
        server = require_postgres(postgres)
        made.append(server.create())
        return server.target(made[-1])

    yield make
    if backend != "sqlite":
        for name in made:
            require_postgres(postgres).drop(name)


@pytest.fixture
def db(new_db: Callable[[], str]) -> str:
    return new_db()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A SQLite file, for tests of what only a file has."""
    return tmp_path / "investtrack.db"


def open_store(target: str, today: date = TODAY, user: str = "测试员") -> Store:
    return Store.open(target, today=today, user=user)


@pytest.fixture
def new_store(new_db: Callable[[], str]) -> Iterator[Callable[..., Store]]:
    """Opens a store on another fresh database: new_store(today=..., user=...)."""
    opened: list[Store] = []

    def make(today: date = TODAY, user: str = "测试员") -> Store:
        opened.append(open_store(new_db(), today, user))
        return opened[-1]

    yield make
    for each in opened:
        each.close()


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    """A store on `db`, so a test can also run the CLI on the same database."""
    opened = open_store(db)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_templates(
    tmp_path_factory: pytest.TempPathFactory, postgres: PostgresServer | None
) -> Iterator[dict[str, str]]:
    """One demo database per backend and test process, built on first use; tests copy it."""
    built: dict[str, str] = {}
    yield built
    if "postgresql" in built and postgres is not None:
        postgres.drop(built["postgresql"])


def build_demo_template(backend: str, folder: Path, postgres: PostgresServer | None) -> str:
    """Builds the demo; returns the SQLite file, or the PostgreSQL database's name."""
    from store.demo import build_demo

    if backend == "sqlite":
        name = target = str(folder / "demo.db")
    else:
        name = require_postgres(postgres).create()
        target = require_postgres(postgres).target(name)
    demo_store = Store.open(target, user="demo")
    build_demo(demo_store, projects=200, seed=7)
    demo_store.close()  # a template database must have no connections when copied
    return name


@pytest.fixture
def demo_db(
    backend: str,
    demo_templates: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    postgres: PostgresServer | None,
) -> Iterator[str]:
    """A copy of the demo database: what --db takes for it."""
    from store.db.engine import backup_sqlite

    if backend not in demo_templates:
        folder = tmp_path_factory.mktemp("demo")
        demo_templates[backend] = build_demo_template(backend, folder, postgres)
    template = demo_templates[backend]
    if backend == "sqlite":
        target = tmp_path / "demo.db"
        backup_sqlite(Path(template), target)
        yield str(target)
        return
    server = require_postgres(postgres)
    name = server.create(template=template)
    yield server.target(name)
    server.drop(name)


@pytest.fixture
def demo_store(demo_db: str) -> Iterator[Store]:
    opened = open_store(demo_db)
    yield opened
    opened.close()


# -- the running example and the command line -------------------------------------------------

NANDU = "酒泉南都电源储能项目"
NANDU_CODE = "2401-620902-04-01-123456"


def add_nandu(
    store: Store, name: str = NANDU, steward: str | None = "王建国", **values: object
) -> int:
    """The project the tests follow: 酒泉南都电源's storage project in 肃州区, signed on
    2024-01-05 for 30亿元, its procedures due 2024-07-10, stewarded by 王建国 (made when new).
    Any field may be given otherwise; returns its id."""
    base: dict[str, object] = {
        "name": name,
        "code": NANDU_CODE,
        "county": "肃州区",
        "signed_on": date(2024, 1, 5),
        "procedures_due": date(2024, 7, 10),
        "signed_amount_yuan": 30 * 10**8,
    }
    project = store.add_project(base | values, steward=steward, create_steward=True)
    assert project.id is not None
    return project.id


def run_cli(
    db: str,
    *args: str,
    lang: str = "en",
    today: date | None = None,
    user: str = "测试员",
    env: Mapping[str, str] | None = None,
) -> tuple[int, str, str]:
    """investtrack run in-process on `db` as `user`, in `lang` (and as of `today` when given,
    with `env` added to the environment, such as COLUMNS for the terminal's width):
    the exit code, what it printed and what it said on stderr."""
    from typer.testing import CliRunner

    from tui.cli import app

    as_of = ["--today", today.isoformat()] if today else []
    result = CliRunner().invoke(
        app, ["--db", db, "--user", user, "--lang", lang, *args, *as_of], env=env
    )
    return result.exit_code, result.stdout, result.stderr
