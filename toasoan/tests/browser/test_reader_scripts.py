"""The reader pages' own scripts, in a real browser: the page viewer's marks,
zoom and keyboard reach (print_edition/viewer.js), the search suggestions
(search/suggest.js) and the text size buttons (seo/js/reader.js)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from .chromium import resize

RECT = (
    "const r = arguments[0].getBoundingClientRect();"
    "return [r.left, r.top, r.width, r.height];"
)

FIRST_TEXT = "return arguments[0].firstChild.textContent.trim()"


def rect(driver, element):
    return driver.execute_script(RECT, element)


def wait(driver, condition, timeout=10):
    return WebDriverWait(driver, timeout).until(condition)


@pytest.fixture
def viewer(module_browser, module_live_server, newsroom_pages):
    """The page viewer on page 1, the searched words marked."""
    module_browser.get(module_live_server.url + newsroom_pages["page-viewer"])
    return module_browser


def relative(driver, mark, image):
    """Where a mark is on the page image, in fractions of the image."""
    m, i = rect(driver, mark), rect(driver, image)
    return [
        (m[0] - i[0]) / i[2],
        (m[1] - i[1]) / i[3],
        m[2] / i[2],
        m[3] / i[3],
    ]


def test_page_viewer_marks_the_searched_words_on_the_page(viewer):
    marks = viewer.find_elements(By.CSS_SELECTOR, "[data-page] mark.viewer__hit")
    image = viewer.find_element(By.CSS_SELECTOR, "[data-page] img")
    # "hội nghị": "Hội nghị" opens the first line, "nghị" again in "đề nghị"
    assert len(marks) == 3
    assert str(len(marks)) in viewer.find_element(By.CLASS_NAME, "viewer__query").text
    first = relative(viewer, marks[0], image)
    assert 0 < first[0] < 0.2 and 0 < first[1] < 0.2, first
    for mark in marks:
        left, top, width, height = relative(viewer, mark, image)
        assert 0 <= left and left + width <= 1 and 0 <= top and top + height <= 1
        assert 0.01 < width < 0.3 and 0.01 < height < 0.15
    # the first mark is scrolled into sight
    _, y, _, h = rect(viewer, marks[0])
    frame = rect(viewer, viewer.find_element(By.CSS_SELECTOR, "[data-frame]"))
    assert 0 <= y and y + h <= viewer.execute_script("return innerHeight")
    assert frame[1] <= y <= frame[1] + frame[3]


def test_zoom_buttons_enlarge_the_page_and_its_marks_with_it(viewer):
    page = viewer.find_element(By.CSS_SELECTOR, "[data-page]")
    frame = viewer.find_element(By.CSS_SELECTOR, "[data-frame]")
    image = page.find_element(By.TAG_NAME, "img")
    mark = page.find_element(By.CSS_SELECTOR, "mark.viewer__hit")
    zoom = viewer.find_element(By.CLASS_NAME, "viewer__zoom")
    assert zoom.is_displayed()  # hidden until the script runs
    box = viewer.find_element(By.CSS_SELECTOR, "[data-viewer]")

    def zoomed():
        return "viewer--zoomed" in box.get_attribute("class").split()

    where = relative(viewer, mark, image)
    width = "return arguments[0].offsetWidth / arguments[1].clientWidth"

    def press(step, times=1):
        """Zoom, and answer the page's width in widths of the frame."""
        for _ in range(times):
            zoom.find_element(By.CSS_SELECTOR, f"[data-zoom='{step}']").click()
        return viewer.execute_script(width, image, frame)

    fitted = viewer.execute_script(width, image, frame)
    assert fitted <= 1
    assert press(1) == pytest.approx(1.5, rel=0.02)
    assert zoomed()
    assert viewer.execute_script(
        "return arguments[0].scrollWidth > arguments[0].clientWidth", frame
    )
    assert relative(viewer, mark, image) == pytest.approx(where, abs=0.005)
    assert press(1, times=9) == pytest.approx(4, rel=0.02)  # at most 4 times
    assert press(-1) == pytest.approx(3.5, rel=0.02)
    assert press(0) == pytest.approx(fitted, rel=0.02)
    assert press(1) == pytest.approx(1.5, rel=0.02)
    assert press(-1, times=3) == pytest.approx(fitted, rel=0.02)  # no smaller
    assert not zoomed()
    assert relative(viewer, mark, image) == pytest.approx(where, abs=0.005)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_keyboard_reaches_and_scrolls_the_page_frame(viewer, width):
    """Tab reaches the frame; the arrow keys then scroll the zoomed page."""
    resize(viewer, width)
    viewer.refresh()
    zoom_in = viewer.find_element(By.CSS_SELECTOR, "[data-zoom='1']")
    for _ in range(6):  # the most: 4 times the frame's width, taller than it
        zoom_in.click()
    frame = viewer.find_element(By.CSS_SELECTOR, "[data-frame]")
    viewer.execute_script("arguments[0].scrollTo(0, 0)", frame)
    for _ in range(6):  # next page, remove the marks, then the frame
        viewer.switch_to.active_element.send_keys(Keys.TAB)
        if viewer.switch_to.active_element == frame:
            break
    assert viewer.switch_to.active_element == frame, "Tab never reached the page"
    # in the tab order in every browser, not only where scroll areas are
    # focusable by themselves (Chrome since 130, not Safari)
    assert frame.get_attribute("tabindex") == "0"
    assert frame.accessible_name == "Trang 1"
    outline = viewer.execute_script(
        "const s = getComputedStyle(arguments[0]);"
        "return [s.outlineStyle, s.outlineWidth];",
        frame,
    )
    assert outline == ["solid", "3px"]  # the site's focus ring, not a faint one
    frame.send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_RIGHT)
    scrolled = "return [arguments[0].scrollTop, arguments[0].scrollLeft]"
    wait(viewer, lambda d: all(d.execute_script(scrolled, frame)))
    frame.send_keys(Keys.END)
    wait(
        viewer,
        lambda d: d.execute_script(
            "const f = arguments[0];"
            "return f.scrollTop + f.clientHeight >= f.scrollHeight - 1",
            frame,
        ),
    )


def test_search_suggests_titles_while_typing(
    module_browser, module_live_server, newsroom_pages
):
    module_browser.get(module_live_server.url + "/tim-kiem/")
    field = module_browser.find_element(By.ID, "search-q")
    options = (
        "return [...document.querySelectorAll('#search-suggestions option')]"
        ".map(o => o.value)"
    )
    field.send_keys("hoi ngh")  # without diacritics
    titles = wait(module_browser, lambda d: d.execute_script(options))
    assert "Hội nghị trưởng ban tổ chức lần 1" in titles
    assert all(title.startswith("Hội nghị") for title in titles)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("xyzw khong co")  # the last suggestions do not linger
    wait(module_browser, lambda d: d.execute_script(options) == [])


def test_text_size_buttons_change_the_article_and_are_remembered(
    module_browser, module_live_server, newsroom_pages
):
    browser = module_browser
    browser.get(module_live_server.url + newsroom_pages["article"])
    size = (
        "return parseFloat(getComputedStyle("
        "document.querySelector('.story__body p')).fontSize)"
    )
    normal = browser.execute_script(size)
    buttons = browser.find_elements(By.CSS_SELECTOR, ".text-size button")
    shown = [browser.execute_script(FIRST_TEXT, b) for b in buttons]
    assert shown == ["A−", "A", "A+"]
    # each named by what it shows, then by what it does
    for button, text in zip(buttons, shown, strict=True):
        assert button.accessible_name.startswith(text + " (")
    buttons[2].click()
    buttons[2].click()
    status = browser.find_element(By.CSS_SELECTOR, "[data-reader-status]")
    wait(browser, lambda d: "130%" in status.get_attribute("textContent"))
    larger = browser.execute_script(size)
    assert larger == pytest.approx(normal * 1.3, rel=0.05)
    browser.refresh()  # remembered on this device
    assert (
        browser.find_element(By.TAG_NAME, "html").get_attribute("data-text-size") == "2"
    )
    browser.find_element(
        By.CSS_SELECTOR, ".text-size button[data-text-size='0']"
    ).click()
    assert browser.execute_script(size) == normal
