"""Pages load nothing from other origins, and carry the security headers and cookie flags."""

import urllib.error
import urllib.request
from urllib.parse import urljoin, urlparse

import pytest
from selenium.webdriver.common.by import By

from cadre_pages import by_testid, open_page, sign_in_as_admin, visible

# Everything a page can pull in by itself.
RESOURCE_URLS = """
return Array.from(document.querySelectorAll('link[href], script[src], img[src], iframe[src], source[src]'))
  .map(e => e.getAttribute('href') || e.getAttribute('src'))
  .concat(performance.getEntriesByType('resource').map(e => e.name));
"""


def origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


def assert_same_origin_only(driver, server, page: str):
    urls = driver.execute_script(RESOURCE_URLS)
    foreign = [u for u in urls if origin(urljoin(server.url + "/", u)) != server.url]
    assert not foreign, f"{page} loads from other origins: {foreign}"
    # The page's own stylesheet must actually apply: a CSP that blocked it would pass the check above.
    rules = driver.execute_script(
        "return Array.from(document.styleSheets).reduce((n, s) => n + s.cssRules.length, 0)")
    assert rules > 0, f"{page} has no stylesheet rules"


def test_pages_load_only_same_origin_resources(driver, server):
    open_page(driver, server, "/signin")
    visible(driver, by_testid("signin-form"))
    assert_same_origin_only(driver, server, "/signin")

    sign_in_as_admin(driver, server)
    assert_same_origin_only(driver, server, "/")

    open_page(driver, server, "/admin")
    visible(driver, by_testid("user-form"))
    assert_same_origin_only(driver, server, "/admin")

    open_page(driver, server, "/no-such-page")
    visible(driver, (By.TAG_NAME, "h1"))
    assert_same_origin_only(driver, server, "an error page")


def fetch(url: str):
    """Status and headers, for error statuses too."""
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


@pytest.mark.parametrize("route, status", [("/signin", 200), ("/no-such-page", 404)])
def test_security_headers(server, route, status):
    code, headers = fetch(server.url + route)
    assert code == status
    policy = headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("X-Frame-Options") == "DENY"


def test_cookies_are_http_only_and_same_site(driver, server):
    sign_in_as_admin(driver, server)
    cookies = {c["name"]: c for c in driver.get_cookies()}
    assert cookies["cadre_session"]["httpOnly"]
    assert cookies["cadre_session"]["sameSite"] in ("Lax", "Strict")
    assert cookies["cadre_csrf"]["httpOnly"]
    assert cookies["cadre_csrf"]["sameSite"] == "Strict"
