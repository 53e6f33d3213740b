"""Pages fit a phone, and screenshots of the home page are kept for people to look at."""

import base64
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from cadre_pages import (
    USER_PASSWORD, by_testid, new_client, open_page, sign_in_as_admin, sign_in_ok, unique, visible,
)

ARTIFACTS = Path(__file__).resolve().parent / "screenshots"
PHONE = (390, 844)


def emulate_phone(driver):
    # A mobile viewport honours <meta name=viewport>, as a phone does. The window can't be
    # made narrower than ~500px in headless Chromium, so emulation is the honest way to get 390.
    width, height = PHONE
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})


def assert_fits(driver, what: str):
    width, scroll_width, inner_width = driver.execute_script(
        "return [document.documentElement.clientWidth, document.documentElement.scrollWidth, window.innerWidth]")
    # A mobile browser zooms out to show wide content, which widens innerWidth; so also insist
    # the viewport is still the phone's own width.
    assert inner_width == PHONE[0], f"{what}: the page was zoomed out to {inner_width}px to fit wide content"
    assert scroll_width <= inner_width, f"{what}: {scroll_width}px of content in a {inner_width}px viewport"
    assert width <= inner_width


def assert_in_viewport(driver, element, what: str):
    assert element.is_displayed(), f"{what} is hidden"
    left, right = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.left, r.right]", element)
    assert left >= 0 and right <= driver.execute_script("return window.innerWidth"), f"{what} sticks out"


def save_page(driver, name: str):
    """Saves the whole page, not just the viewport, so long pages are seen in full."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    (ARTIFACTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def test_signin_page_fits_a_phone(driver, server):
    emulate_phone(driver)
    open_page(driver, server, "/signin")
    form = visible(driver, by_testid("signin-form"))
    assert_fits(driver, "/signin")
    assert_in_viewport(driver, form.find_element(By.CSS_SELECTOR, 'button[type="submit"]'), "the sign-in button")
    save_page(driver, "signin-phone")


def test_admin_pages_at_desktop_and_phone_width(driver, server):
    sign_in_as_admin(driver, server)
    visible(driver, by_testid("org-count"))
    save_page(driver, "home-admin-desktop")
    open_page(driver, server, "/admin")
    save_page(driver, "admin-desktop")

    emulate_phone(driver)
    open_page(driver, server, "/")
    visible(driver, by_testid("org-count"))
    assert_fits(driver, "/ (admin)")
    assert_in_viewport(driver, driver.find_element(*by_testid("signout")), "the sign-out button")
    save_page(driver, "home-admin-phone")

    open_page(driver, server, "/admin")
    visible(driver, by_testid("user-table"))
    assert_fits(driver, "/admin")
    save_page(driver, "admin-phone")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_client_home_at_width(driver, server, width):
    _, _, email = new_client(driver, server, unique("Northwind Research Laboratories"))
    if width == "phone":
        emulate_phone(driver)
    sign_in_ok(driver, server, email, USER_PASSWORD)
    visible(driver, by_testid("empty-projects"))
    if width == "phone":
        assert_fits(driver, "/ (client)")
    save_page(driver, f"home-client-{width}")


def test_top_bar_lines_up_with_the_page(driver, server):
    sign_in_as_admin(driver, server)
    open_page(driver, server, "/admin")
    brand = driver.find_element(By.CSS_SELECTOR, ".brand").rect
    heading = driver.find_element(By.CSS_SELECTOR, "main h1").rect
    assert abs(brand["x"] - heading["x"]) <= 1, f"brand at {brand['x']}px, page content at {heading['x']}px"


def test_error_pages_keep_the_top_bar_when_signed_in(driver, server):
    sign_in_as_admin(driver, server)
    open_page(driver, server, "/no-such-page")
    assert "404" in visible(driver, (By.CSS_SELECTOR, "main")).text
    visible(driver, by_testid("current-user"))
    visible(driver, by_testid("signout"))


def test_sign_in_errors_sit_inside_the_card(driver, server):
    open_page(driver, server, "/signin")
    form = visible(driver, by_testid("signin-form"))
    form.find_element(By.NAME, "email").send_keys("nobody@browser.test")
    form.find_element(By.NAME, "password").send_keys("not-the-password")
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
    error = visible(driver, by_testid("error"))
    assert error.find_elements(By.XPATH, "./ancestor::section[contains(@class, 'narrow')]"), "the error is outside the sign-in card"
    save_page(driver, "signin-error-desktop")
