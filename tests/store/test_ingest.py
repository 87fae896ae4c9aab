"""`dyad ingest` over files and folders, with the real Coder (mini dictionaries): exact rows."""

import io
import json
import re
import shutil
import threading
import time

import pytest
from sqlalchemy import select

from dyad.cli.main import main
from dyad.store import open_store, quarantined, stats
from dyad.store.schema import articles, events, quarantine

PAGE = """<html lang="en"><head><title>{title}</title><meta property="og:site_name" content="{site}"></head>
<body><nav>Home | World | Business</nav><article><h1>{title}</h1>
<p>{body}</p><p>Diplomats at the United Nations said the talks would resume after the weekend.</p>
</article><footer>Copyright 2022</footer></body></html>"""

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire Feed</title><link>https://wire.example</link>
<item><title>China slams US</title><link>https://wire.example/1</link><pubDate>Tue, 04 Oct 2022 10:00:00 GMT</pubDate>
<description>&lt;p&gt;China criticized the United States on Tuesday.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://wire.example/2</link></item>
</channel></rss>"""


def warc_file(path, pages):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body.encode()), http_headers=headers)
            )


@pytest.fixture()
def news(tmp_path):
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Russia vetoes resolution\nRussia vetoed a US resolution on Monday.\n")
    (folder / "sub" / "b.jsonl").write_text(
        json.dumps(
            {
                "id": "b1",
                "text": "Ukraine criticized Russia on Tuesday.",
                "published": "2022-10-04",
                "source": "Kyiv Post",
                "url": "https://kp.example/b1",
            }
        )
        + "\n"
        + json.dumps({"id": "b2", "text": "Russia   vetoes RESOLUTION\nRussia vetoed a US resolution on Monday."})
        + "\n{broken\n"
    )
    (folder / "c.html").write_text(
        PAGE.format(
            title="China slams US",
            site="Daily",
            body=("China criticized the United States on Tuesday over new export controls, officials in Beijing said."),
        )
    )
    (folder / "d.rss").write_text(RSS)
    warc_file(
        folder / "e.warc.gz",
        [
            (
                "https://paper.example/veto",
                "text/html; charset=utf-8",
                PAGE.format(
                    title="North Korea backs Russia",
                    site="Paper",
                    body=(
                        "North Korea praised Russia on Tuesday for its stand at the Security Council, state media said."
                    ),
                ),
            ),
            ("https://paper.example/logo.png", "image/png", "PNG"),
        ],
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.md").write_text("not an input")
    (folder / "broken.xml").write_text("<rss><channel><item><title>x</title>")
    return folder


def ingest(*argv):
    return main(["ingest", *map(str, argv), "--published", "2022-10-04", "--no-progress"])


def event_rows(url):
    with open_store(url) as store, store.read() as conn:
        return sorted(
            (r.source_code, r.target_code or "", r.cameo, r.date, r.n_mentions, r.n_sources)
            for r in conn.execute(select(events))
        )


def test_folder_of_every_kind_exact_rows(db_url, news, cli_coder, capsys):
    assert ingest(news, "--db", db_url) == 1  # inputs were quarantined
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith(
        "dyad: 6 article(s) read: 5 new, 1 skipped (already stored), 4 input(s) quarantined; "
        "5 new event(s) from 9 mention(s) in "
    )
    assert event_rows(db_url) == [
        ("CHN", "USA", "111", "2022-10-04", 4, 2),  # HTML page and RSS item, headline and body: 2 sources
        ("PRK", "RUS", "051", "2022-10-04", 2, 1),  # the WARC record's page (the PNG record is no article)
        ("RUS", "", "129", "2022-10-04", 1, 1),  # a.txt's headline; a .txt has no publisher: its own source
        ("RUS", "USA", "129", "2022-10-03", 1, 1),  # a.txt's body ("on Monday")
        ("UKR", "RUS", "111", "2022-10-04", 1, 1),  # b.jsonl line 1
    ]
    with open_store(db_url) as store, store.read() as conn:
        stored = {r.input: (r.url, r.source) for r in conn.execute(select(articles))}
        problems = {(r.input.replace(str(news), ""), r.reason) for r in conn.execute(select(quarantine))}
    assert stored[f"{news}/e.warc.gz#https://paper.example/veto"] == ("https://paper.example/veto", "Paper")
    assert stored[f"{news}/d.rss#https://wire.example/1"] == ("https://wire.example/1", "Wire Feed")
    assert stored[f"{news}/sub/b.jsonl#b1"] == ("https://kp.example/b1", "Kyiv Post")
    assert f"{news}/sub/b.jsonl#b2" not in stored  # same normalized text as a.txt
    assert problems == {
        ("/broken.xml#1", "feed item has no content or summary"),
        ("/d.rss#https://wire.example/2", "feed item has no content or summary"),
        ("/empty.txt", "empty file"),
        ("/sub/b.jsonl:3", "malformed JSON: Expecting property name enclosed in double quotes (column 2)"),
    }


def test_second_run_adds_nothing(db_url, news, cli_coder, capsys):
    assert ingest(news, "--db", db_url, "--commit-every", "2") == 1
    with open_store(db_url) as store:
        before = stats(store)
    assert ingest(news, "--db", db_url) == 1
    assert "0 new, 6 skipped" in capsys.readouterr().err.splitlines()[-1]
    with open_store(db_url) as store:
        assert stats(store) == before
        assert {q["attempts"] for q in quarantined(store)} == {2}


def test_bad_file_named_explicitly_is_quarantined_and_the_run_goes_on(tmp_path, cli_coder, capsys):
    good = tmp_path / "good.txt"
    good.write_text("China criticized the United States on Tuesday.\n")
    odd = tmp_path / "photo.png"
    odd.write_bytes(b"\x89PNG")
    db = tmp_path / "x.db"
    assert ingest(odd, tmp_path / "missing.txt", good, "--db", db) == 1
    with open_store(db) as store:
        assert stats(store)["articles"] == 1
        reasons = sorted(q["reason"] for q in quarantined(store))
    assert reasons[0] == "no such file" and reasons[1].startswith("unknown input kind '.png'")


def test_watch_ingests_new_files_until_the_time_is_up(tmp_path, cli_coder, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "first.txt").write_text("China criticized the United States on Tuesday.\n")
    db = tmp_path / "w.db"
    done = {}

    def watch():
        done["status"] = main(
            [
                "ingest",
                "--watch",
                str(inbox),
                "--db",
                str(db),
                "--watch-seconds",
                "2.5",
                "--poll",
                "0.2",
                "--published",
                "2022-10-04",
                "--no-progress",
            ]
        )

    thread = threading.Thread(target=watch)
    started = time.monotonic()
    thread.start()
    time.sleep(0.8)
    (inbox / "second.jsonl").write_text(json.dumps({"id": "s", "text": "Russia vetoed a US resolution."}) + "\n")
    (inbox / "ignored.tmp").write_text("partial")
    thread.join(10)
    assert not thread.is_alive() and done["status"] == 0
    assert 2.4 < time.monotonic() - started < 6
    with open_store(db) as store:
        assert stats(store)["articles"] == 2
    assert "2 article(s) read: 2 new" in capsys.readouterr().err


def test_watch_stops_cleanly_on_ctrl_c(tmp_path, cli_coder, capsys, monkeypatch):
    import dyad.store.loop

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(dyad.store.loop, "wait", interrupted)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert main(["ingest", "--watch", str(inbox), "--db", str(tmp_path / "c.db"), "--no-progress"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[-2] == "dyad: stopped" and err[-1].startswith("dyad: 0 article(s) read")


def test_same_url_is_skipped_even_with_new_text(store):
    from dyad.store import Ingester, Item
    from tests.store.conftest import FakeCoder, article

    first = article("u1", "Wire", "2022-10-04", text="First version.", url="https://wire.example/story")
    edited = article("u2", "Wire", "2022-10-04", text="Edited version.", url="https://wire.example/story")
    ingester = Ingester(store, FakeCoder({}), warn=lambda m: None)
    ingester.ingest([Item(location="a", article=first)])
    summary = ingester.ingest([Item(location="b", article=edited)])
    assert (summary.new, summary.skipped) == (1, 1)
    with store.read() as conn:
        assert conn.execute(select(articles.c.article_id)).scalars().all() == ["u1"]


def test_folder_of_bad_inputs_quarantines_each_with_its_reason(tmp_path, cli_coder, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("Russia vetoes resolution\nRussia vetoed a US resolution on Monday.\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes(
        "Ukraine criticized Russia on Tuesday, said the ministry in Kyiv \u2013 caf\xe9.\n".replace(
            "\u2013", "-"
        ).encode("latin-1")
    )
    (folder / "cut.jsonl").write_text(
        '{"id": "x1", "text": "China criticized the United States.", "published": '
        '"2022-10-04"}\n{"id": "x2", "text": "trunc'
    )
    with (folder / "huge.txt").open("w") as handle:  # 50 MB: over the 20 MB limit of one article
        line = "Russia vetoed a resolution. " * 40 + "\n"
        for _ in range(50_000_000 // len(line) + 1):
            handle.write(line)
    db = tmp_path / "mixed.db"
    assert ingest(folder, "--db", db) == 1
    with open_store(f"sqlite:///{db}") as store:
        reasons = {q["input"].replace(str(folder), ""): q["reason"] for q in quarantined(store)}
        counts = stats(store)
    assert reasons["/empty.txt"] == "empty file"
    assert reasons["/image.txt"] == "binary file (not text)"
    assert reasons["/cut.jsonl:2"].startswith("malformed JSON")
    assert reasons["/huge.txt"].startswith("file too large")
    assert "/latin1.txt" not in reasons or "Latin-1" in reasons["/latin1.txt"]
    assert counts["articles"] == 3  # good.txt, latin1.txt (decoded as cp1252), cut.jsonl line 1


def test_missing_input_is_status_2_and_a_missing_one_among_others_is_quarantined(tmp_path, cli_coder, capsys):
    assert ingest(tmp_path / "nosuch", "--db", tmp_path / "n.db") == 2
    assert capsys.readouterr().err.strip().endswith(f"{tmp_path / 'nosuch'}: no such file or folder")
    assert not (tmp_path / "n.db").exists()


def test_progress_estimate_counts_articles_before_reading_them(tmp_path):
    from dyad.store.ingest import estimate_items

    (tmp_path / "a.txt").write_text("One.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text('{"id": 1}\n\n{"id": 2}\n{"id": 3}\n')
    assert estimate_items([str(tmp_path)]) == 4
    assert estimate_items([str(tmp_path / "a.txt"), "-"]) is None


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a pseudo-terminal")
def test_ingest_on_a_terminal_shows_a_bar_with_a_total_and_stores_everything(tmp_path):
    """On a pseudo-terminal (script -qc) the progress bar has a total and an ETA, and every article is stored."""
    import os
    import shlex
    import subprocess
    import sys

    from tests.store.conftest import MINI

    folder = tmp_path / "tty"
    folder.mkdir()
    for i in range(3):
        (folder / f"s{i}.txt").write_text(f"Story {i}\nRussia criticized Ukraine on Monday, report {i} said.\n")
    db = tmp_path / "tty.db"
    argv = [sys.executable, "-m", "dyad.cli.main", "ingest", str(folder), "--db", str(db), "--processes", "1", *MINI]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "100"}
    done = subprocess.run(
        ["script", "-qec", shlex.join(argv), "/dev/null"], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout
    assert re.search(r"3/3 \[[0-9:]+<[0-9:]+", done.stdout), done.stdout  # a total, elapsed<remaining
    with open_store(db) as store:
        assert stats(store)["articles"] == 3


def test_all_batches_go_to_the_coder_as_one_stream(store):
    """The coder's workers never wait at the end of a batch: one code_many call for the run,
    and each batch still commits whole, in input order."""
    from dyad.store import Ingester, Item
    from tests.store.conftest import FakeCoder, article

    calls, written = [], []

    class Streaming(FakeCoder):
        def code_many(self, articles):
            calls.append(True)
            yield from super().code_many(articles)

    ingester = Ingester(store, Streaming({}), commit_every=2, warn=lambda m: None, progress=written.append)
    items = [Item(f"a{i}", article=article(f"a{i}", "Wire", "2022-10-04")) for i in range(5)]
    summary = ingester.ingest(items)
    assert calls == [True] and written == [2, 2, 1]
    assert (summary.read, summary.new) == (5, 5)


def test_a_coder_failing_mid_stream_loses_no_article(store):
    """Results already given are kept; the articles read and not yet coded are coded one at a
    time (the failing one quarantined), and the stream goes on with the rest of the input."""
    from dyad.store import Ingester, Item
    from tests.store.conftest import FakeCoder, article

    class FailsOnBoom(FakeCoder):
        def code_many(self, articles):
            for item in articles:
                if "BOOM" in item.text:
                    raise RuntimeError("parser crashed")
                yield from super().code_many([item])

    texts = ["one", "two", "BOOM", "four", "five", "six"]
    items = [
        Item(f"a{i}", article=article(f"a{i}", "Wire", "2022-10-04", text=f"Story {text}."))
        for i, text in enumerate(texts)
    ]
    lines: list[str] = []
    summary = Ingester(store, FailsOnBoom({}), commit_every=2, warn=lines.append).ingest(items)
    assert (summary.read, summary.new, summary.quarantined) == (6, 5, 1)
    assert lines == ["a2: could not be coded: RuntimeError: parser crashed (quarantined)"]


def test_a_failing_write_is_not_taken_for_a_coder_failure(store, monkeypatch):
    """A write that fails stops the run with its error; the articles are not coded again one by one."""
    import dyad.store.writer
    from dyad.store import Ingester, Item, StoreError
    from tests.store.conftest import FakeCoder, article

    calls = []

    class Counting(FakeCoder):
        def code_many(self, articles):
            calls.append(True)
            yield from super().code_many(articles)

    def refuse(*args, **kwargs):
        raise StoreError("database is locked")

    monkeypatch.setattr(dyad.store.writer, "write_results", refuse)
    items = [Item(f"a{i}", article=article(f"a{i}", "Wire", "2022-10-04")) for i in range(3)]
    with pytest.raises(StoreError):
        Ingester(store, Counting({}), commit_every=1, warn=lambda m: None).ingest(items)
    assert calls == [True]
