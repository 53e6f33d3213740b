"""The admin's home page and the administration page."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from cadre_pages import (
    USER_PASSWORD, by_testid, create_organization, create_user, error_text, fill_user_form,
    open_page, path, sign_in_as_admin, sign_in_ok, submit, unique, user_rows, visible,
)


def count(driver, testid: str) -> int:
    return int(visible(driver, by_testid(testid)).text)


def test_admin_home_and_creating_an_organization_and_client(driver, server):
    sign_in_as_admin(driver, server)
    assert visible(driver, (By.TAG_NAME, "h1")).text == "Welcome, Administrator"
    who = visible(driver, by_testid("current-user"))
    assert "Administrator" in who.text
    assert who.find_element(By.CSS_SELECTOR, ".role-badge").text.lower() == "admin"
    organizations_before, users_before = count(driver, "org-count"), count(driver, "user-count")
    assert users_before >= 1, "the bootstrapped admin is a user"

    # The nav leads to the administration page.
    driver.find_element(By.LINK_TEXT, "Administration").click()
    visible(driver, by_testid("org-form"))
    assert path(driver) == "/admin"
    assert driver.title == "Administration · Cadre"

    organization = unique("Acme Labs")
    notice = create_organization(driver, server, organization)
    assert notice == "Organization created."
    organizations = [li.text for li in visible(driver, by_testid("org-list")).find_elements(By.TAG_NAME, "li")]
    assert organization in organizations

    name, email = unique("Casey Client"), f"{unique('client')}@browser.test"
    notice = create_user(driver, server, name=name, email=email, role="client", organization=organization)
    assert notice == "User created."
    assert [name, email, "CLIENT", organization] in [
        [cells[0], cells[1], cells[2].upper(), cells[3]] for cells in user_rows(driver)]

    # The home page's counts follow.
    open_page(driver, server, "/")
    assert count(driver, "org-count") == organizations_before + 1
    assert count(driver, "user-count") == users_before + 1


def test_short_password_is_rejected_and_form_keeps_email(driver, server):
    sign_in_as_admin(driver, server)
    email = f"{unique('short')}@browser.test"
    form = fill_user_form(driver, server, name="Short Password", email=email, password="abcde", role="expert")
    # The browser's own minlength check would stop the form before the server sees it; the
    # server's rule is the one that matters, so let the form through.
    driver.execute_script("arguments[0].noValidate = true", form)
    submit(driver, form)
    message = error_text(driver)
    assert "password" in message.lower()
    assert "10" in message, f"the error should state the minimum length: {message!r}"
    assert driver.find_element(By.CSS_SELECTOR, '[data-testid="user-form"] [name="email"]').get_attribute("value") == email
    assert email not in [cells[1] for cells in user_rows(driver)]


def test_a_failed_user_form_keeps_the_organization(driver, server):
    sign_in_as_admin(driver, server)
    organization = unique("Kept Org")
    create_organization(driver, server, organization)
    form = fill_user_form(driver, server, name="Kept", email=f"{unique('kept')}@browser.test", password="abcde",
                          role="client", organization=organization)
    driver.execute_script("arguments[0].noValidate = true", form)
    submit(driver, form)
    assert error_text(driver)
    chosen = Select(driver.find_element(By.CSS_SELECTOR, '[data-testid="user-form"] [name="organization_id"]'))
    assert chosen.first_selected_option.text == organization


def test_notices_are_fixed_messages_not_link_text(driver, server):
    sign_in_as_admin(driver, server)
    open_page(driver, server, "/admin?notice=Your%20account%20is%20suspended")
    assert not driver.find_elements(By.CSS_SELECTOR, ".flash-notice")
    open_page(driver, server, "/admin?notice=organization_created")
    assert driver.find_element(By.CSS_SELECTOR, ".flash-notice").text == "Organization created."


def test_markup_in_an_organization_name_is_shown_as_text(driver, server):
    name = "<b>Bold & Co</b>"
    sign_in_as_admin(driver, server)
    assert create_organization(driver, server, name) == "Organization created."
    org_list = visible(driver, by_testid("org-list"))
    assert name in [li.text for li in org_list.find_elements(By.TAG_NAME, "li")]
    assert not driver.find_elements(By.CSS_SELECTOR, "main b"), "the name was interpreted as HTML"
    # The option in the organization select is the literal name too.
    options = driver.find_elements(By.CSS_SELECTOR, '[name="organization_id"] option')
    assert name in [option.text for option in options]

    # And on the home page of a client in that organization.
    email = f"{unique('bold')}@browser.test"
    create_user(driver, server, name="Bold Client", email=email, role="client", organization=name)
    driver.delete_all_cookies()
    sign_in_ok(driver, server, email, USER_PASSWORD)
    assert name in visible(driver, (By.CSS_SELECTOR, "main h2")).text
    assert not driver.find_elements(By.CSS_SELECTOR, "main b")
