"""Recruiting in a browser: a candidate signs up, applies with a pasted resume, confirms the
skills found in it, takes the mathematics interview answering correctly, reads the report and
ends as an accepted expert — through the policy, or through an admin in the review queue."""

import json
from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_layout import emulate_phone, assert_fits, save_page
from cadre_pages import (
    USER_PASSWORD, by_testid, fill, notice_text, open_page, path, sign_in_as_admin, sign_in_ok, sign_out, submit,
    unique, visible, wait,
)

BANK = json.loads((Path(__file__).resolve().parents[2] / "Resources" / "ItemBanks" / "mathematics.json").read_text())
ITEMS = {item["id"]: item for item in BANK["items"]}
SCENARIOS = {scenario["id"]: scenario for scenario in BANK["scenarios"]}


def correct_answer(question_id: str) -> str:
    """The key of an item, or for a scenario the first phrase of every rubric concept."""
    if question_id in ITEMS:
        item = ITEMS[question_id]
        if item["kind"] == "multiple_choice":
            return next(option["key"] for option in item["options"] if option.get("correct"))
        value = item["answer"]["value"]
        return str(int(value)) if float(value).is_integer() else repr(value)
    scenario = SCENARIOS.get(question_id.removesuffix("/follow-up"))
    if scenario is None or question_id.endswith("/follow-up"):
        return "As I said above, with more detail on each step of the argument."
    return ". ".join(concept[0] for criterion in scenario["rubric"] for concept in criterion["concepts"]) + "."


def interview_root(driver):
    return visible(driver, (By.CSS_SELECTOR, "[data-interview][data-ready]"))


def moved_on(previous: str):
    """The page shows another question, or says the interview is over."""
    def check(d):
        try:
            root = d.find_element(By.CSS_SELECTOR, "[data-interview][data-ready]")
            return root.get_attribute("data-done") == "true" or root.get_attribute("data-question-id") != previous
        except WebDriverException:
            return False
    return check


def answer_current(driver, root, question_id: str):
    answer = correct_answer(question_id)
    kind = root.find_element(By.CSS_SELECTOR, "[data-question]").get_attribute("data-kind")
    if kind == "item" and root.find_elements(By.CSS_SELECTOR, "[data-choice]"):
        # The letter shortcut, as a person at a keyboard would answer.
        driver.find_element(By.TAG_NAME, "body").send_keys(answer.lower())
    elif kind == "item":
        field = root.find_element(By.CSS_SELECTOR, "input[data-answer]")
        field.send_keys(answer)
        field.send_keys(Keys.ENTER)
    else:
        field = root.find_element(By.CSS_SELECTOR, "textarea[data-answer]")
        field.send_keys(answer)
        field.send_keys(Keys.CONTROL, Keys.ENTER)


def test_candidate_applies_interviews_and_becomes_an_expert(driver, server):
    name = unique("Candidate")
    email = f"{name.lower()}@browser.test"

    # Sign-up: a validation error sits by its field, then the account opens the application.
    open_page(driver, server, "/apply")
    form = visible(driver, by_testid("apply-form"))
    fill(form, "name", name)
    fill(form, "email", email)
    fill(form, "password", "short")
    submit(driver, form)
    assert visible(driver, (By.CSS_SELECTOR, '[data-error-for="password"]')).text
    form = visible(driver, by_testid("apply-form"))
    fill(form, "password", USER_PASSWORD)
    submit(driver, form)
    assert path(driver) == "/application"
    save_page(driver, "application-new-desktop")

    # Profile, then a pasted resume, then the skills found in it.
    form = visible(driver, by_testid("profile-form"))
    fill(form, "headline", "Mathematics lecturer")
    form.find_element(By.CSS_SELECTOR, 'input[name="domains[]"][value="mathematics"]').click()
    fill(form, "languages", "en, pt")
    fill(form, "timezone", "Europe/Lisbon")
    fill(form, "weekly_hours", "20")
    fill(form, "rate", "45")
    submit(driver, form)
    assert "Profile saved" in notice_text(driver)
    form = visible(driver, by_testid("resume-form"))
    form.find_element(By.NAME, "text").send_keys(
        f"{name}: lecturer in mathematics. Ten years teaching linear algebra, probability and real analysis; "
        "research in number theory and combinatorics.")
    submit(driver, form)
    assert "Resume saved" in notice_text(driver)
    skills = visible(driver, by_testid("skills-form"))
    assert skills.find_elements(By.CSS_SELECTOR, 'input[name="skills[]"]:checked')
    save_page(driver, "application-skills-desktop")
    submit(driver, skills)
    assert "Skills confirmed" in notice_text(driver)
    submit(driver, visible(driver, by_testid("submit-form")))
    assert "submitted" in notice_text(driver)
    emulate_phone(driver)
    open_page(driver, server, "/application")
    assert_fits(driver, "/application")
    save_page(driver, "application-submitted-phone")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    # The interview, one question at a time, without reloading.
    start = visible(driver, (By.CSS_SELECTOR, '[data-domain="mathematics"] [data-testid="start-interview"]'))
    submit(driver, start.find_element(By.XPATH, "./ancestor::form"))
    assert path(driver).startswith("/interviews/")
    root = interview_root(driver)
    save_page(driver, "interview-question-desktop")
    # Leaving the page is reported (a person switching tabs fires blur and visibilitychange).
    driver.execute_script("window.dispatchEvent(new Event('blur'))")
    answered = 0
    photographed = set()
    while root.get_attribute("data-done") != "true":
        question_id = root.get_attribute("data-question-id")
        kind = "choice" if root.find_elements(By.CSS_SELECTOR, "[data-choice]") else \
            root.find_element(By.CSS_SELECTOR, "[data-question]").get_attribute("data-kind")
        if kind not in photographed:
            photographed.add(kind)
            emulate_phone(driver)
            assert_fits(driver, f"the interview ({kind})")
            save_page(driver, f"interview-{kind}-phone")
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        if kind == "scenario" and "paste" not in photographed:
            photographed.add("paste")
            field = root.find_element(By.CSS_SELECTOR, "textarea[data-answer]")
            driver.execute_script("arguments[0].dispatchEvent(new Event('paste', {bubbles: true}))", field)
        answer_current(driver, root, question_id)
        wait(driver).until(moved_on(question_id))
        root = interview_root(driver)
        answered += 1
        assert answered < 80, "the interview did not end"
        if answered == 3:
            save_page(driver, "interview-progress-desktop")
    assert "All questions answered" in visible(driver, by_testid("progress")).text
    visible(driver, by_testid("report-link")).click()
    wait(driver).until(lambda d: path(d).endswith("/report"))
    report_path = path(driver)

    # The report: ability with its band, and no per-item correctness for the candidate.
    assert "±" in visible(driver, by_testid("theta")).text
    assert driver.find_elements(By.CSS_SELECTOR, "svg.band")
    assert not driver.find_elements(By.CSS_SELECTOR, ".state-correct, .state-wrong")
    integrity = driver.find_element(*by_testid("flag-counts")).text + driver.find_element(*by_testid("flags")).get_attribute("textContent")
    assert "paste" in integrity, integrity
    assert "lost focus" in driver.find_element(*by_testid("events")).get_attribute("textContent")
    save_page(driver, "interview-report-desktop")
    emulate_phone(driver)
    assert_fits(driver, "the report")
    save_page(driver, "interview-report-phone")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    status = visible(driver, by_testid("decision-status")).text.lower()  # badges are upper-cased by CSS

    # Clear passes are accepted by the policy; anything else waits for an admin.
    if status != "accepted":
        sign_out(driver)
        sign_in_as_admin(driver, server)
        driver.find_element(By.LINK_TEXT, "Candidates").click()
        card = visible(driver, (By.XPATH, f'//article[@data-testid="pending-decision"][.//h3[contains(., "{name}")]]'))
        save_page(driver, "candidate-queue-desktop")
        card.find_element(By.NAME, "reason").send_keys("Every answer correct; the flags are fast answers only.")
        card.find_element(*by_testid("accept")).click()
        wait(driver).until(lambda d: "notice=candidate_decided" in d.current_url)
        assert "Decision recorded" in notice_text(driver)
        open_page(driver, server, "/admin/funnel")
        assert int(visible(driver, by_testid("funnel-Accepted")).text) >= 1
        save_page(driver, "recruiting-funnel-desktop")
        sign_out(driver)
        sign_in_ok(driver, server, email, USER_PASSWORD)
        open_page(driver, server, report_path)

    assert visible(driver, by_testid("decision-status")).text.lower() == "accepted"
    open_page(driver, server, "/application")
    state = visible(driver, (By.CSS_SELECTOR, '[data-domain="mathematics"] [data-testid="domain-state"]'))
    assert state.text.lower() == "accepted"
    badge = visible(driver, by_testid("current-user")).find_element(By.CSS_SELECTOR, ".role-badge")
    assert badge.text.lower() == "expert"
