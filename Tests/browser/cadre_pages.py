"""Small helpers that drive Cadre's pages the way a person would: open, type, click, wait."""

import uuid
from urllib.parse import urlparse

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

TIMEOUT = 20  # generous: CI machines may be busy compiling alongside
USER_PASSWORD = "correct-horse-battery"  # meets the 10-character minimum


def unique(prefix: str) -> str:
    """A name no other test uses, so tests sharing one server do not see each other's rows."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def wait(driver, timeout: float = TIMEOUT) -> WebDriverWait:
    return WebDriverWait(driver, timeout)


def path(driver) -> str:
    return urlparse(driver.current_url).path


def by_testid(testid: str):
    return (By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def visible(driver, locator):
    return wait(driver).until(EC.visibility_of_element_located(locator))


def open_page(driver, server, route: str):
    driver.get(server.url + route)
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")


def left_page(old):
    """Like EC.staleness_of, but also counts Chromium's "node does not belong to the
    document" answer, which it sometimes gives instead of a stale reference mid-navigation."""
    def gone(_):
        try:
            old.is_enabled()
            return False
        except WebDriverException:
            return True
    return gone


def submit(driver, form):
    """Submits a form with its own button and waits until the browser has left the old page."""
    old = driver.find_element(By.TAG_NAME, "html")
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
    wait(driver).until(left_page(old))
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")


def fill(form, name: str, value: str):
    field = form.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def sign_in(driver, server, email: str, password: str):
    """Submits the sign-in form; the caller checks where it landed."""
    open_page(driver, server, "/signin")
    form = visible(driver, by_testid("signin-form"))
    fill(form, "email", email)
    fill(form, "password", password)
    submit(driver, form)


def sign_in_ok(driver, server, email: str, password: str):
    sign_in(driver, server, email, password)
    visible(driver, by_testid("current-user"))
    assert path(driver) == "/", f"signed in but landed on {driver.current_url}"


def sign_in_as_admin(driver, server):
    sign_in_ok(driver, server, server.admin_email, server.admin_password)


def sign_out(driver):
    button = visible(driver, by_testid("signout"))
    old = driver.find_element(By.TAG_NAME, "html")
    button.click()
    wait(driver).until(left_page(old))
    wait(driver).until(lambda d: path(d) == "/signin")


def notice_text(driver) -> str:
    return visible(driver, (By.CSS_SELECTOR, ".flash-notice")).text


def error_text(driver) -> str:
    return visible(driver, by_testid("error")).text


def create_organization(driver, server, name: str):
    """Creates an organization on the admin page (signed in as admin) and returns the notice."""
    open_page(driver, server, "/admin")
    form = visible(driver, by_testid("org-form"))
    fill(form, "name", name)
    submit(driver, form)
    return notice_text(driver)


def fill_user_form(driver, server, *, name, email, password, role, organization=None):
    open_page(driver, server, "/admin")
    form = visible(driver, by_testid("user-form"))
    fill(form, "name", name)
    fill(form, "email", email)
    fill(form, "password", password)
    Select(form.find_element(By.NAME, "role")).select_by_value(role)
    if organization is not None:
        Select(form.find_element(By.NAME, "organization_id")).select_by_visible_text(organization)
    return form


def create_user(driver, server, *, name, email, role, organization=None, password=USER_PASSWORD):
    """Creates a user on the admin page (signed in as admin) and returns the notice."""
    form = fill_user_form(driver, server, name=name, email=email, password=password, role=role,
                          organization=organization)
    submit(driver, form)
    return notice_text(driver)


def user_rows(driver) -> list[list[str]]:
    """The admin page's users table as lists of cell texts."""
    table = visible(driver, by_testid("user-table"))
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]


def _add_user(driver, server, role, organization):
    name = unique(role.capitalize())
    email = f"{name.lower()}@browser.test"
    create_user(driver, server, name=name, email=email, role=role, organization=organization)
    return name, email


def new_account(driver, server, role: str):
    """Signs in as admin, creates a user with this role, signs out; returns (name, email)."""
    sign_in_as_admin(driver, server)
    account = _add_user(driver, server, role, None)
    sign_out(driver)
    return account


def new_client(driver, server, organization: str | None = None):
    """Creates an organization and a client in it through the admin page, then signs out.
    Returns (organization, name, email)."""
    organization = organization or unique("Org")
    sign_in_as_admin(driver, server)
    create_organization(driver, server, organization)
    name, email = _add_user(driver, server, "client", organization)
    sign_out(driver)
    return organization, name, email
