"""Crash safety: `cadre serve` killed with SIGKILL in the middle of a load run and of a large
import, then started again on the same database. Every submission that got a 2xx is there,
no task has more answers than it asked for, leases held when the server died run out and
their tasks are worked again, the run finishes; an import cut off midway left nothing."""

import http.client
import json
import sqlite3
import subprocess
import threading
import time
from urllib.parse import urlsplit

import cadre_api as api
from cadre_server import REPO, binary
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


def backdate(cadre, days: int):
    """Moves every answer's times `days` into the past, so the week they fell in has closed."""
    shift = days * 86400
    columns = ["leased_at", "expires_at", "submitted_at", "decided_at"]
    if cadre.database_url:
        sets = ", ".join(f"{c} = {c} - interval '{days} days'" for c in columns)
        subprocess.run(["psql", cadre.database_url, "-q", "-c", f"UPDATE assignments SET {sets}"], check=True, capture_output=True)
    else:
        with sqlite3.connect(cadre.data_dir / "cadre.sqlite") as db:
            db.execute("UPDATE assignments SET " + ", ".join(f"{c} = {c} - {shift}" for c in columns))


def test_a_payout_run_killed_midway_completes_once_when_run_again(cadre):
    """`cadre payouts run` killed again and again while it accrues a closed week and posts its
    batch, then run to the end and once more: one batch, every answer paid and charged once."""
    server = cadre.start()
    client, emails, project, _ = setup_marketplace(server)
    admin = api.admin_token(server)
    organization = api.call(server, "GET", "/organizations", admin)["items"][0]["id"]
    status, _ = request(server, "POST", f"/organizations/{organization}/funding", admin,
                        {"amount_minor": 10_000_000, "currency": "USD", "reference": "crash"}, {"Idempotency-Key": "crash-funding"})
    assert status == 201
    tokens = [api.token(server, email, PASSWORD) for email in emails]
    acked, lock = {}, threading.Lock()
    workers = [Worker([server], token, [project], acked, lock, complete(server, client, project)) for token in tokens]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
    cadre.stop()
    backdate(cadre, 8)
    week = time.strftime("%G-W%V", time.gmtime(time.time() - 8 * 86400))

    command = [binary(), "payouts", "run", "--period", week, "--minimum", "1"]
    # Killed at points spread over start-up (about 0.3 s), the accrual and the batch.
    for delay in [0.2 + 0.05 * step for step in range(10)]:
        run = subprocess.Popen(command, env=cadre.cli_env(), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        run.kill()
        run.wait(timeout=30)
    finished = cadre.run_cli(*command[1:])
    assert finished.returncode == 0, finished.stderr
    again = cadre.run_cli(*command[1:])
    assert again.returncode == 0 and "already posted earlier" in again.stdout, again.stdout
    assert again.stdout.splitlines()[1:] == finished.stdout.splitlines()[1:], "a rerun returns the same batch"

    server = cadre.start()
    batches = api.call(server, "GET", "/payouts/runs", admin)["items"]
    assert [b["period"] for b in batches] == [week], batches
    assert batches[0]["total_minor"] == TASKS * ANSWERS * 250, "every accepted answer paid once (250 each)"
    assert sum(line["amount_minor"] for line in batches[0]["lines"]) == batches[0]["total_minor"]
    balance = api.call(server, "GET", f"/organizations/{organization}/balance", admin)["balances"]
    assert balance == [{"currency": "USD", "amount_minor": 10_000_000 - TASKS * ANSWERS * 250}], "each answer charged once"
    verified = cadre.run_cli("ledger", "verify")
    assert verified.returncode == 0, verified.stderr
