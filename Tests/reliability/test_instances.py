"""Several instances: two `cadre serve` processes on one PostgreSQL database, every expert's
calls alternating between them. The work invariants hold across both, a project's budget cap
admits exactly the answers it can pay for, money retried on both is recorded once, and the
load harness (`cadre bench work`) finds its invariants holding."""

import threading

import pytest

import cadre_api as api
from work_support import ANSWERS, PASSWORD, TASKS, Worker, check_invariants, complete, request, seed, setup_marketplace, tasks

PER_ANSWER_MINOR = 250
FEE_BP = 2000  # a new organization's platform fee
CAPPED_ANSWERS = 10


def test_two_instances_on_one_database_keep_the_work_and_budget_invariants(cadre):
    if cadre.database_url is None:
        pytest.skip("several instances share a PostgreSQL database")
    first = cadre.start()
    second = cadre.start_another()
    client, emails, open_project, domain = setup_marketplace(first)
    # Room for ten answers and half of another: each is 250 to the expert plus the 20 % fee
    # (the guard rounds in the cap's favour, so a cap of exactly ten would admit nine).
    per_answer = PER_ANSWER_MINOR * (10_000 + FEE_BP) // 10_000
    cap = CAPPED_ANSWERS * per_answer + per_answer // 2
    capped = seed(first, client, domain, "Capped", 40, budget_cap_minor=cap)
    tokens = [api.token(first, email, PASSWORD) for email in emails]

    acked, lock = {}, threading.Lock()
    # A round without work once the open project is complete means the capped one is spent too.
    workers = [Worker([first, second], token, [open_project, capped], acked, lock, complete(first, client, open_project))
               for token in tokens]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert not any(worker.is_alive() for worker in workers)

    answered = check_invariants(second, client, tokens, [open_project, capped], acked)
    assert all(task["state"] == "complete" for task in tasks(first, client, open_project))
    assert sum(task["accepted_answers"] for task in tasks(first, client, capped)) == CAPPED_ANSWERS
    assert sum(answered.values()) == TASKS * ANSWERS + CAPPED_ANSWERS == len(acked)
    spend = api.call(second, "GET", f"/projects/{capped}/spend", client)
    assert spend["budget"]["committed_charge_minor"] <= cap, spend


def test_money_recorded_through_both_instances_at_once_is_recorded_once(cadre):
    """Client funding sent to both instances concurrently, every payment twice under one
    Idempotency-Key (a client retrying on the other instance): the balance counts each once."""
    if cadre.database_url is None:
        pytest.skip("several instances share a PostgreSQL database")
    servers = [cadre.start(), cadre.start_another()]
    admin = api.admin_token(servers[0])
    organization = api.call(servers[0], "POST", "/organizations", admin, {"name": "Funded twice"})["id"]
    payments = [(f"payment-{n}", 1_000 + n) for n in range(40)]
    refused = []

    def pay(offset: int):
        for index, (key, amount) in enumerate(payments):
            server = servers[(index + offset) % 2]
            status, body = request(server, "POST", f"/organizations/{organization}/funding", admin,
                                   {"amount_minor": amount, "currency": "USD", "reference": key}, {"Idempotency-Key": key})
            if status not in (200, 201):
                refused.append((status, body))

    threads = [threading.Thread(target=pay, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert refused == []
    for server in servers:
        balance = api.call(server, "GET", f"/organizations/{organization}/balance", admin)["balances"]
        assert [(b["currency"], b["amount_minor"]) for b in balance] == [("USD", sum(amount for _, amount in payments))]
    verified = cadre.run_cli("ledger", "verify")
    assert verified.returncode == 0 and "balances" in verified.stdout, verified.stdout + verified.stderr


def test_cadre_bench_work_against_two_instances_keeps_the_invariants(cadre):
    """The load harness itself, as anyone would rerun it: two instances it starts on one
    PostgreSQL database, experts alternating between them; it exits non-zero on a violation."""
    if cadre.database_url is None:
        pytest.skip("several instances share a PostgreSQL database")
    run = cadre.run_cli("bench", "work", "--instances", "2", "--database-url", cadre.database_url,
                        "--tasks", "600", "--answers", "2", "--experts", "12", "--seconds", "4", timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "hold" in run.stdout, run.stdout
