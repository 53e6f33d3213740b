"""Crash safety: `cadre serve` killed with SIGKILL in the middle of a load run and of a large
import, then started again on the same database. Every submission that got a 2xx is there,
no task has more answers than it asked for, leases held when the server died run out and
their tasks are worked again, the run finishes; an import cut off midway left nothing."""

import http.client
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

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
    project = api.seed_project(server, client, "Crash", "classification", {"labels": LABELS},
                               [{"text": f"Review number {i}"} for i in range(TASKS)], answers_per_task=ANSWERS,
                               lease_seconds=60, required_qualifications={"domains": [{"domain": domain}]})
    return client, experts, project


class Worker(threading.Thread):
    """One expert's next → submit loop; records every submission the server acknowledged."""

    def __init__(self, server, client: str, token: str, project: str, acked: dict, lock: threading.Lock, until_empty: bool):
        super().__init__(daemon=True)
        self.server, self.client, self.token, self.project = server, client, token, project
        self.acked, self.lock, self.until_empty = acked, lock, until_empty
        self.stop = threading.Event()

    def run(self):
        try:
            while not self.stop.is_set():
                status, lease = request(self.server, "POST", f"/projects/{self.project}/assignments/next", self.token)
                if status == 204 or status == 429:
                    if self.until_empty and status == 204 and self.project_done():
                        return
                    time.sleep(1.0)
                    continue
                assert status in (200, 201), (status, lease)
                answer = {"label": LABELS[int(lease["task"]["id"][-4:], 16) % 3]}
                status, body = request(self.server, "POST", f"/assignments/{lease['id']}/submit", self.token,
                                       {"answer": answer}, {"Idempotency-Key": lease["id"]})
                if status in (200, 201):
                    with self.lock:
                        self.acked[lease["id"]] = (self.token, lease["task"]["id"], answer)
        except (urllib.error.URLError, ConnectionError, OSError):
            return  # the server was killed under this request: its outcome is unknown, so not counted

    def project_done(self) -> bool:
        return not any(item["state"] == "open" for item in tasks(self.server, self.client, self.project))


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


def check_invariants(server, client: str, tokens: list, project: str, acked: dict):
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
    for task in tasks(server, client, project):
        assert task["accepted_answers"] <= ANSWERS
    return answered_by_task


def test_a_killed_server_loses_no_acknowledged_submission_and_the_run_finishes(cadre):
    server = cadre.start()
    client, emails, project = setup_marketplace(server)
    tokens = [api.token(server, email, PASSWORD) for email in emails]
    acked, lock = {}, threading.Lock()
    workers = [Worker(server, client, token, project, acked, lock, until_empty=False) for token in tokens]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + 60
    while len(acked) < TASKS // 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    cadre.kill()
    for worker in workers:
        worker.join(timeout=30)
    assert 0 < len(acked) < TASKS * ANSWERS, f"the kill should land mid-run ({len(acked)} acknowledged)"

    server = cadre.start()
    check_invariants(server, client, tokens, project, acked)
    # A retried submit after the restart is answered from what was stored, adding nothing.
    retried_id, (owner, _, answer) = next(iter(acked.items()))
    status, _ = request(server, "POST", f"/assignments/{retried_id}/submit", owner, {"answer": answer}, {"Idempotency-Key": retried_id})
    assert status in (200, 201)

    # The run continues; leases the dead server handed out run out (60 s) and their tasks are worked again.
    workers = [Worker(server, client, token, project, acked, lock, until_empty=True) for token in tokens]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
    assert not any(worker.is_alive() for worker in workers), "the run did not finish after the restart"
    answered = check_invariants(server, client, tokens, project, acked)
    assert all(task["state"] == "complete" and task["accepted_answers"] == ANSWERS for task in tasks(server, client, project))
    assert sum(answered.values()) == TASKS * ANSWERS


def test_an_import_cut_off_by_a_kill_leaves_nothing_and_can_be_sent_again(cadre):
    server = cadre.start()
    client, _, _ = setup_marketplace(server)
    project = api.call(server, "POST", "/projects", client, {
        "name": "Big import", "template": "classification", "configuration": {"labels": LABELS},
        "pay": {"model": "per_task", "amount_minor": 100, "currency": "USD"}})["id"]
    lines = [json.dumps({"external_id": f"big-{i}", "text": f"Item {i}"}) + "\n" for i in range(60_000)]
    chunks = ["".join(lines[i:i + 2_000]).encode() for i in range(0, len(lines), 2_000)]

    target = urlsplit(server.url)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    connection.putrequest("POST", f"/api/v1/projects/{project}/tasks")
    connection.putheader("Authorization", f"Bearer {client}")
    connection.putheader("Content-Type", "application/x-ndjson")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    for chunk in chunks[:len(chunks) // 2]:  # half the file, with the first batches already written
        connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    time.sleep(1.0)
    cadre.kill()
    connection.close()

    server = cadre.start()
    assert tasks(server, client, project) == [], "a cut-off import must leave no task behind"
    again = api.call(server, "POST", f"/projects/{project}/tasks", client, raw="".join(lines))
    assert again["created"] == len(lines)
