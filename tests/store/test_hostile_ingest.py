"""`dyad ingest` of a folder holding a good article beside every hostile input of issue 13:
no traceback, no hang, each bad input quarantined once with its reason, the good article stored."""

from __future__ import annotations

import os
import threading

from dyad.cli.main import main
from dyad.store import open_store, quarantined, stats
from tests.readers.test_hostile import GOOD, warc_bytes


def test_a_folder_of_hostile_inputs_beside_a_good_article(tmp_path, cli_coder, capsys) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(GOOD, encoding="utf-8")
    (news / "deep.jsonl").write_text('{"text": ' + "[" * 5000 + "]" * 5000 + "}\n", encoding="utf-8")
    (news / "surrogate.jsonl").write_text('{"id": "s", "text": "China criticized the \\ud800 US."}\n')
    (news / "nan.jsonl").write_text('{"id": NaN, "text": "Body."}\n')
    os.mkfifo(news / "b.txt")
    os.symlink("/dev/zero", news / "zero.txt")
    os.symlink(news, news / "loop")
    data = warc_bytes(3)
    (news / "cut.warc.gz").write_bytes(data[: len(data) * 2 // 3 + 5])
    db = f"sqlite:///{tmp_path / 'news.db'}"
    status: list[int] = []
    worker = threading.Thread(target=lambda: status.append(main(["ingest", str(news), "--db", db, "--no-progress"])))
    worker.start()
    worker.join(300)
    assert not worker.is_alive(), "ingest hung"
    assert status == [1]  # something was quarantined
    assert "Traceback" not in capsys.readouterr().err
    with open_store(db) as store:
        reasons = {q["input"].replace(str(news), ""): q["reason"] for q in quarantined(store)}
        assert stats(store)["articles"] == 4  # a.txt, the surrogate line, the 2 whole WARC pages
    assert reasons.pop("/deep.jsonl:1") == "JSON nested too deeply (over 64 levels)"
    assert reasons.pop("/nan.jsonl:1") == "'id' must be a finite number (got nan)"
    assert reasons.pop("/b.txt") == "not a regular file (a named pipe)"
    assert reasons.pop("/zero.txt") == "link to a place outside the folder (not followed)"
    [(where, why)] = reasons.items()
    assert where.startswith("/cut.warc.gz@") and "is cut" in why


def test_the_progress_estimate_survives_hostile_folders(tmp_path) -> None:
    from dyad.store.ingest import estimate_items

    news = tmp_path / "news"
    news.mkdir()
    (news / "a.jsonl").write_text('{"text": "One."}\n\n{"text": "Two."}\n', encoding="utf-8")
    os.mkfifo(news / "pipe.jsonl")  # never opened: it would block
    os.symlink(tmp_path, news / "up")  # a walk problem: one quarantined item
    assert estimate_items([str(news)]) == 4
