"""Spark test fixtures: one local[2] SparkSession for the whole run, and a generated corpus.

The Spark tests are skipped, with the reason, when pyspark or Java is missing."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES


def _java_problem() -> str | None:
    java = shutil.which("java") or (
        os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else None
    )
    if not java or not os.path.exists(java):
        return "Java is not installed (Spark needs Java 17)"
    try:
        subprocess.run([java, "-version"], capture_output=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError) as error:
        return f"Java does not run: {error}"
    return None


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'dyad[spark]')")
    problem = _java_problem()
    if problem:
        pytest.skip(problem)
    from dyad.spark.job import session

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = session(
        "local[2]",
        app="dyad-tests",
        conf={
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.shuffle.partitions": "4",
            "spark.default.parallelism": "4",
            "spark.driver.memory": "1g",
        },
    )
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()


def sentences() -> list[str]:
    """The sentences of the fixture texts (one per line, long lines split at '. ')."""
    texts = [
        (FIXTURES / name).read_text(encoding="utf-8")
        for name in ("seed_article.txt", "reuters_story.txt", "eval/story.txt")
    ]
    for path in (FIXTURES / "articles.jsonl", FIXTURES / "eval" / "sentences.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and isinstance(record.get("text"), str):
                texts.append(record["text"])
    found: list[str] = []
    for text in texts:
        for line in text.splitlines():
            for part in re.split(r"(?<=[a-z]\.) (?=[A-Z])", line.strip()):
                if len(part.split()) >= 4 and not part.startswith(("*", "(")):
                    found.append(part)
    return sorted(set(found))


def make_articles(count: int, seed: int = 20221004) -> list[dict]:
    """``count`` short articles recombined from the fixture sentences, with ids and dates (some none)."""
    rng = random.Random(seed)
    pool = sentences()
    days = ["2022-10-03", "2022-10-04", "2022-10-05", "2022-10-06", "2022-09-30"]
    articles = []
    for number in range(count):
        body = rng.sample(pool, rng.randint(2, 5))
        record = {"id": f"gen-{number:04d}", "text": "\n".join(body)}
        if number % 10 != 9:  # every tenth has no date: the __HIVE_DEFAULT_PARTITION__ partition
            record["published"] = days[number % len(days)]
        if number % 3 == 0:
            record["url"] = f"https://news.example/{number}"
            record["source"] = "Example News"
        articles.append(record)
    return articles


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
