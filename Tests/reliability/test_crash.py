"""Crash safety: `cadre serve` killed with SIGKILL in the middle of a load run and of a large
import, then started again on the same database. Every submission that got a 2xx is there,
no task has more answers than it asked for, leases held when the server died run out and
their tasks are worked again, the run finishes; an import cut off midway left nothing."""

import http.client
import json
import threading
import time
from urllib.parse import urlsplit

import cadre_api as api
from work_support import ANSWERS, LABELS, PASSWORD, TASKS, Worker, check_invariants, request, setup_marketplace, tasks, complete

def test_a_killed_server_loses_no_acknowledged_submission_and_the_run_finishes(cadre):
    server = cadre.start()
    client, emails, project, _ = setup_marketplace(server)
    tokens = [api.token(server, email, PASSWORD) for email in emails]
    acked, lock = {}, threading.Lock()
    workers = [Worker([server], token, [project], acked, lock) for token in tokens]
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
    check_invariants(server, client, tokens, [project], acked)
    # A retried submit after the restart is answered from what was stored, adding nothing.
    retried_id, (owner, _, answer) = next(iter(acked.items()))
    status, _ = request(server, "POST", f"/assignments/{retried_id}/submit", owner, {"answer": answer}, {"Idempotency-Key": retried_id})
    assert status in (200, 201)

    # The run continues; leases the dead server handed out run out (60 s) and their tasks are worked again.
    workers = [Worker([server], token, [project], acked, lock, complete(server, client, project)) for token in tokens]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
    assert not any(worker.is_alive() for worker in workers), "the run did not finish after the restart"
    answered = check_invariants(server, client, tokens, [project], acked)
    assert all(task["state"] == "complete" and task["accepted_answers"] == ANSWERS for task in tasks(server, client, project))
    assert sum(answered.values()) == TASKS * ANSWERS


def test_an_import_cut_off_by_a_kill_leaves_nothing_and_can_be_sent_again(cadre):
    server = cadre.start()
    client, _, _, _ = setup_marketplace(server)
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
