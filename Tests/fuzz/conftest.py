"""Fixtures for the API fuzz tests: one `cadre serve --demo` for the session, a bearer token
for every role, and the ids of real objects for schemathesis to put into paths."""

import json
import os
import sys
import urllib.error
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

from cadre_api import call  # noqa: E402
from cadre_server import start_server, stop_server  # noqa: E402

DEMO_PASSWORD = "cadre-demo-2026"
# The demo account that stands for each role; Grace holds the demo's reviewer qualification.
ACCOUNTS = {
    "candidate": "candidate@demo.cadre.local",
    "expert": "ada@demo.cadre.local",
    "reviewer": "grace@demo.cadre.local",
    "client": "client@demo.cadre.local",
    "admin": "admin@demo.cadre.local",
}

# A format each demo project's template delivers, for a snapshot to exist.
SNAPSHOT_FORMATS = {"classification": "labels", "pairwise": "dpo"}


@pytest.fixture(scope="session")
def server():
    # An empty PostgreSQL database (CADRE_FUZZ_DATABASE_URL) finds what SQLite lets through,
    # such as text PostgreSQL cannot store; CI fuzzes on SQLite to stay quick.
    srv, log = start_server("cadre-fuzz-", "--demo", database_url=os.environ.get("CADRE_FUZZ_DATABASE_URL"))
    if srv is None:
        pytest.exit(f"cadre serve did not become healthy; its log:\n{log}", returncode=3)
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def tokens(server):
    return {role: call(server, "POST", "/sessions", body={"email": email, "password": DEMO_PASSWORD})["token"]
            for role, email in ACCOUNTS.items()}


def _try(server, method, path, token, body=None):
    """Setup that may legitimately find nothing to do (no task to lease, nothing to pay)."""
    try:
        return call(server, method, path, token, body) or {}
    except urllib.error.HTTPError:
        return {}


def _ids(items, key="id"):
    return [item[key] for item in items if item.get(key)]


@pytest.fixture(scope="session")
def known_ids(server, tokens):
    """Path parameter name → ids of objects that exist, gathered and created through the API."""
    admin, client = tokens["admin"], tokens["client"]
    projects = call(server, "GET", "/projects", admin)["items"]
    organizations = call(server, "GET", "/organizations", admin)["items"]
    applications = call(server, "GET", "/applications", admin)["items"]
    experts = call(server, "GET", "/experts", admin)["items"]
    organization = organizations[0]["id"]
    project = projects[0]["id"]

    lease = _try(server, "POST", "/assignments/next", tokens["expert"])
    interview = _try(server, "POST", f"/applications/{applications[0]['id']}/interviews", tokens["candidate"],
                     {"domain": "mathematics"}) if applications else {}
    webhook = _try(server, "POST", f"/organizations/{organization}/webhooks", client,
                   {"url": "https://hooks.example.com/cadre", "events": ["snapshot.ready"]})
    snapshots = [_try(server, "POST", f"/projects/{p['id']}/snapshots", client, {"format": SNAPSHOT_FORMATS[p["template"]]})
                 for p in projects if p["template"] in SNAPSHOT_FORMATS]
    runs = _try(server, "GET", "/payouts/runs", admin).get("items", [])
    assignment = (lease.get("assignment") or lease).get("id")
    return {
        "projectID": _ids(projects),
        "organizationID": _ids(organizations),
        "applicationID": _ids(applications),
        "expertID": _ids(experts, "expert"),
        "interviewID": _ids([interview]),
        "assignmentID": [assignment] if assignment else [],
        "webhookID": _ids([webhook]),
        "snapshotID": _ids(snapshots),
        "batchID": _ids(runs),
        "domain": ["mathematics", "medicine"],
        "month": ["2026-11", "2026-12"],
        "name": [f"{format}.jsonl" for format in SNAPSHOT_FORMATS.values()] + ["manifest.json"],
    }


@pytest.fixture(scope="session")
def config_file(known_ids, tmp_path_factory):
    """A schemathesis.toml that puts a real id into a path half of the time; the other half
    stays generated, so unknown and malformed ids are fuzzed too."""
    lines = []
    bindings = []
    for name, values in known_ids.items():
        if not values:
            continue
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
        bindings.append(f'"path.{name}" = {{ dictionary = "{name}", probability = 0.5 }}')
    path = tmp_path_factory.mktemp("schemathesis") / "schemathesis.toml"
    path.write_text("\n".join(lines + ["[parameters]"] + bindings) + "\n")
    return path
