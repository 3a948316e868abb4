"""No serious or critical axe-core violation on any reader page, on a phone
(390 px) and on a laptop (1366 px), in the states readers see them in."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.wait import WebDriverWait

from . import axe
from .chromium import resize

WIDTHS = (390, 1366)
ALL = ("minor", "moderate", "serious", "critical")
# Moderate, but named by issue 17 and fixed there: kept fixed.
KEPT_FIXED = {"heading-order", "landmark-unique"}


def send_empty_comment(driver):
    """A failed submit: the comment form sent with nothing filled in."""
    button = driver.find_element(By.CSS_SELECTOR, "[data-comment-submit]")
    WebDriverWait(driver, 10).until(lambda d: button.is_enabled())
    button.click()
    WebDriverWait(driver, 10).until(EC.staleness_of(button))


def open_filters(driver):
    driver.find_element(By.CSS_SELECTOR, ".search-form__filters summary").click()


def zoom_in(driver):
    driver.find_element(By.CSS_SELECTOR, "[data-zoom='1']").click()


# view: (page of newsroom.build, what the reader does there, what must show)
VIEWS = {
    "home": ("home", None, ".card"),
    "section": ("section", None, ".card"),
    "article": ("article", None, ".comment-form"),
    "article, comment refused": ("article", send_empty_comment, ".field__error"),
    "search": ("search", None, ".search-result"),
    "search, nothing found": ("search-none", None, ".search-empty"),
    "search, filters open": ("search", open_filters, ".search-form__grid select"),
    "print archive": ("print-archive", None, ".issue-grid"),
    "print archive, a year": ("print-year", None, ".issue-grid"),
    "print look-up, no such issue": ("print-lookup", None, ".print-lookup"),
    "print search": ("print-search", None, ".search-result"),
    "issue": ("issue", None, ".page-grid"),
    "page viewer": ("page-viewer", None, "mark.viewer__hit"),
    "page viewer, zoomed in": ("page-viewer", zoom_in, ".viewer--zoomed"),
    "video list": ("video-list", None, ".vcard"),
    "video": ("video", None, "video"),
    "author": ("author", None, ".card"),
    "tag": ("tag", None, ".card"),
    "page not found": ("not-found", None, ".error-page"),
}


@pytest.fixture
def quick_comments(settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0


def show(driver, url, view, width):
    page, action, expected = VIEWS[view]
    resize(driver, width)
    driver.get(url)
    if action:
        action(driver)
    assert driver.find_elements(By.CSS_SELECTOR, expected), f"no {expected}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_no_serious_or_critical_violation(
    module_browser, module_live_server, newsroom_pages, quick_comments, view, width
):
    url = module_live_server.url + newsroom_pages[VIEWS[view][0]]
    show(module_browser, url, view, width)
    found = [
        v
        for v in axe.violations(module_browser, impacts=ALL)
        if v["impact"] in ("serious", "critical") or v["id"] in KEPT_FIXED
    ]
    assert not found, axe.summary(found)


def test_axe_runs_under_the_sites_csp_and_finds_what_is_wrong(
    module_browser, module_live_server, newsroom_pages
):
    """The harness itself: the reader pages' Content-Security-Policy refuses
    an inline script, yet axe-core (injected through the DevTools protocol)
    runs, and it reports a picture without a text alternative."""
    module_browser.get(module_live_server.url + newsroom_pages["home"])
    inline_ran = module_browser.execute_script(
        "const s = document.createElement('script');"
        "s.textContent = 'window.inlineRan = true';"
        "document.head.appendChild(s);"
        "return window.inlineRan === true;"
    )
    assert not inline_ran
    assert axe.violations(module_browser) == []
    module_browser.execute_script(
        "const image = document.createElement('img');"
        "image.src = '/static/favicon.svg';"
        "document.querySelector('main').appendChild(image);"
    )
    found = axe.violations(module_browser)
    assert [(v["id"], v["impact"], v["nodes"]) for v in found] == [
        ("image-alt", "critical", ['img[src$="favicon.svg"]'])
    ]
