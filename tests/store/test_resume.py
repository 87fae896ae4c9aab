"""Lose nothing: `dyad ingest` killed with SIGKILL mid-run, then run again, ends with the rows of a clean run.

The folder ends with a named pipe (``zz.jsonl``) that nobody writes to, so the first run
can never finish: it is killed as soon as its first batch is committed, wherever it is then
(coding, writing, committing, or blocked on the pipe). The pipe is then replaced by a
regular file, and the rerun and a clean run on a fresh database must agree row for row.
"""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from dyad.store import StoreError, open_store, stats
from dyad.store.schema import articles, events, mentions, quarantine
from tests.store.conftest import MINI

PAIRS = [
    ("China", "the United States"),
    ("Russia", "Ukraine"),
    ("Ukraine", "Russia"),
    ("the United States", "China"),
    ("North Korea", "Russia"),
]
DAYS = ["on Monday", "on Tuesday", "last Friday"]
VERBS = ["criticized", "condemned", "praised", "backed"]


@pytest.fixture()
def folder(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for i in range(45):
        a, b = PAIRS[i % len(PAIRS)]
        text = (
            f"Report {i}\n{a} {VERBS[i % len(VERBS)]} {b} {DAYS[i % len(DAYS)]}, officials said. "
            f"The statement was number {i} this week.\n"
        )
        (news / f"f{i:03d}.txt").write_text(text, encoding="utf-8")
    (news / "f010.txt").write_text((news / "f003.txt").read_text())  # a duplicate: skipped
    (news / "m_empty.txt").write_bytes(b"")  # quarantined
    (news / "m_bad.jsonl").write_text('{"id": 1, "text": "x"}\n{oops\n')
    os.mkfifo(news / "zz.jsonl")
    return news


def command(folder, url):
    return [
        sys.executable,
        "-m",
        "dyad.cli.main",
        "ingest",
        str(folder),
        "--db",
        url,
        "--batch-size",
        "10",
        "--processes",
        "1",
        "--published",
        "2022-10-04",
        "--no-progress",
        *MINI,
    ]


def count_articles(url) -> int:
    try:
        with open_store(url, create=False) as store:
            return stats(store)["articles"]
    except StoreError:
        return 0


def fingerprint(url):
    with open_store(url) as store, store.read() as conn:
        return {
            "stats": stats(store),
            "articles": sorted(
                conn.execute(select(articles.c.content_hash, articles.c.input, articles.c.n_mentions)).all()
            ),
            "events": sorted(
                conn.execute(
                    select(
                        events.c.source_code,
                        events.c.target_code,
                        events.c.cameo,
                        events.c.date,
                        events.c.n_mentions,
                        events.c.n_articles,
                        events.c.n_sources,
                    )
                ).all(),
                key=repr,
            ),
            "mentions": sorted(conn.execute(select(mentions.c.event_id, mentions.c.cameo, mentions.c.date)).all()),
            "quarantine": sorted(conn.execute(select(quarantine.c.input, quarantine.c.reason)).all()),
        }


def test_kill_9_then_rerun_equals_a_clean_run(folder, two_dbs):
    killed_url, clean_url = two_dbs
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(command(folder, killed_url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while count_articles(killed_url) < 10:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the first batch was never committed"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert process.returncode == -signal.SIGKILL
    partial = count_articles(killed_url)
    assert 10 <= partial < 45

    (folder / "zz.jsonl").unlink()
    (folder / "zz.jsonl").write_text(
        "".join(
            json.dumps(
                {"id": f"z{i}", "text": f"Russia criticized Ukraine on Monday. Late item {i}.", "source": f"Outlet {i}"}
            )
            + "\n"
            for i in range(5)
        )
    )
    summaries = []
    for url in (killed_url, clean_url):
        done = subprocess.run(command(folder, url), capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 1, done.stderr  # 1: two inputs are quarantined
        summaries.append(done.stderr.splitlines()[-1])
    assert f"{50 - partial} new, {partial + 1} skipped" in summaries[0]  # the stored ones and the duplicate
    assert "51 article(s) read: 50 new, 1 skipped" in summaries[1]
    resumed, clean = fingerprint(killed_url), fingerprint(clean_url)
    assert resumed == clean
    assert clean["stats"]["articles"] == 50 and clean["stats"]["quarantined"] == 2
    assert clean["stats"]["events"] < clean["stats"]["mentions"]  # merges happened across batches
