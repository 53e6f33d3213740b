"""The work loop in a browser: a client posts a project and imports its tasks, an expert
answers with the keyboard, a reviewer decides, and the client watches progress."""

from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

import cadre_api as api
from test_layout import save_page
from test_workspaces import save_full_page
from cadre_pages import (
    USER_PASSWORD, by_testid, fill, left_page, new_account, new_client, open_page, path, sign_in_ok, sign_out, submit,
    unique, visible, wait,
)

BAD_FILE = "\n".join([
    '{"external_id": "q1", "prompt": "2+2?", "responses": ["4", "5"]}',
    '{"external_id": "q2", "prompt": "Capital of France?", "responses": ["Paris"]}',
    'this is not json',
])
GOOD_FILE = "\n".join(
    f'{{"external_id": "q{n}", "prompt": "Question {n}: which answer is **right**?", '
    f'"responses": ["Answer one to {n}", "Answer two to {n}"]}}' for n in range(1, 4))


def upload(driver, tmp_path: Path, name: str, text: str):
    file = tmp_path / name
    file.write_text(text)
    form = visible(driver, by_testid("import-form"))
    form.find_element(By.NAME, "file").send_keys(str(file))
    submit(driver, form)


def create_project(driver, server, name: str, template: str, review: str = "none"):
    """Fills the project form (keeping the template's example configuration) as a client."""
    open_page(driver, server, "/projects/new")
    form = visible(driver, by_testid("project-form"))
    form.find_element(By.CSS_SELECTOR, f'input[name=template][value="{template}"]').click()
    # The preview follows the picker.
    visible(driver, (By.CSS_SELECTOR, f'[data-preview-for="{template}"] [data-task]'))
    assert not driver.find_element(By.CSS_SELECTOR, '[data-preview-for="pairwise"]').is_displayed() or template == "pairwise"
    fill(form, "name", name)
    save_page(driver, f"project-form-{template}-desktop")
    fill(form, "domains", "medicine:0.5")
    fill(form, "pay_amount", "2.50")
    Select(form.find_element(By.NAME, "review_policy")).select_by_value(review)
    submit(driver, form)
    return path(driver).split("/")[2]


def press(driver, *keys):
    driver.find_element(By.TAG_NAME, "body").send_keys(*keys)


def task_id(driver) -> str:
    """The task on screen, once the workspace's script listens for shortcuts."""
    visible(driver, (By.CSS_SELECTOR, "form[data-ready]"))
    return visible(driver, by_testid("task-id")).text


def next_task_loaded(driver, previous: str):
    """Waits until the workspace shows a task other than `previous`, or says none is left."""
    def loaded(d):
        try:
            if d.find_elements(*by_testid("no-tasks")):
                return True
            shown = d.find_elements(*by_testid("task-id"))
            return shown and shown[0].text != previous and d.find_elements(By.CSS_SELECTOR, "form[data-ready]")
        except WebDriverException:  # the page went away between finding and reading
            return False
    wait(driver).until(loaded)


def test_client_posts_expert_answers_reviewer_decides(driver, server, tmp_path):
    _, _, client_email = new_client(driver, server)
    _, expert_email = new_account(driver, server, "expert")
    _, reviewer_email = new_account(driver, server, "expert")

    # The client creates a pairwise project, fails one import, succeeds with the next, activates.
    sign_in_ok(driver, server, client_email, USER_PASSWORD)
    pairwise = create_project(driver, server, unique("Answer preferences"), "pairwise", review="all")
    assert "Import tasks" in driver.title
    upload(driver, tmp_path, "bad.jsonl", BAD_FILE)
    rows = [row.text for row in visible(driver, by_testid("line-errors")).find_elements(By.CSS_SELECTOR, "tbody tr")]
    save_page(driver, "import-errors-desktop")
    assert any(row.startswith("2") and "responses" in row for row in rows), rows
    assert any(row.startswith("3") for row in rows), rows
    upload(driver, tmp_path, "good.jsonl", GOOD_FILE)
    assert visible(driver, by_testid("import-created")).text == "3"
    driver.find_element(By.LINK_TEXT, "Progress").click()
    submit(driver, visible(driver, by_testid("move-active")).find_element(By.XPATH, "./ancestor::form"))
    assert visible(driver, by_testid("project-state")).text.lower() == "active"

    classification = create_project(driver, server, unique("Triage labels"), "classification")
    upload(driver, tmp_path, "labels.jsonl", "\n".join(
        f'{{"external_id": "c{n}", "text": "Message {n}: take two pills and call me"}}' for n in range(1, 3)))
    open_page(driver, server, f"/projects/{classification}")
    submit(driver, visible(driver, by_testid("move-active")).find_element(By.XPATH, "./ancestor::form"))
    sign_out(driver)

    # Qualifications come from the interview later; here the admin grants them.
    admin = api.admin_token(server)
    api.grant(server, admin, expert_email, "domain", "medicine", 1.0)
    api.grant(server, admin, reviewer_email, "domain", "medicine", 1.0)
    api.grant(server, admin, reviewer_email, "reviewer", pairwise)

    # The expert answers two pairwise tasks with the keyboard; each submit loads the next.
    sign_in_ok(driver, server, expert_email, USER_PASSWORD)
    open_page(driver, server, "/work")
    visible(driver, by_testid("work-projects"))
    open_page(driver, server, f"/work/projects/{pairwise}")
    for choice in ("1", "3"):
        first = task_id(driver)
        press(driver, choice)
        assert driver.find_element(By.CSS_SELECTOR, "input[name=choice]:checked").get_attribute("data-key") == choice
        rationale = driver.find_element(By.CSS_SELECTOR, "textarea[name=rationale]")
        rationale.send_keys("The chosen answer is correct and the other one is not.")
        rationale.send_keys(Keys.CONTROL, Keys.ENTER)
        next_task_loaded(driver, first)
    # A submit with a missing part shows what is missing and stays on the task.
    current = task_id(driver)
    press(driver, Keys.ENTER)
    assert "better" in visible(driver, by_testid("workspace-errors")).text
    assert task_id(driver) == current
    press(driver, "s")
    wait(driver).until(EC.visibility_of_element_located(by_testid("no-tasks")))

    # Classification: a digit picks the label, Enter submits.
    open_page(driver, server, f"/work/projects/{classification}")
    first = task_id(driver)
    press(driver, "2")
    press(driver, Keys.ENTER)
    next_task_loaded(driver, first)
    press(driver, "1")
    press(driver, Keys.ENTER)
    wait(driver).until(EC.visibility_of_element_located(by_testid("no-tasks")))
    open_page(driver, server, "/work")  # a settled page before signing out
    sign_out(driver)

    # The reviewer accepts one answer and rejects the other with feedback.
    sign_in_ok(driver, server, reviewer_email, USER_PASSWORD)
    open_page(driver, server, "/work")
    visible(driver, by_testid("review-projects"))
    open_page(driver, server, f"/review/projects/{pairwise}")
    visible(driver, (By.CSS_SELECTOR, "form[data-review][data-ready]"))
    save_full_page(driver, "review-pairwise-desktop", 1280, False)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert driver.find_element(By.CSS_SELECTOR, "input[name=choice]:checked").get_attribute("value") in ("A", "B")
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(*by_testid("accept")).click()
    wait(driver).until(left_page(old))
    visible(driver, (By.CSS_SELECTOR, "form[data-review][data-ready]"))
    visible(driver, by_testid("reject")).click()
    assert "feedback" in visible(driver, by_testid("workspace-errors")).text
    driver.find_element(By.CSS_SELECTOR, "textarea[data-feedback]").send_keys("B is right: check the question again.")
    driver.find_element(*by_testid("reject")).click()
    wait(driver).until(EC.visibility_of_element_located(by_testid("no-reviews")))
    open_page(driver, server, "/work")
    sign_out(driver)

    # The client sees the counts.
    sign_in_ok(driver, server, client_email, USER_PASSWORD)
    open_page(driver, server, f"/projects/{pairwise}")
    assert visible(driver, by_testid("tasks-total")).text == "3"
    assert driver.find_element(*by_testid("answers-accepted")).text == "1"
    assert driver.find_element(*by_testid("answers-rejected")).text == "1"
    assert driver.find_element(*by_testid("answers-skipped")).text == "1"
    visible(driver, by_testid("throughput-chart"))
    save_page(driver, "progress-desktop")
    open_page(driver, server, f"/projects/{classification}")
    assert visible(driver, by_testid("answers-accepted")).text == "2"
    open_page(driver, server, "/projects")
    assert len(visible(driver, by_testid("project-table")).find_elements(By.CSS_SELECTOR, "tbody tr")) == 2
