"""Each role's home page, and what a non-admin may not see."""

import pytest
from selenium.webdriver.common.by import By

from cadre_pages import (
    USER_PASSWORD, by_testid, new_account, new_client, open_page, sign_in_ok, visible,
)


def nav_links(driver) -> list[str]:
    return [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".nav a")]


def test_client_home_shows_organization_and_empty_projects(driver, server):
    organization, name, email = new_client(driver, server)
    sign_in_ok(driver, server, email, USER_PASSWORD)

    assert visible(driver, (By.TAG_NAME, "h1")).text == f"Welcome, {name}"
    assert visible(driver, by_testid("current-user")).find_element(By.CSS_SELECTOR, ".role-badge").text.lower() == "client"
    assert organization in driver.find_element(By.CSS_SELECTOR, "main").text
    empty = visible(driver, by_testid("empty-projects"))
    assert "No projects yet" in empty.text
    # Admin-only parts are absent.
    assert "Administration" not in nav_links(driver)
    assert not driver.find_elements(*by_testid("org-count"))


def test_client_is_refused_the_admin_page(driver, server):
    _, _, email = new_client(driver, server)
    sign_in_ok(driver, server, email, USER_PASSWORD)
    open_page(driver, server, "/admin")
    heading = visible(driver, (By.TAG_NAME, "h1")).text
    assert "403" in heading and "Not allowed" in heading
    assert not driver.find_elements(*by_testid("user-form"))


@pytest.mark.parametrize("role, testid", [("expert", "empty-work"), ("candidate", "empty-application")])
def test_role_home_shows_its_empty_state(driver, server, role, testid):
    name, email = new_account(driver, server, role)
    sign_in_ok(driver, server, email, USER_PASSWORD)
    assert visible(driver, (By.TAG_NAME, "h1")).text == f"Welcome, {name}"
    assert visible(driver, by_testid(testid)).text.strip()
    assert visible(driver, by_testid("current-user")).find_element(By.CSS_SELECTOR, ".role-badge").text.lower() == role
    assert "Administration" not in nav_links(driver)
    # Another role's empty state would mean the page chose the wrong branch.
    others = {"empty-projects", "empty-work", "empty-application"} - {testid}
    assert not any(driver.find_elements(*by_testid(other)) for other in others)
