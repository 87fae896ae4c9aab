"""The dashboard in headless Chromium (Debian's chromium + chromedriver, driven by selenium):
load it, filter, open an event's evidence, check the highlighted sentence, save a screenshot."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and DRIVER.exists()),
    reason="no /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def server(store):
    import uvicorn

    from dyad.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def browser():
    selenium = pytest.importorskip("selenium", reason="selenium not installed (pip install -e '.[dev]')")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1366,1400",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    assert selenium
    yield driver
    driver.quit()


def test_filter_and_open_evidence(server, browser, client, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.get(server + "/")
    shown = len(client.get("/api/events?limit=500").json()["events"])
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#events tbody tr")) == shown)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map path.land"))
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline rect")
    assert browser.find_elements(By.CSS_SELECTOR, "#network .node")

    browser.find_element(By.ID, "f-text").send_keys("Kharkiv")
    browser.find_element(By.ID, "apply").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#events tbody tr")) == 3)
    rows = browser.find_elements(By.CSS_SELECTOR, "#events tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows] == ["RUSMIL", "UKR", "UKRGOV"]

    rows[1].click()  # UKR accuses RUS
    wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "#article-text .sent")))
    sentence = browser.execute_script(  # the sentence is cut into pieces by the actor and trigger marks
        "return [...document.querySelectorAll('#article-text .sent')].map(e => e.textContent).join('')"
    )
    assert sentence == "Ukraine accuses Russia of shelling Kharkiv"
    assert browser.find_element(By.CSS_SELECTOR, "#article-text .src").text == "Ukraine"
    assert browser.find_element(By.CSS_SELECTOR, "#article-text .tgt").text == "Russia"
    assert browser.find_element(By.CSS_SELECTOR, "#article-text .trg").text == "accuses"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#mentions button")) == 2
    shot = tmp_path / "dashboard.png"
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
