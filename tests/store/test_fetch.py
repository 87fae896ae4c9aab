"""`dyad ingest --feed URL`: a polite poller, tested against a local HTTP server on 127.0.0.1."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dyad.cli.main import main
from dyad.readers.fetch import USER_AGENT, Fetcher, FetchError
from dyad.store import open_store, quarantined, stats
from tests.store.test_ingest import PAGE, event_rows

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def rss(base, links):
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><pubDate>Tue, 04 Oct 2022 10:00:00 GMT</pubDate></item>"
        for path, title in links
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>{items}</channel></rss>'


class Server:
    """Serves fixture feeds and pages; records every request (path, user agent, time)."""

    def __init__(self):
        self.log: list[tuple[str, str, float]] = []
        self.flaky = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.log.append((self.path, self.headers.get("User-Agent"), time.monotonic()))
                status, ctype, body = outer.answer(self.path)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, path):
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain", ROBOTS.encode()
        if path == "/feed.xml":
            return (
                200,
                "application/rss+xml",
                rss(
                    self.base,
                    [
                        ("/news/veto.html", "Russia vetoes"),
                        ("/news/slam.html", "China slams US"),
                        ("/news/slow.html", "Slow page"),
                        ("/news/fail.html", "Failing page"),
                        ("/private/secret.html", "Disallowed"),
                        ("/news/gone.html", "Gone"),
                        ("/news/flaky.html", "Flaky page"),
                    ],
                ).encode(),
            )
        if path == "/bad.xml":
            return 200, "application/rss+xml", b"\x00\x01 this is not <xml at all"
        if path == "/news/veto.html":
            return (
                200,
                html,
                PAGE.format(
                    title="Russia vetoes",
                    site="Local Wire",
                    body=("Russia vetoed a US resolution on Monday after a long debate in New York."),
                ).encode(),
            )
        if path == "/news/slam.html":
            return (
                200,
                html,
                PAGE.format(
                    title="China slams US",
                    site="Local Wire",
                    body=("China criticized the United States on Tuesday over new export controls."),
                ).encode(),
            )
        if path == "/news/flaky.html":
            self.flaky += 1
            if self.flaky == 1:
                return 503, "text/plain", b"try again"
            return (
                200,
                html,
                PAGE.format(
                    title="Ukraine condemns Russia",
                    site="Local Wire",
                    body=("Ukraine condemned Russia on Tuesday after a night of strikes on the capital."),
                ).encode(),
            )
        if path == "/news/slow.html":
            time.sleep(1.5)
            return 200, html, b"<html>too late</html>"
        if path == "/news/fail.html":
            return 500, "text/plain", b"boom"
        return 404, "text/plain", b"not found"

    def paths(self):
        return [path for path, _, _ in self.log]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server():
    running = Server()
    yield running
    running.close()


def poll(db, *feeds, rate="0.05"):
    argv = [
        "ingest",
        "--db",
        str(db),
        "--timeout",
        "0.5",
        "--retries",
        "1",
        "--backoff",
        "0.05",
        "--rate",
        rate,
        "--no-progress",
    ]
    for feed in feeds:
        argv += ["--feed", feed]
    return main(argv)


def test_feed_poll_fetches_new_articles_and_quarantines_the_rest(db_url, server, cli_coder, capsys):
    assert poll(db_url, f"{server.base}/feed.xml", f"{server.base}/bad.xml") == 1  # some items quarantined
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .startswith("dyad: 3 article(s) read: 3 new, 0 skipped (already stored), 5 input(s) quarantined; ")
    )
    assert event_rows(db_url) == [
        ("CHN", "USA", "111", "2022-10-04", 2, 1),
        ("RUS", "", "129", "2022-10-04", 1, 1),
        ("RUS", "USA", "129", "2022-10-03", 1, 1),
        ("UKR", "RUS", "111", "2022-10-04", 2, 1),  # the page that answered 503 first, then 200
    ]
    with open_store(db_url) as store:
        problems = {q["input"].replace(server.base, ""): (q["reason"], q["retry"]) for q in quarantined(store)}
    assert problems == {
        "/news/slow.html": ("timed out after 0.5 s (2 tries)", True),
        "/news/fail.html": ("HTTP 500 (2 tries)", True),
        "/news/gone.html": ("HTTP 404", False),
        "/private/secret.html": ("disallowed by robots.txt", False),
        "/bad.xml": ("malformed feed: line 2: not well-formed (invalid token)", True),
    }
    assert "/private/secret.html" not in server.paths()
    assert {agent for _, agent, _ in server.log} == {USER_AGENT}
    assert server.paths().count("/robots.txt") == 1 and server.paths().count("/news/flaky.html") == 2

    # the next poll fetches only what may have changed: the feeds and the pages that failed for now
    server.log.clear()
    assert poll(db_url, f"{server.base}/feed.xml") == 1  # the pages that failed for now fail again
    assert sorted(server.paths()) == [
        "/feed.xml",
        "/news/fail.html",
        "/news/fail.html",
        "/news/slow.html",
        "/news/slow.html",
        "/robots.txt",
    ]
    assert "0 new, 3 skipped" in capsys.readouterr().err.splitlines()[-1]
    with open_store(db_url) as store:
        assert stats(store)["articles"] == 3


def test_rate_limit_per_host(server):
    # The waits are recorded, not slept, and the interval is long: the server's clock would
    # make this test fail whenever a loaded machine delays one request more than the next.
    waits = []
    fetcher = Fetcher(timeout=2, retries=0, min_interval=30, sleep=waits.append)
    for _ in range(3):
        fetcher.get(f"{server.base}/news/veto.html")
    assert len(server.log) == 4  # robots.txt, then the page three times
    assert len(waits) == 3 and all(25 < wait <= 30 for wait in waits)


def test_retries_back_off_and_give_up(server):
    slept = []
    fetcher = Fetcher(timeout=2, retries=3, backoff=0.5, min_interval=0, sleep=slept.append)
    with pytest.raises(FetchError, match=r"HTTP 500 \(4 tries\)") as failure:
        fetcher.get(f"{server.base}/news/fail.html")
    assert failure.value.retry and [s for s in slept if s >= 0.5] == [0.5, 1.0, 2.0]


def test_unreachable_host_is_quarantined_not_fatal(tmp_path, cli_coder, capsys):
    assert poll(tmp_path / "x.db", "http://127.0.0.1:1/feed.xml") == 1  # quarantined, not fatal
    with open_store(tmp_path / "x.db") as store:
        [problem] = quarantined(store)
    assert problem["input"] == "http://127.0.0.1:1/feed.xml" and problem["reason"].startswith("feed: ")


def test_every_polls_again_until_the_time_is_up(tmp_path, server, cli_coder, capsys):
    argv = [
        "ingest",
        "--db",
        str(tmp_path / "e.db"),
        "--feed",
        f"{server.base}/bad.xml",
        "--every",
        "0.005",
        "--watch-seconds",
        "1",
        "--rate",
        "0",
        "--no-progress",
    ]
    started = time.monotonic()
    assert main(argv) == 1  # bad.xml quarantined
    assert 0.9 < time.monotonic() - started < 3
    assert 3 <= server.paths().count("/bad.xml") <= 5
    with open_store(tmp_path / "e.db") as store:
        [problem] = quarantined(store)
    assert problem["attempts"] == server.paths().count("/bad.xml")
