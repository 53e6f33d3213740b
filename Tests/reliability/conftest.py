"""A `cadre serve` that a test may kill with SIGKILL and start again on the same database:
SQLite in a temporary directory, and PostgreSQL (a fresh database on the server named by
CADRE_TEST_POSTGRES_URL) when that is set."""

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

from cadre_server import REPO, Server, _start, _stop, _wait_healthy, binary  # noqa: E402


class Restartable:
    """One database and data directory; `start` runs a server on them (`start_another` one more
    beside it), `kill` ends the last started at once."""

    def __init__(self, data_dir: Path, database_url: str | None):
        self.data_dir = data_dir
        self.database_url = database_url
        self.server: Server | None = None
        self.instances: list[Server] = []

    def start(self) -> Server:
        self.server = self.start_another()
        return self.server

    def start_another(self) -> Server:
        """One more instance on the same database and data directory (its own port)."""
        log_path = self.data_dir / "serve.log"
        proc, url = _start(self.data_dir, log_path, (), self.database_url, {"CADRE_LOG_LEVEL": "warning"})
        if not _wait_healthy(proc, url):
            _stop(proc)
            raise AssertionError(f"cadre serve did not start:\n{log_path.read_text(errors='replace')[-4000:]}")
        instance = Server(url=url, log_path=log_path, proc=proc)
        self.instances.append(instance)
        return instance

    def cli_env(self) -> dict:
        """The environment a `cadre` command needs to work on this database."""
        env = dict(os.environ, CADRE_DATA_DIR=str(self.data_dir), CADRE_LOG_LEVEL="warning")
        env.pop("DATABASE_URL", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def run_cli(self, *arguments: str, timeout: int = 120) -> subprocess.CompletedProcess:
        """Runs `cadre ARGUMENTS…` on this database to the end."""
        return subprocess.run([binary(), *arguments], env=self.cli_env(), cwd=REPO, capture_output=True, text=True, timeout=timeout)

    def kill(self):
        """SIGKILL: no shutdown hooks, no flushing, as a power cut or the OOM killer would."""
        self.server.proc.kill()
        self.server.proc.wait(timeout=30)

    def stop(self):
        for instance in self.instances:
            _stop(instance.proc)


def _postgres_database(base: str) -> str:
    """A new, empty database on the test PostgreSQL server; its URL."""
    name = f"cadre_crash_{uuid.uuid4().hex[:10]}"
    subprocess.run(["psql", base, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(params=["sqlite", "postgres"])
def cadre(request):
    base = os.environ.get("CADRE_TEST_POSTGRES_URL")
    if request.param == "postgres" and not base:
        pytest.skip("CADRE_TEST_POSTGRES_URL is not set")
    data_dir = Path(tempfile.mkdtemp(prefix=f"cadre-crash-{request.param}-"))
    instance = Restartable(data_dir, _postgres_database(base) if request.param == "postgres" else None)
    yield instance
    instance.stop()
    shutil.rmtree(data_dir, ignore_errors=True)
