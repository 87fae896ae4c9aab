import datetime as dt
import multiprocessing
from array import array

import pytest
import yaml

from dyad import cache

DICTIONARY = """\
- code: RUS
  names: [Russia, Russian Federation]
  start: 1991-12-26
  seen: 2022-10-04 12:30:00+03:00
- {code: UKR, flags: !!set {a: null}, blob: !!binary aGk=}
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DYAD_CACHE", raising=False)
    return tmp_path / "cache"


def test_yaml_from_cache_equals_yaml_parsed(folder, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(DICTIONARY, encoding="utf-8")
    parsed = yaml.safe_load(DICTIONARY)
    assert cache.load_yaml(path) == parsed  # parsed, then stored
    assert len(list(folder.glob("yaml-*.marshal"))) == 1
    again = cache.load_yaml(path)  # from the cache
    assert again == parsed
    assert again[0]["start"] == dt.date(1991, 12, 26)
    assert again[0]["seen"] == dt.datetime(2022, 10, 4, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert again[1]["flags"] == {"a"} and again[1]["blob"] == b"hi"


def test_changed_file_is_never_stale(folder, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("- one\n", encoding="utf-8")
    assert cache.load_yaml(path) == ["one"]
    path.write_text("- two\n", encoding="utf-8")
    assert cache.load_yaml(path) == ["two"]
    assert len(list(folder.glob("yaml-*.marshal"))) == 2


def test_bad_yaml_raises_and_caches_nothing(folder, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("- [unclosed\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        cache.load_yaml(path)
    assert not folder.exists() or not list(folder.iterdir())


def test_truncated_file_is_rebuilt(folder):
    cache.write("thing", "k", {"a": [1, 2]})
    (path,) = folder.glob("thing-k.marshal")
    path.write_bytes(path.read_bytes()[:5])
    assert cache.read("thing", "k") is None
    assert cache.cached("thing", "k", lambda: {"a": [3]}) == {"a": [3]}
    assert cache.read("thing", "k") == {"a": [3]}


def test_turned_off(folder, monkeypatch):
    monkeypatch.setenv("DYAD_CACHE", "0")
    assert cache.cache_dir() is None
    cache.write("thing", "k", 1)
    assert cache.read("thing", "k") is None
    assert not folder.exists()


def test_unwritable_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DYAD_CACHE_DIR", str(blocker / "cache"))
    cache.write("thing", "k", 1)
    assert cache.cached("thing", "k", lambda: 2) == 2


def test_pack_round_trip():
    value = {"d": dt.date(2020, 1, 2), "a": array("f", [1.5]), "t": (1, "x"), "l": [dt.datetime(2020, 1, 2, 3)]}
    assert cache.unpack(cache.pack(value)) == value


def test_key_depends_on_every_part():
    assert cache.digest(b"ab", b"c") != cache.digest(b"a", b"bc")
    assert cache.digest("x") == cache.digest(b"x")


def _build_and_read(folder: str, queue) -> None:
    import os

    os.environ["DYAD_CACHE_DIR"] = folder
    big = {str(i): list(range(50)) for i in range(2000)}
    for _ in range(20):
        cache.write("race", "k", big)
        value = cache.read("race", "k")
        queue.put(value is None or value == big)


def test_two_processes_building_at_once_never_read_a_partial_file(folder):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_build_and_read, args=(str(folder), queue)) for _ in range(2)]
    for w in workers:
        w.start()
    results = [queue.get(timeout=60) for _ in range(40)]
    for w in workers:
        w.join()
    assert all(results)
    assert [p.name for p in folder.iterdir()] == ["race-k.marshal"]  # no temporary file left
