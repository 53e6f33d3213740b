"""The client's invoice pages: funds, months, one month's invoice, and another
organization's invoice kept out."""

import json
import urllib.request

from selenium.webdriver.common.by import By

from cadre_api import admin_token, call
from cadre_pages import USER_PASSWORD, by_testid, new_client, open_page, sign_in_as_admin, sign_in_ok, sign_out, visible


def organization_id(server, admin: str, name: str) -> str:
    page = call(server, "GET", "/organizations?limit=200", admin)
    return next(item["id"] for item in page["items"] if item["name"] == name)


def fund(server, admin: str, organization: str, amount_minor: int, key: str):
    """Records money received, as an admin would (the API needs an Idempotency-Key)."""
    body = json.dumps({"amount_minor": amount_minor, "currency": "USD", "reference": "wire"}).encode()
    request = urllib.request.Request(
        f"{server.url}/api/v1/organizations/{organization}/funding", data=body, method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {admin}", "Idempotency-Key": key})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_client_sees_funds_and_a_month_invoice(driver, server):
    name, _, email = new_client(driver, server)
    admin = admin_token(server)
    organization = organization_id(server, admin, name)
    fund(server, admin, organization, 250_000, f"browser-{organization}")
    fund(server, admin, organization, 250_000, f"browser-{organization}")  # a retry records nothing

    sign_in_ok(driver, server, email, USER_PASSWORD)
    driver.find_element(*by_testid("nav-invoices")).click()
    assert "2500.00 USD available" in visible(driver, by_testid("balances")).text
    assert "No expert cost yet" in visible(driver, by_testid("no-invoices")).text

    open_page(driver, server, "/billing/invoices/2026-10")
    assert visible(driver, by_testid("invoice-status")).text.lower() == "draft"
    assert "0.00 USD" in visible(driver, by_testid("invoice-total")).text
    assert visible(driver, by_testid("invoice-csv")).get_attribute("href").endswith("/billing/invoices/2026-10/csv?currency=USD")


def test_another_organizations_invoice_is_not_found(driver, server):
    first, _, _ = new_client(driver, server)
    _, _, outsider = new_client(driver, server)
    organization = organization_id(server, admin_token(server), first)
    sign_in_ok(driver, server, outsider, USER_PASSWORD)
    open_page(driver, server, f"/billing/invoices/2026-10?organization={organization}")
    assert "404" in visible(driver, (By.TAG_NAME, "h1")).text
    sign_out(driver)

    sign_in_as_admin(driver, server)
    open_page(driver, server, "/billing/invoices")
    visible(driver, by_testid("billing-organizations")).find_element(By.LINK_TEXT, first).click()
    visible(driver, by_testid("no-invoices"))
