"""Browser tests: Playwright driving the system Chromium against a live server.

They run only with OKNO_E2E=1 (`make e2e`); otherwise this directory is not collected.
With OKNO_E2E=1 a missing /usr/bin/chromium is a failure, never a skip.
"""

import os
import re
from pathlib import Path

import pytest

from okno.accounts.tests.factories import PASSWORD

E2E = os.environ.get("OKNO_E2E") == "1"
CHROMIUM = Path("/usr/bin/chromium")
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not E2E:
    collect_ignore_glob = ["test_*.py"]
else:
    # Playwright's sync API keeps an event loop in this thread; the tests still call the ORM
    # synchronously to prepare data, which Django would otherwise refuse.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh Russian-language browser tab; on failure its last state is saved as a screenshot."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        shot(tab, request.node.name, "failure")
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def shot(page, test_name: str, step: str) -> Path:
    """Save a full-page screenshot to test-results/<test>-<step>.png."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', test_name)}-{step}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot(request, page):
    return lambda step: shot(page, request.node.name, step)


@pytest.fixture
def screenshot_of(request):
    """A screenshot of another tab (a second person's browser) in the same test."""
    return lambda tab, step: shot(tab, request.node.name, step)


@pytest.fixture
def login(page, live_server):
    def log_in(login: str, password: str) -> None:
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=login]", login)
        page.fill("input[name=password]", password)
        page.locator("form").filter(has=page.locator("input[name=password]")).locator(
            "button[type=submit], input[type=submit]"
        ).first.click()
        page.wait_for_load_state()

    return log_in


@pytest.fixture
def log_in_tab(live_server):
    """Log a person in on a tab of their own (a second browser beside `page`), with the
    test password, and wait until the login page is left."""

    def log_in(tab, login: str) -> None:
        tab.goto(live_server.url + "/accounts/login/")
        tab.fill("input[name=login]", login)
        tab.fill("input[name=password]", PASSWORD)
        tab.keyboard.press("Enter")
        tab.wait_for_url(lambda url: "/accounts/login/" not in url)

    return log_in
