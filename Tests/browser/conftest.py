"""Fixtures for the browser tests: one `cadre serve` for the session, one headless
Chromium per test, and a screenshot of the page whenever a test fails."""

import os
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from cadre_server import Server, start_server, stop_server

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

# Lets the report hook reach the server's log.
server_key = pytest.StashKey[Server]()


@pytest.fixture(scope="session")
def server(pytestconfig):
    srv, log = start_server("cadre-browser-")
    if srv is None:
        pytest.exit(f"cadre serve did not become healthy; its log:\n{log}", returncode=3)
    pytestconfig.stash[server_key] = srv
    yield srv
    stop_server(srv)


@pytest.fixture(autouse=True)
def server_alive(server):
    """Names the real cause when the shared server has died, instead of a later
    'connection refused' in whichever test happens to run next."""
    if (status := server.exit_status()) is not None:
        pytest.fail(f"{status}; log:\n{server.log_tail()}", pytrace=False)


@pytest.fixture
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    browser = webdriver.Chrome(service=service, options=options)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    browser = item.funcargs.get("driver") if hasattr(item, "funcargs") else None
    if browser is not None:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in item.name)
        try:
            browser.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
            report.sections.append(("page", f"{browser.current_url}\nscreenshot: screenshots/{name}.png"))
        except Exception as error:  # a crashed browser must not hide the test's own failure
            report.sections.append(("page", f"no screenshot: {error}"))
    srv = item.config.stash.get(server_key, None)
    if srv is not None:
        status = srv.exit_status() or "cadre serve is running"
        report.sections.append(("cadre serve log (tail)", f"{status}\n{srv.log_tail()}"))
