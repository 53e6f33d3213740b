"""Fixtures for the dataset tests: one `cadre serve` for the session (started as the browser
tests start theirs), and the browser tests' API helpers."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

from cadre_server import start_server, stop_server  # noqa: E402


@pytest.fixture(scope="session")
def server():
    srv, log = start_server("cadre-datasets-")
    if srv is None:
        pytest.exit(f"cadre serve did not become healthy; its log:\n{log}", returncode=3)
    yield srv
    stop_server(srv)
