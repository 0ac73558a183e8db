"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Never `playwright install`: the browser is the system's `/usr/bin/chromium`. Tests are marked
`e2e` and run as the third stage of `make test`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}

# Sync Playwright keeps an event loop running in the test thread, which makes Django refuse ORM
# calls from it (SynchronousOnlyOperation). The live server runs in its own thread regardless.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class Tab:
    """A page and everything its console said, so a test can fail on errors or CSP reports."""

    page: object
    base_url: str
    console: list[tuple[str, str]] = field(default_factory=list)

    def go(self, path: str):
        return self.page.goto(self.base_url + path)

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind in {"error", "pageerror"}]

    def csp_violations(self) -> list[str]:
        return [text for _, text in self.console if "Content Security Policy" in text]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def log_in(self, email: str, totp_secret: str | None, *, password: str | None = None,
               code: str | None = None) -> None:
        """The real login: email and password, then the TOTP code (computed unless given)."""
        from integritas.core.testing.factories import DEMO_PASSWORD, totp_now

        password = password or DEMO_PASSWORD
        page = self.page
        self.go("/akun/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.press("input[name=password]", "Enter")
        page.wait_for_load_state()
        if totp_secret is None and code is None:
            return
        page.wait_for_selector("input[name=code]")
        page.fill("input[name=code]", code or totp_now(totp_secret))
        page.press("input[name=code]", "Enter")
        page.wait_for_load_state()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server, settings) -> str:
    """The live server's URL, with cookies allowed over its plain HTTP."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return live_server.url


@pytest.fixture
def open_tab(browser, site) -> Callable[..., Tab]:
    """`open_tab()` or `open_tab(viewport=MOBILE)`: a fresh browser context and page."""
    contexts = []

    def open_(viewport: dict | None = None, **options) -> Tab:
        context = browser.new_context(viewport=viewport or DESKTOP, **options)
        contexts.append(context)
        page = context.new_page()
        tab = Tab(page, site)
        page.on("console", lambda message: tab.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: tab.console.append(("pageerror", str(error))))
        return tab

    yield open_
    for context in contexts:
        context.close()
