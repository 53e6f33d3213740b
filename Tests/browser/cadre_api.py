"""Setup through Cadre's JSON API, for what the pages under test do not do themselves:
granting qualifications, and seeding projects whose workspaces are photographed."""

import json
import urllib.request


def call(server, method: str, path: str, token: str | None = None, body=None, raw: str | None = None):
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    elif raw is not None:
        data = raw.encode()
        headers["Content-Type"] = "application/x-ndjson"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(server.url + "/api/v1" + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def token(server, email: str, password: str) -> str:
    return call(server, "POST", "/sessions", body={"email": email, "password": password})["token"]


def admin_token(server) -> str:
    return token(server, server.admin_email, server.admin_password)


def user_id(server, admin: str, email: str) -> str:
    """The id of the user with this email (the admin's user list is newest first)."""
    cursor = ""
    while True:
        page = call(server, "GET", f"/users?limit=100{cursor}", admin)
        for user in page["items"]:
            if user["email"] == email:
                return user["id"]
        if not page.get("next_cursor"):
            raise AssertionError(f"no user {email}")
        cursor = f"&cursor={page['next_cursor']}"


def grant(server, admin: str, expert_email: str, kind: str, subject: str, level: float | None = None):
    body = {"kind": kind, "subject": subject}
    if level is not None:
        body["level"] = level
    return call(server, "POST", f"/experts/{user_id(server, admin, expert_email)}/qualifications", admin, body)


def seed_project(server, client: str, name: str, template: str, configuration, inputs: list[dict], **settings) -> str:
    """Creates, fills and activates a project as a client; returns its id."""
    body = {"name": name, "template": template, "configuration": configuration,
            "pay": {"model": "per_task", "amount_minor": 250, "currency": "USD"}, **settings}
    project = call(server, "POST", "/projects", client, body)
    lines = "\n".join(json.dumps(dict(task, external_id=f"{template}-{index + 1:03d}")) for index, task in enumerate(inputs))
    call(server, "POST", f"/projects/{project['id']}/tasks", client, raw=lines)
    call(server, "POST", f"/projects/{project['id']}/activate", client)
    return project["id"]
