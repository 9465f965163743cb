"""A database of a test's own on the test PostgreSQL server, for tests that run the app in other processes."""

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

import dj_database_url
import psycopg


@dataclass(frozen=True)
class ScratchDatabase:
    name: str
    user: str
    password: str
    host: str
    port: int

    @property
    def url(self) -> str:
        password = f":{self.password}" if self.password else ""
        return f"postgres://{self.user}{password}@{self.host}:{self.port}/{self.name}"

    def admin(self) -> psycopg.Connection:
        """An autocommit connection to the server's `postgres` database (CREATE, DROP, ALTER DATABASE)."""
        extra = {"password": self.password} if self.password else {}
        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True, **extra
        )


@contextlib.contextmanager
def scratch_database(prefix: str) -> Iterator[ScratchDatabase]:
    """Create ``<prefix>_<pid>`` on the server DATABASE_URL names (dropped first if a crashed run left it), and
    drop it afterwards, with whatever is still connected to it."""
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    database = ScratchDatabase(
        name=f"{prefix}_{os.getpid()}",
        user=config["USER"],
        password=config["PASSWORD"] or "",
        host=config["HOST"] or "127.0.0.1",
        port=int(config["PORT"] or 5432),
    )
    with database.admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database.name}"')
    try:
        yield database
    finally:
        with database.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')
