"""Pay in a browser: an expert answers, sees the answer priced on the earnings page, and
the client sees the cost and the budget on the project's spend page."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import cadre_api as api
from cadre_pages import USER_PASSWORD, by_testid, new_account, new_client, open_page, sign_in_ok, sign_out, unique, visible, wait
from test_work import next_task_loaded, press, task_id

# Seeded projects ask for a qualification, so other tests' experts never see them.
QUALIFIED = {"domains": [{"domain": "medicine", "min_ability": 0.5}]}


def test_expert_earnings_and_client_spend(driver, server):
    _, _, client_email = new_client(driver, server)
    _, expert_email = new_account(driver, server, "expert")
    client = api.token(server, client_email, USER_PASSWORD)
    name = unique("Priced triage")
    project = api.seed_project(server, client, name, "classification", {"labels": ["billing", "technical"]},
                               [{"text": "I was charged twice."}, {"text": "The app crashes."}], budget_cap_minor=100_000,
                               required_qualifications=QUALIFIED)
    api.grant(server, api.admin_token(server), expert_email, "domain", "medicine", 1.0)

    # The expert answers one task with the keyboard; the submit carries a last heartbeat.
    sign_in_ok(driver, server, expert_email, USER_PASSWORD)
    open_page(driver, server, f"/work/projects/{project}")
    first = task_id(driver)
    press(driver, "1")
    press(driver, Keys.ENTER)
    next_task_loaded(driver, first)
    driver.find_element(*by_testid("nav-earnings")).click()
    assert visible(driver, by_testid("estimated")).text == "2.50 USD"
    lines = visible(driver, by_testid("current-lines")).text
    assert name in lines and "1 accepted answer × 2.50 USD" in lines
    assert visible(driver, by_testid("pending")).text == "0.00 USD"
    sign_out(driver)

    # The client's spend page: nothing posted until the week closes, the answer estimated,
    # the budget open, and the burn chart drawn.
    sign_in_ok(driver, server, client_email, USER_PASSWORD)
    open_page(driver, server, f"/projects/{project}")
    driver.find_element(*by_testid("spend-link")).click()
    assert visible(driver, by_testid("posted-charge")).text == "0.00 USD"
    assert visible(driver, by_testid("unposted")).text == "2.50 USD"
    assert "cap 1000.00 USD" in visible(driver, by_testid("budget")).text
    chart = visible(driver, by_testid("burn-chart"))
    assert len(chart.find_elements(By.CSS_SELECTOR, "rect.chart-bar")) == 30
