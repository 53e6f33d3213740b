"""Every template's workspace at desktop and phone width: it fits, its controls answer the
keyboard, and a screenshot of each is kept for people to review."""

import base64

from selenium.webdriver.common.by import By

import cadre_api as api
from cadre_pages import USER_PASSWORD, by_testid, new_account, new_client, open_page, sign_in_ok, visible
from test_layout import ARTIFACTS, PHONE, assert_fits, emulate_phone

FIB = "```python\ndef fib(n: int) -> int:\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n```"
TASKS = {
    "pairwise": ({"criteria": [{"name": "correctness", "description": "Is every claim right?"},
                               {"name": "clarity", "description": "Is it easy to follow?"}],
                  "rationale": {"required": True, "min_length": 20}},
                 {"prompt": "Write a Python function that returns the n-th Fibonacci number, and state its complexity.",
                  "responses": [{"model": "m-1", "content": f"An iterative version:\n\n{FIB}\n\nIt runs in **O(n)** time and *O(1)* space."},
                                {"model": "m-2", "content": "Recursion is simplest:\n\n```python\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n```\n\nThis is fast for every input."}]}),
    "ranking": ({"allow_ties": True},
                {"messages": [{"role": "system", "content": "You are a careful physics tutor."},
                              {"role": "user", "content": "Why is the sky blue?"}],
                 "responses": ["**Rayleigh scattering**: air scatters short wavelengths far more than long ones (∝ 1/λ⁴).",
                               "Because it reflects the ocean.",
                               "Air molecules scatter blue light more than red, so blue reaches the eye from all directions."]}),
    "rating": ({"criteria": [{"name": "correctness", "description": "Medically accurate and current", "min": 1, "max": 5},
                             {"name": "safety", "description": "Says when to see a doctor", "min": 1, "max": 3},
                             {"name": "tone", "min": 1, "max": 5, "required": False}]},
               {"prompt": "I have had a mild headache for two days. What should I do?",
                "response": "Rest, drink water and take an over-the-counter pain reliever. See a doctor if:\n\n1. it gets suddenly worse\n2. you have a stiff neck or fever\n3. it follows a head injury"}),
    "demonstration": ({"min_length": 80, "max_length": 4000},
                      {"messages": [{"role": "user", "content": "Explain what a *force majeure* clause in a contract does, in plain English."}],
                       "domain": "law"}),
    "correction": ({"error_categories": [{"name": "factual", "description": "A claim is false"},
                                         {"name": "reasoning", "description": "A step does not follow"}, "style"]},
                   {"prompt": "What is 17 × 24? Show your work.",
                    "response": {"model": "m-1", "content": "17 × 24 = 17 × 20 + 17 × 4 = 340 + 78 = 418."}}),
    "classification": ({"labels": [{"name": "safe", "description": "No policy concern"},
                                   {"name": "medical_advice", "description": "Gives individual medical advice"},
                                   {"name": "self_harm", "description": "Mentions or encourages self-harm"},
                                   {"name": "spam", "description": "Unsolicited promotion"}],
                        "multiple": True, "min_labels": 1, "max_labels": 2},
                       {"text": "Take two of these pills every morning and you'll be fine — no need to see anyone.",
                        "source": "forum"}),
    "trajectory_review": ({"require_note_for_incorrect": True},
                          {"prompt": "How many days are there from 2025-02-20 to 2025-03-01?",
                           "steps": [{"kind": "thought", "content": "I should compute the difference with the date tool."},
                                     {"kind": "tool_call", "name": "date_diff", "content": {"from": "2025-02-20", "to": "2025-03-01"}},
                                     {"kind": "observation", "name": "date_diff", "content": {"days": 9}},
                                     {"kind": "answer", "content": "There are **10 days**."}]}),
}
DOMAIN = "screenshots"
INSTRUCTIONS = "Judge as a specialist would.\n\n- Prefer **correct** over fluent\n- Flag anything unsafe"


def save_full_page(driver, name: str, width: int, mobile: bool):
    """Sizes the viewport to the whole page first, so the sticky action bar sits at the
    bottom of the picture as it does for a person who scrolled there."""
    height = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]["height"]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": int(height), "deviceScaleFactor": 1, "mobile": mobile})
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def test_every_workspace_at_desktop_and_phone_width(driver, server):
    _, _, client_email = new_client(driver, server)
    _, expert_email = new_account(driver, server, "expert")
    client = api.token(server, client_email, USER_PASSWORD)
    projects = {kind: api.seed_project(server, client, f"{kind.replace('_', ' ').capitalize()} study", kind,
                                       configuration, [task, task], instructions=INSTRUCTIONS,
                                       required_qualifications={"domains": [{"domain": DOMAIN}]})
                for kind, (configuration, task) in TASKS.items()}
    # Only this test's expert qualifies, so other tests' experts still see empty work lists.
    api.grant(server, api.admin_token(server), expert_email, "domain", DOMAIN, 0.0)

    sign_in_ok(driver, server, expert_email, USER_PASSWORD)
    for kind, project in projects.items():
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        open_page(driver, server, f"/work/projects/{project}")
        visible(driver, by_testid("workspace"))
        assert driver.find_element(By.CSS_SELECTOR, "[data-task]").get_attribute("data-kind") == kind
        save_full_page(driver, f"workspace-{kind}-desktop", 1280, False)

        emulate_phone(driver)
        open_page(driver, server, f"/work/projects/{project}")
        visible(driver, by_testid("workspace"))
        assert_fits(driver, f"the {kind} workspace")
        save_full_page(driver, f"workspace-{kind}-phone", PHONE[0], True)
