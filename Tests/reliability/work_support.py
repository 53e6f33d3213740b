"""What the reliability tests share: a small marketplace made over the API, experts' work
loops that record every acknowledged submission, and the work invariants checked from the
API's own answers."""

import json
import threading
import time
import urllib.error
import urllib.request
import uuid

import cadre_api as api

PASSWORD = "crash-tests-password-1"
EXPERTS = 6
TASKS = 120
ANSWERS = 2
LABELS = ["positive", "negative", "neutral"]


def request(server, method: str, path: str, token: str, body=None, headers=None):
    """(status, parsed body) for any status; connection failures raise."""
    data = json.dumps(body).encode() if body is not None else None
    all_headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", **(headers or {})}
    req = urllib.request.Request(server.url + "/api/v1" + path, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def setup_marketplace(server):
    admin = api.admin_token(server)
    domain = f"crash-{uuid.uuid4().hex[:8]}"
    organization = api.call(server, "POST", "/organizations", admin, {"name": f"Crash {domain}"})["id"]
    api.call(server, "POST", f"/organizations/{organization}/members", admin,
             {"email": f"client-{domain}@crash.test", "password": PASSWORD, "name": "Client", "role": "client"})
    client = api.token(server, f"client-{domain}@crash.test", PASSWORD)
    experts = []
    for n in range(EXPERTS):
        email = f"expert{n}-{domain}@crash.test"
        api.call(server, "POST", "/users", admin, {"email": email, "password": PASSWORD, "name": f"Expert {n}", "role": "expert"})
        api.grant(server, admin, email, "domain", domain, 0.0)
        experts.append(email)
    project = seed(server, client, domain, "Reviews", TASKS)
    return client, experts, project, domain


def seed(server, client: str, domain: str, name: str, count: int, **settings) -> str:
    """An active classification project of `count` tasks, `ANSWERS` answers each, for the domain's experts."""
    return api.seed_project(server, client, name, "classification", {"labels": LABELS},
                            [{"text": f"{name} number {i}"} for i in range(count)], answers_per_task=ANSWERS,
                            lease_seconds=60, required_qualifications={"domains": [{"domain": domain}]}, **settings)


class Worker(threading.Thread):
    """One expert's next → submit loop over the projects in turn, each call to the next server
    in turn; records every submission a server acknowledged. Ends when told, when the server
    dies under it, or when a round finds no work and `finished()` says the run is over."""

    def __init__(self, servers: list, token: str, projects: list, acked: dict, lock: threading.Lock, finished=None):
        super().__init__(daemon=True)
        self.servers, self.token, self.projects = servers, token, projects
        self.acked, self.lock, self.finished = acked, lock, finished
        self.stop = threading.Event()
        self.calls = 0

    def server(self):
        self.calls += 1
        return self.servers[self.calls % len(self.servers)]

    def run(self):
        try:
            while not self.stop.is_set():
                if not self.work_once() and self.finished and self.finished():
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            return  # the server was killed under this request: its outcome is unknown, so not counted

    def work_once(self) -> bool:
        """One lease and submission on each project that has work; False when none had any."""
        worked = False
        for project in self.projects:
            status, lease = request(self.server(), "POST", f"/projects/{project}/assignments/next", self.token)
            if status in (204, 409, 429):  # nothing free, the budget is committed, or too fast
                continue
            assert status in (200, 201), (status, lease)
            answer = {"label": LABELS[int(lease["task"]["id"][-4:], 16) % 3]}
            status, body = request(self.server(), "POST", f"/assignments/{lease['id']}/submit", self.token,
                                   {"answer": answer}, {"Idempotency-Key": lease["id"]})
            if status in (200, 201):
                worked = True
                with self.lock:
                    self.acked[lease["id"]] = (self.token, lease["task"]["id"], answer)
        if not worked:
            time.sleep(1.0)
        return worked


def complete(server, client: str, project: str):
    """A `finished` for workers: every task of the project has all its answers."""
    return lambda: all(item["state"] == "complete" for item in tasks(server, client, project))


def pages(server, token: str, path: str) -> list:
    items, cursor = [], ""
    while True:
        status, page = request(server, "GET", f"{path}{'&' if '?' in path else '?'}limit=200{cursor}", token)
        assert status == 200, page
        items += page["items"]
        if not page.get("next_cursor"):
            return items
        cursor = f"&cursor={page['next_cursor']}"


def tasks(server, client: str, project: str) -> list:
    return pages(server, client, f"/projects/{project}/tasks")


def check_invariants(server, client: str, tokens: list, projects: list, acked: dict):
    """Every acknowledged submission stored as sent; no expert twice on a task; no task over its answers."""
    answered_by_task: dict[str, int] = {}
    for token in tokens:
        history = {item["id"]: item for item in pages(server, token, "/assignments")}
        for assignment, (owner, task, answer) in acked.items():
            if owner == token:
                assert assignment in history, f"acknowledged submission {assignment} is gone"
                assert history[assignment]["state"] in ("submitted", "accepted"), history[assignment]
                assert history[assignment]["answer"]["labels"] == [answer["label"]]
        answered = [item["task"]["id"] for item in history.values() if item["state"] in ("submitted", "accepted")]
        assert len(answered) == len(set(answered)), "an expert answered one task twice"
        for task in answered:
            answered_by_task[task] = answered_by_task.get(task, 0) + 1
    assert max(answered_by_task.values(), default=0) <= ANSWERS, "a task has more answers than it asked for"
    for project in projects:
        assert all(task["accepted_answers"] <= ANSWERS for task in tasks(server, client, project))
    return answered_by_task


