"""The snapshots page: a client takes a dataset snapshot with filters, sees its manifest and
downloads a file; a bad filter comes back named."""

import json
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import cadre_api as api
from cadre_pages import USER_PASSWORD, by_testid, error_text, new_account, new_client, open_page, sign_in_ok, unique, visible


def answer_all(server, token: str, project: str, label: str):
    """An expert answers every task of the project through the API."""
    while True:
        leased = api.call(server, "POST", f"/projects/{project}/assignments/next", token)
        if not leased:
            return
        body = json.dumps({"answer": {"label": label}}).encode()
        request = urllib.request.Request(
            f"{server.url}/api/v1/assignments/{leased['id']}/submit", data=body, method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": leased["id"]})
        urllib.request.urlopen(request, timeout=30).read()


def test_client_takes_and_downloads_a_snapshot(driver, server):
    _, _, client_email = new_client(driver, server)
    _, expert_email = new_account(driver, server, "expert")
    client = api.token(server, client_email, USER_PASSWORD)
    project = api.seed_project(server, client, unique("Ticket labels"), "classification", {"labels": ["billing", "technical"]},
                               [{"text": "Charged twice"}, {"text": "App crashes"}],
                               required_qualifications={"domains": [{"domain": "medicine", "min_ability": 0.5}]})
    api.grant(server, api.admin_token(server), expert_email, "domain", "medicine", 1.0)
    answer_all(server, api.token(server, expert_email, USER_PASSWORD), project, "billing")

    sign_in_ok(driver, server, client_email, USER_PASSWORD)
    open_page(driver, server, f"/projects/{project}")
    driver.find_element(*by_testid("snapshots-link")).click()
    visible(driver, by_testid("no-snapshots"))
    form = visible(driver, by_testid("snapshot-form"))
    Select(form.find_element(By.NAME, "answers")).select_by_value("all")
    form.find_element(By.NAME, "min_confidence").send_keys("lots")
    form.find_element(*by_testid("take-snapshot")).click()
    assert "min_confidence" in error_text(driver)

    form = visible(driver, by_testid("snapshot-form"))
    Select(form.find_element(By.NAME, "answers")).select_by_value("all")
    form.find_element(*by_testid("take-snapshot")).click()
    snapshot = visible(driver, by_testid("snapshot"))
    assert "Version 1 · labels" in snapshot.text and "2 records" in snapshot.text
    link = snapshot.find_element(*by_testid("snapshot-file"))
    assert link.text == "labels.jsonl"
    # The download link works with the page's session.
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(link.get_attribute("href"), headers={"Cookie": cookies})
    rows = urllib.request.urlopen(request, timeout=30).read().decode().splitlines()
    assert len(rows) == 2 and all(json.loads(row)["label"] == "billing" for row in rows)
