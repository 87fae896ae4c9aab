"""Hostile inputs beside a good article: each is one problem naming it, never a hang or a
traceback, and the good article is still read."""

from __future__ import annotations

import gzip
import io
import json
import os
import socket
import threading
from pathlib import Path

import pytest

from dyad.readers import Item, read_file, read_inputs
from dyad.readers.base import read_bounded
from dyad.readers.walk import FolderWatcher, walk
from dyad.readers.warc import warc_items

GOOD = "Russia vetoes resolution\nRussia vetoed a US resolution on Monday.\n"


def read_all(*paths: Path | str, seconds: float = 20.0) -> list[tuple[str, str]]:
    """(location relative to the test folder, "article" or the problem) of every item; fails on a hang."""
    found: list[Item] = []
    worker = threading.Thread(target=lambda: found.extend(read_inputs(paths)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading hung"
    return [(Path(i.location).name, "article" if i.article else str(i.problem)) for i in found]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(GOOD, encoding="utf-8")
    return news


def test_fifo_named_txt_is_skipped_not_waited_for(folder: Path) -> None:
    os.mkfifo(folder / "b.txt")
    assert read_all(folder) == [("a.txt", "article"), ("b.txt", "not a regular file (a named pipe)")]
    assert read_all(folder / "b.txt") == [("b.txt", "not a regular file (a named pipe)")]


def test_dev_zero_linked_as_txt_is_not_read(folder: Path) -> None:
    os.symlink("/dev/zero", folder / "zero.txt")
    assert read_all(folder / "zero.txt") == [("zero.txt", "not a regular file (a character device)")]
    # in the folder the link leads outside it, so it is not even followed
    assert read_all(folder) == [("a.txt", "article"), ("zero.txt", "link to a place outside the folder (not followed)")]


def test_socket_named_txt_is_skipped(tmp_path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.txt"))
        assert read_all(tmp_path / "s.txt") == [("s.txt", "not a regular file (a socket)")]
    finally:
        server.close()


def test_link_loops_end_and_each_file_is_read_once(folder: Path) -> None:
    os.symlink(folder, folder / "again")  # a folder loop
    os.symlink("self.txt", folder / "self.txt")  # a link to itself
    os.symlink("a.txt", folder / "same.txt")  # a second way to a.txt
    assert read_all(folder) == [
        ("a.txt", "article"),
        ("self.txt", "cannot read: Too many levels of symbolic links"),
    ]


def test_link_out_of_the_folder_is_not_followed(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "x.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(outside, folder / "out")
    assert read_all(folder) == [("a.txt", "article"), ("out", "link to a place outside the folder (not followed)")]


def test_unreadable_and_vanished_folders_do_not_end_the_walk(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("locked", "gone"):
        (folder / name).mkdir()
        (folder / name / "x.txt").write_text(GOOD, encoding="utf-8")
    (folder / "z.txt").write_text(GOOD.replace("Monday", "Tuesday"), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # as root, chmod 000 does not stop us: refuse by hand
        name = Path(path).name
        if name == "locked":
            raise PermissionError(13, "Permission denied")
        if name == "gone":
            raise FileNotFoundError(2, "No such file or directory")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert read_all(folder) == [
        ("a.txt", "article"),
        ("locked", "cannot list folder: permission denied"),
        ("z.txt", "article"),
    ]


def test_the_watcher_reports_a_walk_problem_once(folder: Path, tmp_path: Path) -> None:
    os.symlink(tmp_path, folder / "up")
    watcher = FolderWatcher(folder)
    assert watcher.scan() == [] and watcher.scan() == [folder / "a.txt"]
    assert [i.problem for i in watcher.take_problems()] == ["link to a place outside the folder (not followed)"]
    watcher.scan()
    assert watcher.take_problems() == []
    assert [p for p in walk(folder) if isinstance(p, Path)] == [folder / "a.txt"]


def lines_file(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_deeply_nested_json_line_is_one_problem(tmp_path: Path) -> None:
    deep = '{"id": "deep", "text": ' + "[" * 5000 + "]" * 5000 + "}"
    path = lines_file(tmp_path / "a.jsonl", deep, json.dumps({"id": "ok", "text": GOOD}))
    assert read_all(path) == [("a.jsonl:1", "JSON nested too deeply (over 64 levels)"), ("a.jsonl#ok", "article")]
    brackets_in_text = json.dumps({"id": "s", "text": "[" * 5000})  # inside a string they are no nesting
    assert read_all(lines_file(tmp_path / "b.jsonl", brackets_in_text)) == [("b.jsonl#s", "article")]


def test_lone_surrogates_are_replaced(tmp_path: Path) -> None:
    path = lines_file(tmp_path / "a.jsonl", '{"id": "x\\udc00", "title": "T\\ud800", "text": "Russia \\ud800 vetoed."}')
    [item] = read_file(path)
    assert item.article is not None
    assert (item.article.id, item.article.title, item.article.text) == ("x\ufffd", "T\ufffd", "Russia \ufffd vetoed.")
    item.article.model_dump_json().encode("utf-8")  # no UnicodeEncodeError anywhere downstream


@pytest.mark.parametrize(
    ("raw_id", "problem"),
    [
        ("NaN", "'id' must be a finite number (got nan)"),
        ("1e400", "'id' must be a finite number (got inf)"),
        ("-Infinity", "'id' must be a finite number (got -inf)"),
        ("true", "'id' must be a string or a number"),
        ("9" * 5000, "malformed JSON: Exceeds the limit (4300 digits) for integer string conversion: value has "),
    ],
)
def test_ids_that_name_no_article(tmp_path: Path, raw_id: str, problem: str) -> None:
    path = lines_file(tmp_path / "a.jsonl", f'{{"id": {raw_id}, "text": "Body."}}', '{"id": 2, "text": "Body."}')
    [bad, good] = read_all(path)
    assert bad[0] == "a.jsonl:1" and bad[1].startswith(problem)
    assert good == ("a.jsonl#2", "article")


def warc_bytes(pages: int) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for n in range(pages):
        body = (
            f"<html><body><article><p>{'Russia vetoed a US resolution on Monday. ' * 20}{n}</p></article></body></html>"
        )
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        writer.write_record(
            writer.create_warc_record(
                f"https://x.example/{n}", "response", payload=io.BytesIO(body.encode()), http_headers=headers
            )
        )
    return out.getvalue()


def test_truncated_warc_names_the_cut_record(tmp_path: Path) -> None:
    data = warc_bytes(5)
    whole = [(i.location, i.problem) for i in warc_items(io.BytesIO(data), "c.warc.gz")]
    assert len(whole) == 5 and all(problem is None for _, problem in whole)
    ends = _record_ends(data)
    for cut in (len(data) * n // 50 for n in range(1, 50)):
        items = list(warc_items(io.BytesIO(data[:cut]), "c.warc.gz"))
        problems = [i for i in items if i.problem]
        assert len(problems) <= 1
        if problems:
            assert problems[0].location.startswith("c.warc.gz@")
            assert problems[0].problem.startswith(("file ends early: record at byte ", "bad WARC file: record at "))
        else:  # silent only when nothing was cut: between two records, or in a gzip trailer (8 bytes)
            assert len(items) == sum(1 for end in ends if end <= cut + 8)


def _record_ends(data: bytes) -> set[int]:
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(io.BytesIO(data))
    ends = {records.offset for _ in records}  # each record starts where the one before ends
    return (ends | {records.offset}) - {0}


def test_truncated_warc_file_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    data = warc_bytes(5)
    path = tmp_path / "c.warc.gz"
    path.write_bytes(data[: len(data) * 3 // 5 + 7])  # 7 bytes into the fourth record
    found = list(read_file(path))
    assert [i.article.url for i in found[:-1] if i.article] == [f"https://x.example/{n}" for n in range(3)]
    assert found[-1].location.startswith(f"{path}@") and "is cut" in str(found[-1].problem)


def test_a_cut_gzipped_jsonl_reports_the_cut(tmp_path: Path) -> None:
    data = gzip.compress(b'{"id": "a", "text": "First."}\n' * 200)
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    found = read_all(path)
    assert found[-1][0] == "a.jsonl.gz" and found[-1][1].startswith("cannot read: Compressed file ended")


class Counting(io.BytesIO):
    """Bytes that count what was read from them."""

    taken = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.taken += len(data)
        return data


def test_reads_stop_at_the_limit() -> None:
    stream = Counting(b"x" * 5_000_000)
    with pytest.raises(ValueError, match=r"file too large \(> limit 1 MB\)"):
        read_bounded(stream, 1.0)
    assert stream.taken == 1_000_001
