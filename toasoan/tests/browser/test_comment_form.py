"""The comment form in a real browser: a failed send shows every error at
once, summed up at the top and focused; a reader who cannot see the picture
ticks the box and the browser's proof of work stands for the security code.
Each at a phone's width and a desktop's; screenshots in the temporary folder.
And the menu above it: its focus ring is not the current section's mark."""

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from toasoan.comments import captcha
from toasoan.comments.models import Comment
from toasoan.news.tests.factories import home, make_article, make_section

from . import axe
from .chromium import resize

SHOTS = Path(tempfile.gettempdir())
# Content-Security-Policy violations of the page, kept from its first script on
# (a refused worker or style of the widget would show here).
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
INVALID = (
    "return [...document.querySelectorAll('[aria-invalid=true]')].map(e => e.name)"
)


def wait(driver, condition, timeout=20):
    return WebDriverWait(driver, timeout).until(condition)


@pytest.fixture
def article(settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    section = make_section(home(), "Thời sự - Chính trị")
    published = timezone.now() - timedelta(hours=1)
    return make_article(section, "Bài có ý kiến bạn đọc", published=published)


@pytest.fixture
def page(browser, live_server, article):
    """The article open in the browser, its form ready (codes fetched)."""
    script = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_CSP}
    )
    browser.get(live_server.url + article.url)
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "[data-comment-submit]"))
    wait(
        browser,
        lambda d: d.execute_script(
            "return !document.querySelector('[data-comment-submit]').disabled"
        ),
    )
    yield browser
    browser.execute_cdp_cmd(
        "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
    )


def fill(driver, **values):
    for name, value in values.items():
        field = driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)


def send(driver):
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "[data-comment-submit]").click()
    wait(driver, lambda d: old.id != d.find_element(By.TAG_NAME, "html").id)
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")


def a_wrong_code(driver):
    token = driver.find_element(By.NAME, "captcha_token").get_attribute("value")
    right = captcha.answer_for(captcha.load(token))
    return str((int(right) + 1) % 10**captcha.DIGITS).zfill(captcha.DIGITS)


@pytest.mark.parametrize("width", [390, 1366])
def test_a_failed_send_shows_every_error_at_once_and_focuses_them(page, width):
    resize(page, width)
    fill(page, email="an@example.vn", body="Bài viết rất bổ ích, cảm ơn tòa soạn.")
    fill(page, captcha_answer=a_wrong_code(page))  # and no name
    send(page)

    summary = page.find_element(By.CSS_SELECTOR, "[data-error-summary]")
    assert page.switch_to.active_element == summary
    links = summary.find_elements(By.TAG_NAME, "a")
    assert [a.get_attribute("hash") for a in links] == [
        "#id_name",
        "#id_captcha_answer",
    ]
    assert sorted(page.execute_script(INVALID)) == ["captcha_answer", "name"]
    for name in ("name", "captcha_answer"):
        field = page.find_element(By.NAME, name)
        error = page.find_element(By.ID, f"id_{name}_error")
        assert error.is_displayed() and error.text
        assert error.get_attribute("id") in field.get_attribute("aria-describedby")
        assert field.value_of_css_property("border-top-color") == "rgba(176, 0, 32, 1)"
    page.save_screenshot(str(SHOTS / f"comment-form-errors-{width}.png"))
    assert axe.violations(page) == [], axe.summary(axe.violations(page))

    links[1].click()  # the summary takes the reader to the field
    assert page.switch_to.active_element == page.find_element(By.NAME, "captcha_answer")
    assert page.execute_script("return window.cspViolations") == []
    assert not Comment.objects.exists()


@pytest.mark.parametrize("width", [390, 1366])
def test_a_reader_who_cannot_see_the_picture_ticks_the_box(page, width):
    resize(page, width)
    proof = page.find_element(By.CSS_SELECTOR, "[data-captcha-pow]")
    wait(page, lambda d: proof.is_displayed())
    answer = page.find_element(By.NAME, "captcha_answer")
    assert "captcha-pow-intro" in answer.get_attribute("aria-describedby")
    box = proof.find_element(By.CSS_SELECTOR, "input[type=checkbox]")
    label = proof.find_element(
        By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']"
    )
    assert label.text == proof.get_attribute("data-label")
    fill(page, name="Lê Thị Hoa", email="hoa@example.vn", body="Tôi nghe đọc bài này.")
    box.send_keys(Keys.SPACE)  # as from the keyboard, the way a blind reader does
    status = proof.find_element(By.CSS_SELECTOR, "[role=status]")
    sent = proof.find_element(By.CSS_SELECTOR, "input[name=captcha_pow]")
    wait(page, lambda d: sent.get_attribute("value"))
    assert status.get_attribute("textContent") == proof.get_attribute("data-verified")
    page.save_screenshot(str(SHOTS / f"comment-form-proof-{width}.png"))
    assert axe.violations(page) == [], axe.summary(axe.violations(page))
    assert page.execute_script("return window.cspViolations") == []
    send(page)

    assert "#y-kien" in page.current_url and "y-kien=da-gui" in page.current_url
    notice = page.find_element(By.CSS_SELECTOR, ".notice--ok")
    assert notice.is_displayed()
    comment = Comment.objects.get()
    assert comment.name == "Lê Thị Hoa" and comment.status == Comment.Status.PENDING


STYLE = """
const s = getComputedStyle(arguments[0]);
return [s.outlineStyle, s.outlineColor, s.backgroundColor, s.textDecorationLine];
"""


def test_the_menu_s_focus_ring_is_not_the_current_section_s_mark(page):
    """Regression: a focused menu entry looked exactly like the current section."""
    current = page.find_element(By.CSS_SELECTOR, ".nav__list a[aria-current]")
    home_link = page.find_element(By.CSS_SELECTOR, ".nav__list .nav__home")
    page.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)  # keyboard focus
    for _ in range(10):
        if page.switch_to.active_element == home_link:
            break
        page.switch_to.active_element.send_keys(Keys.TAB)
    assert page.switch_to.active_element == home_link
    focused, marked = (page.execute_script(STYLE, e) for e in (home_link, current))
    assert focused[0] == "solid" and focused[1] == "rgb(255, 255, 255)"
    assert focused[3] == "underline"
    assert marked[0] == "none" and marked[3] == "none"
    assert focused[2] != marked[2]  # the ground is the current section's alone
    page.switch_to.active_element.send_keys(Keys.TAB)
    assert page.switch_to.active_element == current
    both = page.execute_script(STYLE, current)
    assert both[0] == "solid" and both[2] == marked[2]  # ring and ground together
