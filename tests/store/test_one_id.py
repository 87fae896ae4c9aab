"""One article id: the same story through `dyad code`, standard input, JSON Lines, `dyad ingest`
and POST /api/articles gets one id, and the store keeps it once."""

from __future__ import annotations

import io
import json
import sys

from fastapi.testclient import TestClient

from dyad.cli.main import main
from dyad.readers import article_id, read_inputs
from dyad.store import Ingester, open_store, stats
from dyad.web.app import create_app

TITLE = "China criticizes United States"
BODY = "China criticized the United States on Tuesday.\nThe talks ended early."
ID = article_id(BODY, TITLE)
TOKEN = "one-id-token"


def code_ids(capsys, *argv: str) -> set[str]:
    assert main(["code", *argv, "--published", "2022-10-04", "--no-progress"]) == 0
    return {json.loads(line)["article_id"] for line in capsys.readouterr().out.splitlines()}


def test_the_id_is_the_text_and_title_however_they_come() -> None:
    assert ID == article_id(f"{TITLE}\n{BODY}") == article_id(f"\ufeff{TITLE}\r\n{BODY}\r\n", TITLE)
    assert article_id(f"{TITLE}\n{BODY}", f"  {TITLE} ") == ID  # the title's spacing does not count
    assert article_id(BODY) != ID  # without its headline it is another text
    assert article_id("x\ud800y") == article_id("x\ufffdy")  # a lone surrogate never fails the hash


def test_code_stdin_jsonl_ingest_and_post_give_one_id_and_one_row(tmp_path, capsys, monkeypatch, cli_coder) -> None:
    story = tmp_path / "story.txt"
    story.write_text(f"{TITLE}\n{BODY}\n", encoding="utf-8")
    lines = tmp_path / "story.jsonl"
    lines.write_text(
        json.dumps({"title": TITLE, "text": BODY}) + "\n" + json.dumps({"text": f"{TITLE}\r\n{BODY}"}) + "\n",
        encoding="utf-8",
    )
    assert code_ids(capsys, str(story)) == {ID}
    assert code_ids(capsys, str(lines)) == {ID}
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{TITLE}\r\n{BODY}".encode())))
    assert code_ids(capsys, "-") == {ID}

    with open_store(f"sqlite:///{tmp_path / 'one.db'}") as store:
        summary = Ingester(store, cli_coder, warn=lambda m: None).ingest(read_inputs([story, lines]))
        assert (summary.new, summary.skipped) == (1, 2)
        client = TestClient(create_app(store, token=TOKEN, coder_factory=lambda: cli_coder))
        posted = client.post(
            "/api/articles",
            json={"title": TITLE, "text": BODY, "published": "2022-10-04"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert posted.status_code == 200, posted.text  # 200: nothing new stored
        assert posted.json()["articles"][0]["article_id"] == ID
        assert posted.json()["summary"]["skipped"] == 1
        assert stats(store)["articles"] == 1
