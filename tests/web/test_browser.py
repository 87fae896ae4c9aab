"""The dashboard in headless Chromium (Debian's chromium + chromedriver, driven by selenium), with
every host but 127.0.0.1 unresolvable (no network): filter, open an event's evidence, the URL
state, Reset, an API error, an empty store, the map and timeline drawings, 420 px, and /docs."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
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


@contextmanager
def serving(store):
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
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(store):
    with serving(store) as url:
        yield url


@pytest.fixture(scope="module")
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
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # the network is off
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    assert selenium
    yield driver
    driver.quit()


def _wait(browser, seconds: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, seconds)


def _rows(browser) -> list[list[str]]:
    return browser.execute_script(
        "return [...document.querySelectorAll('#events tbody tr:not(.none)')]"
        ".map(r => [...r.children].map(td => td.textContent))"
    )


def _loaded(browser) -> bool:
    return browser.execute_script("return document.querySelector('#status').textContent === ''") and bool(
        browser.execute_script("return document.querySelector('#events tbody').children.length")
    )


def test_filter_and_open_evidence(server, browser, client, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready

    wait = _wait(browser)
    browser.get(server + "/")
    newest = client.get("/api/events?limit=500&order=newest").json()["events"]
    wait.until(lambda d: len(_rows(d)) == len(newest))
    assert [r[0] for r in _rows(browser)] == [e["date"] or "undated" for e in newest]  # newest first
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map path.land"))
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")
    assert browser.find_elements(By.CSS_SELECTOR, "#network .node")

    browser.find_element(By.ID, "f-text").send_keys("Kharkiv")
    browser.find_element(By.ID, "apply").click()
    kharkiv = client.get("/api/events?text=Kharkiv&order=newest").json()["events"]
    wait.until(lambda d: len(_rows(d)) == len(kharkiv))
    assert [r[1] for r in _rows(browser)] == [e["source"]["code"] for e in kharkiv]
    assert "UKR" in [r[1] for r in _rows(browser)]

    row = browser.find_elements(By.CSS_SELECTOR, "#events tbody tr")[[r[1] for r in _rows(browser)].index("UKR")]
    row.click()  # UKR accuses RUS
    wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "#article-text .sent")))
    sentence = browser.execute_script(  # the sentence is cut into pieces by the actor and trigger marks
        "return [...document.querySelectorAll('#article-text .sent')].map(e => e.textContent).join('')"
    )
    assert sentence == "Ukraine accuses Russia of shelling Kharkiv"
    assert browser.find_element(By.CSS_SELECTOR, "#article-text .src").text == "Ukraine"
    assert browser.find_element(By.CSS_SELECTOR, "#article-text .tgt").text == "Russia"
    assert browser.find_element(By.CSS_SELECTOR, "#article-text .trg").text == "accuses"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#mentions button")) == 2
    link = browser.find_element(By.CSS_SELECTOR, "#article-text .meta a")
    assert link.get_attribute("href") == "https://news.example/kharkiv"
    shot = tmp_path / "dashboard.png"
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_url_state_and_reset(server, browser, client):
    from selenium.webdriver.common.by import By

    wait = _wait(browser)
    browser.get(server + "/?text=Kharkiv&group=country&modality=all")
    kharkiv = client.get("/api/events?text=Kharkiv&modality=all").json()["events"]
    wait.until(lambda d: len(_rows(d)) == len(kharkiv) and _loaded(d))
    assert browser.find_element(By.ID, "f-text").get_attribute("value") == "Kharkiv"
    assert browser.find_element(By.ID, "f-group").get_attribute("value") == "country"
    assert browser.find_element(By.ID, "f-modality").is_selected()
    labels = {t.text for t in browser.find_elements(By.CSS_SELECTOR, "#network .node text")}
    assert {"Ukraine", "Russia"} <= labels  # countries, by name
    csv = browser.find_element(By.ID, "csv").get_attribute("href")
    assert csv.endswith("/api/events.csv?text=Kharkiv&modality=all")

    browser.find_element(By.ID, "f-source").send_keys("UKR")
    browser.find_element(By.ID, "apply").click()
    wait.until(lambda d: "source=UKR" in d.current_url)
    assert "text=Kharkiv" in browser.current_url and "group=country" in browser.current_url

    browser.find_element(By.ID, "clear-filters").click()
    everything = client.get("/api/events?limit=500").json()["events"]
    wait.until(lambda d: len(_rows(d)) == len(everything) and _loaded(d))
    assert browser.current_url == server + "/"
    for field in ("f-text", "f-source"):
        assert browser.find_element(By.ID, field).get_attribute("value") == ""
    assert not browser.find_element(By.ID, "f-modality").is_selected()
    assert browser.find_element(By.ID, "f-group").get_attribute("value") == "actor"
    browser.back()  # the filtered view again, from the URL
    wait.until(lambda d: d.find_element(By.ID, "f-source").get_attribute("value") == "UKR")


def test_an_api_error_replaces_the_results(server, browser):
    from selenium.webdriver.common.by import By

    wait = _wait(browser)
    browser.get(server + "/")
    wait.until(_loaded)
    browser.find_element(By.ID, "f-cameo").send_keys("abc")
    browser.find_element(By.ID, "apply").click()
    wait.until(lambda d: d.find_element(By.ID, "notice").is_displayed())
    notice = browser.find_element(By.ID, "notice")
    assert "error" in notice.get_attribute("class") and "cameo" in notice.text
    assert not _rows(browser) and "request failed" in browser.find_element(By.ID, "events").text
    for chart in ("timeline", "network", "map"):  # no stale drawing under the error
        assert browser.find_elements(By.CSS_SELECTOR, f"#{chart} text.error")
        assert not browser.find_elements(By.CSS_SELECTOR, f"#{chart} rect.bar, #{chart} .node, #{chart} circle.dot")
    browser.find_element(By.ID, "fix-field").click()
    assert browser.switch_to.active_element.get_attribute("id") == "f-cameo"


def test_an_empty_store_says_what_to_do(browser, tmp_path):
    from selenium.webdriver.common.by import By

    from dyad.store import open_store

    with open_store(f"sqlite:///{tmp_path / 'empty.db'}") as empty, serving(empty) as url:
        browser.get(url + "/")
        wait = _wait(browser)
        wait.until(lambda d: d.find_element(By.ID, "notice").is_displayed())
        assert (
            "empty" in browser.find_element(By.ID, "notice").text
            and "dyad ingest" in browser.find_element(By.ID, "notice").text
        )
        wait.until(lambda d: "No events match" in d.find_element(By.ID, "events").text)
        assert "no dated events" in browser.find_element(By.ID, "timeline").text


def test_drawings_are_honest(server, browser):
    """Coarse dates are bands, never bars; no map outline jumps across the date line; a legend."""
    browser.get(server + "/?modality=all&interval=week")
    _wait(browser).until(_loaded)
    bands = browser.execute_script(
        "return [...document.querySelectorAll('#timeline rect.band')].map(r => r.querySelector('title').textContent)"
    )
    assert bands and all("month only" in b or "year only" in b for b in bands)
    widest = browser.execute_script(
        """let worst = 0;
        for (const p of document.querySelectorAll('#map path.land')) {
          for (const sub of p.getAttribute('d').split('M').filter(Boolean)) {
            const xs = sub.replace('Z', '').split('L').map(pt => parseFloat(pt.split(',')[0]));
            for (let i = 1; i < xs.length; i++) worst = Math.max(worst, Math.abs(xs[i] - xs[i - 1]));
          }
        }
        return worst;"""
    )
    assert widest < 360  # half the map's width: nothing crosses it from one edge to the other
    legend = browser.execute_script("return document.querySelector('#map .legend-box').textContent")
    assert "events" in legend and "Goldstein" in legend


def test_usable_at_420_px(server, browser):
    browser.set_window_size(420, 900)
    try:
        browser.get(server + "/")
        _wait(browser).until(_loaded)
        assert browser.execute_script("return window.innerWidth") <= 440
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        width = browser.execute_script("return document.querySelector('#timeline').getBoundingClientRect().width")
        assert width > 300
    finally:
        browser.set_window_size(1366, 1400)


def test_docs_render_offline(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/docs")
    _wait(browser).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".opblock")) >= 9)
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "/api/events" in text and "/api/timeseries" in text
