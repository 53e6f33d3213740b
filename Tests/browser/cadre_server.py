"""Running `cadre serve` for a test session: a fresh SQLite database in a temporary
directory, a free loopback port, an admin from the environment, and a health check with a
deadline. Shared by the browser tests and the dataset tests."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

ADMIN_EMAIL = "admin@browser.test"
# Long enough for the server's password policy; only ever used against a throwaway database.
ADMIN_PASSWORD = "browser-tests-admin-pass-42"
START_DEADLINE = 90  # seconds; the first start migrates a fresh database


@dataclass
class Server:
    url: str
    log_path: Path
    proc: subprocess.Popen
    admin_email: str = ADMIN_EMAIL
    admin_password: str = ADMIN_PASSWORD

    def log_tail(self, lines: int = 80) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def exit_status(self) -> str | None:
        """None while running; otherwise how it ended (a negative code is the killing signal)."""
        code = self.proc.poll()
        return None if code is None else f"cadre serve exited with code {code}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(proc: subprocess.Popen, url: str) -> bool:
    """Polls /healthz until it answers 200, the process exits, or the deadline passes."""
    deadline = time.monotonic() + START_DEADLINE
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        try:
            # Doubles as the pause between polls and as a check that the server is still alive.
            proc.wait(timeout=0.2)
            return False
        except subprocess.TimeoutExpired:
            continue
    return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def binary() -> str:
    """The `cadre` binary under test: CADRE_BIN, else the debug build."""
    return os.environ.get("CADRE_BIN") or str(REPO / ".build" / "debug" / "cadre")


def _start(data_dir: Path, log_path: Path, flags: tuple[str, ...], database_url: str | None, extra_env: dict | None = None):
    port = _free_port()
    env = dict(
        os.environ,
        CADRE_DATA_DIR=str(data_dir),
        CADRE_ADMIN_EMAIL=ADMIN_EMAIL,
        CADRE_ADMIN_PASSWORD=ADMIN_PASSWORD,
        CADRE_BCRYPT_COST="4",  # the slowest part of signing in; the minimum keeps tests quick
        **(extra_env or {}),
    )
    # The temporary SQLite file unless a caller names a database, never one configured outside.
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    log = open(log_path, "ab")
    # The repository root as working directory lets the binary find Resources/ and Public/.
    proc = subprocess.Popen(
        [binary(), "serve", "--hostname", "127.0.0.1", "--port", str(port), *flags],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    log.close()
    return proc, f"http://127.0.0.1:{port}"


def start_server(prefix: str, *flags: str, database_url: str | None = None) -> tuple[Server | None, str]:
    """Starts a server in a new temporary directory, passing `flags` (such as `--demo`) to
    `cadre serve`, on `database_url` if given; (server, "") or (None, its log)."""
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    log_path = data_dir / "serve.log"
    # Two attempts: the binary can be rebuilt while the suite starts, and a free port can be
    # taken between choosing it and binding it.
    for _ in range(2):
        proc, url = _start(data_dir, log_path, flags, database_url)
        if _wait_healthy(proc, url):
            return Server(url=url, log_path=log_path, proc=proc), ""
        _stop(proc)
    log = log_path.read_text(errors="replace") if log_path.exists() else ""
    shutil.rmtree(data_dir, ignore_errors=True)
    return None, log


def stop_server(server: Server) -> None:
    _stop(server.proc)
    shutil.rmtree(server.log_path.parent, ignore_errors=True)
