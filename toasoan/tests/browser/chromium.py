"""Debian's chromium under selenium: one browser per session, reset per test."""

import shutil

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WIDTH, HEIGHT = 1366, 900
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=vi",
)


def missing():
    """Why the browser layer cannot run on this machine, or None."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not shutil.which(path):
            return f"{path} not found: apt-get install {package}"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -r requirements-dev.txt"
    return None


def resize(driver, width, height=HEIGHT):
    """Make the page's viewport (innerWidth x innerHeight) this size."""
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    if inner != [width, height]:  # the window's own frame takes some room
        driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])


class Chromium:
    """The session's browser, started again if it died."""

    def __init__(self, profile_root):
        self.profile_root = profile_root
        self.driver = None
        self.starts = 0

    def start(self):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in FLAGS:
            options.add_argument(flag)
        self.starts += 1
        profile = self.profile_root / f"profile-{self.starts}"
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={WIDTH},{HEIGHT}")
        self.driver = webdriver.Chrome(
            options=options, service=Service(executable_path=CHROMEDRIVER)
        )
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(30)

    def fresh(self, origin):
        """The driver at about:blank, with no cookies, cache or storage of
        `origin`, its viewport 1366x900. (The tab is kept, a new one costs a
        quarter of a second: a test undoes what it sets through the DevTools
        protocol, e.g. Page.removeScriptToEvaluateOnNewDocument.)"""
        from selenium.common.exceptions import WebDriverException

        if self.driver is not None:
            try:
                self.reset(origin)
                return self.driver
            except WebDriverException:
                self.quit()
        self.start()
        self.reset(origin)
        return self.driver

    def reset(self, origin):
        driver = self.driver
        driver.get("about:blank")
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.execute_cdp_cmd(
            "Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"}
        )
        resize(driver, WIDTH, HEIGHT)

    def leave(self):
        """Stop whatever the page still loads or sends."""
        from selenium.common.exceptions import WebDriverException

        try:
            self.driver.get("about:blank")
        except WebDriverException:
            self.quit()

    def quit(self):
        if self.driver is not None:
            try:
                self.driver.quit()
            finally:
                self.driver = None
