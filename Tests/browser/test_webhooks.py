"""The webhooks page: a client registers an endpoint on a real local receiver, sees a
delivery fail and then succeed when sent again, and the receiver checks every signature."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium.webdriver.common.by import By

import cadre_api as api
from cadre_pages import TIMEOUT, USER_PASSWORD, by_testid, new_client, open_page, sign_in_ok, submit, unique, visible, wait

# The worker sends due deliveries every 2 s, and a slow first pass may take a few rounds.
DELIVERY_DEADLINE = 30  # seconds


class Receiver:
    """An HTTP endpoint on a free loopback port that records every request and answers with
    the next status from `statuses` (the last one once they run out)."""

    def __init__(self, statuses: list[int]):
        self.statuses = list(statuses)
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                    status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):  # keep pytest's output to the test's own
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/cadre"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def received(self) -> list[tuple[dict[str, str], bytes]]:
        with self.lock:
            return list(self.requests)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    # The first attempt is refused, so the log shows a failure that redelivery then repairs.
    hook = Receiver([500, 200])
    yield hook
    hook.close()


def delivery_rows(driver) -> list[list[str]]:
    """The delivery log's rows as cell texts (newest first), or [] while there is none."""
    tables = driver.find_elements(*by_testid("deliveries"))
    if not tables:
        return []
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in tables[0].find_elements(By.CSS_SELECTOR, "tbody tr")]


def reload_until(driver, server, condition, what: str):
    """Reloads the (server-rendered) page until `condition(rows)` holds, or fails naming `what`."""
    deadline = time.monotonic() + DELIVERY_DEADLINE
    while True:
        open_page(driver, server, "/webhooks")
        rows = delivery_rows(driver)
        if condition(rows):
            return rows
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not show within {DELIVERY_DEADLINE} s; the log reads {rows}")
        time.sleep(0.5)  # the pause between polls, not a wait for something to happen


def check_signature(headers: dict[str, str], body: bytes, secret: str):
    """What a receiver must do: recompute the HMAC over "<t>.<body>" and refuse old timestamps."""
    parts = dict(part.split("=", 1) for part in headers["cadre-signature"].split(","))
    timestamp = int(parts["t"])
    assert abs(time.time() - timestamp) < 300, f"stale signature timestamp {timestamp}"
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected), "Cadre-Signature does not match the body"


def test_client_registers_a_webhook_and_redelivers(driver, server, receiver):
    _, _, client_email = new_client(driver, server)
    client = api.token(server, client_email, USER_PASSWORD)
    project = api.seed_project(server, client, unique("Hooked"), "classification", {"labels": ["billing", "technical"]},
                               [{"text": "Charged twice"}],
                               required_qualifications={"domains": [{"domain": "medicine", "min_ability": 0.5}]})

    sign_in_ok(driver, server, client_email, USER_PASSWORD)
    driver.find_element(*by_testid("nav-webhooks")).click()
    form = visible(driver, by_testid("webhook-form"))
    form.find_element(By.NAME, "url").send_keys(receiver.url)
    form.find_element(By.CSS_SELECTOR, 'input[name="events[]"][value="snapshot.ready"]').click()
    submit(driver, form)
    secret = visible(driver, by_testid("webhook-secret")).find_element(By.TAG_NAME, "code").text
    assert secret.startswith("whsec_")
    endpoint = visible(driver, by_testid("webhook"))
    assert receiver.url in endpoint.text and "snapshot.ready" in endpoint.text
    assert "No deliveries yet" in endpoint.text
    # The secret is shown once: a fresh visit shows only the endpoint.
    open_page(driver, server, "/webhooks")
    assert not driver.find_elements(*by_testid("webhook-secret"))

    snapshot = api.call(server, "POST", f"/projects/{project}/snapshots", client, {"format": "labels"})

    # The worker sends it; the receiver refuses, and the log says so.
    rows = reload_until(driver, server, lambda rows: rows and "HTTP 500" in rows[0][4], "the refused delivery")
    assert len(rows) == 1 and rows[0][1:4] == ["snapshot.ready", "pending", "1"], rows
    (headers, body), = receiver.received()
    check_signature(headers, body, secret)
    payload = json.loads(body)
    assert payload["event"] == "snapshot.ready" and headers["cadre-event"] == "snapshot.ready"
    assert payload["id"] == headers["cadre-delivery"]
    # Webhook bodies write ids in lower case, the API in upper case; UUIDs compare either way.
    assert payload["data"]["snapshot_id"] == snapshot["id"].lower() and payload["data"]["project_id"] == project.lower()

    # Redeliver sends it at once: the same body under the same delivery id, signed afresh.
    submit(driver, visible(driver, by_testid("redeliver")).find_element(By.XPATH, "./ancestor::form"))
    rows = delivery_rows(driver)
    assert len(rows) == 1 and rows[0][1:3] == ["snapshot.ready", "delivered"] and rows[0][4] == "HTTP 200", rows
    assert int(rows[0][3]) >= 2
    wait(driver, TIMEOUT).until(lambda _: len(receiver.received()) >= 2)
    for headers, again in receiver.received()[1:]:
        assert again == body and headers["cadre-delivery"] == payload["id"]
        check_signature(headers, again, secret)
