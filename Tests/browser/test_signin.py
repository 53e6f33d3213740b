"""Signing in and out, and the CSRF guard on forms."""

from selenium.webdriver.common.by import By

from cadre_pages import (
    by_testid, error_text, fill, open_page, path, sign_in, sign_in_as_admin, sign_out, submit,
    unique, visible, wait,
)


def test_signin_page_renders(driver, server):
    open_page(driver, server, "/signin")
    assert driver.title == "Sign in · Cadre"
    form = visible(driver, by_testid("signin-form"))
    assert form.get_attribute("method") == "post"
    assert form.find_element(By.NAME, "email").is_displayed()
    assert form.find_element(By.NAME, "password").get_attribute("type") == "password"
    csrf = form.find_element(By.CSS_SELECTOR, 'input[type="hidden"][name="csrf"]')
    assert len(csrf.get_attribute("value")) >= 32, "the CSRF token should be a long random value"
    # Nobody is signed in, so the navigation and sign-out button are absent.
    assert not driver.find_elements(*by_testid("current-user"))


def test_wrong_password_shows_error_and_stays(driver, server):
    sign_in(driver, server, server.admin_email, "not-the-right-password")
    assert path(driver) == "/signin"
    assert error_text(driver).strip(), "a failed sign-in should say why"
    # The email is kept so only the password needs retyping.
    assert driver.find_element(By.NAME, "email").get_attribute("value") == server.admin_email
    assert not driver.find_elements(*by_testid("current-user"))


def test_sign_out_returns_to_signin(driver, server):
    sign_in_as_admin(driver, server)
    sign_out(driver)
    assert visible(driver, by_testid("signin-form"))
    # The session is gone: the home page sends the browser back to sign in.
    open_page(driver, server, "/")
    assert path(driver) == "/signin"


def test_form_without_csrf_token_is_refused(driver, server):
    open_page(driver, server, "/signin")
    form = visible(driver, by_testid("signin-form"))
    driver.execute_script("arguments[0].querySelector('input[name=csrf]').remove()", form)
    fill(form, "email", server.admin_email)
    fill(form, "password", server.admin_password)
    submit(driver, form)
    assert "Form expired" in visible(driver, (By.TAG_NAME, "h1")).text
    assert "403" in driver.find_element(By.TAG_NAME, "h1").text
    assert not driver.find_elements(*by_testid("current-user"))


def test_form_with_wrong_csrf_token_is_refused(driver, server):
    """A signed-in admin's form with a forged token must not create anything."""
    sign_in_as_admin(driver, server)
    open_page(driver, server, "/admin")
    name = unique("Forged")
    form = visible(driver, by_testid("org-form"))
    driver.execute_script(
        "arguments[0].querySelector('input[name=csrf]').value = 'x'.repeat(43)", form)
    fill(form, "name", name)
    submit(driver, form)
    assert "Form expired" in visible(driver, (By.TAG_NAME, "h1")).text
    open_page(driver, server, "/admin")
    wait(driver).until(lambda d: d.find_elements(*by_testid("user-table")))
    assert name not in driver.find_element(By.TAG_NAME, "main").text
