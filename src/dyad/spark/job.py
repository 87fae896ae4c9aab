"""The dyad Spark job: news files in, Parquet event tables (and optionally a dyad store) out.

    spark-submit [spark options] dyad/spark/job.py INPUT... OUTPUT [--partitions N] [--model NAME]
                 [--actors FILE]... [--verbs FILE]... [--db URL] [--published YYYY-MM-DD]
    dyad spark INPUT OUTPUT [same options] [--master local[2]]

Stages: list the input files (:mod:`dyad.spark.io`) → raw units (JSON Lines lines, WARC
pages) → ``repartition(N)`` → ``mapPartitions``: parse each unit into an Article and code the
articles with the same :class:`dyad.pipeline.Coder` as ``dyad code`` (one Coder per executor
Python process, created at its first partition and kept in a module-level cache for the next
ones) → the coded articles are persisted once and written as the Parquet tables ``events/``,
``quotes/``, ``articles/`` (partitioned by the article's publication date, ``published``) and
``quarantine/`` (inputs that are no article or could not be coded: a bad article never fails
the job). The tables are written to a temporary folder and moved into OUTPUT when all are
written, so a re-run replaces the output and a failed run leaves the previous one as it was.

With ``--db`` the coded articles are then stored in a dyad store by
:func:`dyad.store.writer.write_results`, the write path of ``dyad ingest`` (same duplicate
rules: an article already stored — same URL or same normalized text — is skipped, so a
re-run adds nothing), one store connection per partition; the articles are not coded again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyad.readers import SUFFIXES
from dyad.spark import io
from dyad.spark.io import JobError

if TYPE_CHECKING:  # the driver never needs the pipeline itself
    from dyad.pipeline import Coder, Result

# A coded unit: (input location, publication date, Result or None, quarantine reason or None, stage)
Coded = tuple[str, "dt.date | None", "Result | None", "str | None", str]

CHUNK = 256  # articles parsed, then coded, at a time in a partition


@dataclass(frozen=True)
class CoderSpec:
    """What an executor needs to build the Coder: config values, and the dictionary files
    shipped with ``SparkContext.addFile`` (by file name)."""

    config: tuple[tuple[str, Any], ...]
    actor_files: tuple[str, ...] = ()
    verb_files: tuple[str, ...] = ()

    def key(self) -> str:
        return json.dumps([self.config, self.actor_files, self.verb_files], default=str)


@dataclass
class JobOptions:
    """Options of one run (see :func:`add_arguments` for their meaning)."""

    inputs: list[str]
    output: str
    partitions: int | None = None
    model: str | None = None
    actors: list[str] = field(default_factory=list)
    verbs: list[str] = field(default_factory=list)
    config: str | None = None
    published: dt.date | None = None
    max_mb: float = 20.0
    db: str | None = None
    window: int | None = None
    batch_size: int = 256


@dataclass
class JobSummary:
    """What a run did."""

    files: int = 0
    articles: int = 0
    events: int = 0
    quotes: int = 0
    quarantined: int = 0
    partitions: int = 0
    seconds: float = 0.0
    stale_removed: int = 0
    db: dict[str, float] | None = None

    def line(self) -> str:
        text = (
            f"{self.files} file(s), {self.articles} article(s) coded into {self.events} event(s) and "
            f"{self.quotes} quote(s); {self.quarantined} input(s) quarantined; "
            f"{self.partitions} partition(s), {self.seconds:.1f} s"
        )
        if self.db is not None:
            text += (
                f"; store: {self.db.get('new', 0):.0f} new article(s), {self.db.get('skipped', 0):.0f} "
                f"skipped, {self.db.get('events_new', 0):.0f} new event(s)"
            )
        return text


# ---------------------------------------------------------------- executor side

_CODERS: dict[str, Coder] = {}
CODERS_CREATED = 0  # in this process: a test and the bench read it


def coder_for(spec: CoderSpec) -> Coder:
    """The Coder of this process for ``spec``: built at the first call, then reused."""
    global CODERS_CREATED
    key = spec.key()
    coder = _CODERS.get(key)
    if coder is None:
        from dyad.config import Config
        from dyad.pipeline import Coder

        shipped = _shipped_paths
        config = Config(**dict(spec.config), actor_files=shipped(spec.actor_files), verb_files=shipped(spec.verb_files))
        coder = _CODERS[key] = Coder(config)
        CODERS_CREATED += 1
    return coder


def _shipped_paths(names: Iterable[str]) -> list[str]:
    names = list(names)
    if not names:
        return []
    from pyspark import SparkFiles

    return [SparkFiles.get(name) for name in names]


def code_partition(spec: CoderSpec, max_mb: float, units: Iterable[io.Unit]) -> Iterator[Coded]:
    """Parse and code one partition's units, :data:`CHUNK` articles at a time, in order."""
    from dyad.chunks import chunked
    from dyad.store.ingest import code_safely

    for chunk in chunked(units, CHUNK):
        parsed = []
        for unit in chunk:
            where, article, problem = io.parse_unit(unit, max_mb)
            if article is not None:
                parsed.append((where, article))
            elif problem is not None:
                yield (where, None, None, problem, "read")
        if parsed:
            coder = coder_for(spec)
            for (where, article), result in zip(parsed, code_safely(coder, [a for _, a in parsed], processes=1)):
                reason = f"could not be coded: {result.error}" if result.error else None
                yield (where, article.published, result, reason, "code")


# ---------------------------------------------------------------- rows of the tables


def event_rows(schema: Any, coded: Coded) -> Iterator[tuple]:
    where, published, result, reason, _ = coded
    if result is not None and reason is None:
        for event in result.events:
            yield io.to_row({**event.model_dump(), "published": published}, schema)


def quote_rows(schema: Any, coded: Coded) -> Iterator[tuple]:
    where, published, result, reason, _ = coded
    if result is not None and reason is None:
        for quote in result.quotes:
            yield io.to_row({**quote.model_dump(), "published": published}, schema)


def article_rows(schema: Any, coded: Coded) -> Iterator[tuple]:
    from dyad.pipeline import article_record

    where, published, result, reason, _ = coded
    if result is not None and reason is None:
        record = article_record(result).model_dump(exclude={"events", "quotes"})
        yield io.to_row(
            {**record, "event_count": len(result.events), "quote_count": len(result.quotes), "input": where}, schema
        )


def quarantine_rows(schema: Any, coded: Coded) -> Iterator[tuple]:
    where, _, _, reason, stage = coded
    if reason is not None:
        yield (where, reason, stage)


def _counts(coded: Coded) -> tuple[int, int, int, int]:
    _, _, result, reason, _ = coded
    if reason is not None:
        return (0, 0, 0, 1)
    return (1, len(result.events), len(result.quotes), 0)


SORT = {
    "events": ("article_id", "sentence_index", "event_id"),
    "quotes": ("article_id", "quote_id"),
    "articles": ("article_id", "input"),
    "quarantine": ("input", "reason"),
}


def _write(spark: Any, rdd: Any, schema: Any, path: str, table: str, rows: int) -> None:
    """Write one table; partitioned by ``published`` unless it is the quarantine or empty (an
    empty partitioned table would have no file to carry its schema)."""
    frame = spark.createDataFrame(rdd, schema)
    if table != "quarantine" and rows:
        frame.repartition("published").sortWithinPartitions(*SORT[table]).write.mode("overwrite").partitionBy(
            "published"
        ).parquet(path)
    else:
        frame.coalesce(1).sortWithinPartitions(*SORT[table]).write.mode("overwrite").parquet(path)


# ---------------------------------------------------------------- loading a store


def load_partition(url: str, window: int | None, commit_every: int, coded: Iterable[Coded]) -> Iterator[dict]:
    """Store one partition's coded articles in the store at ``url`` with
    :func:`dyad.store.writer.write_results` (``commit_every`` per transaction); yields its counts."""
    from dyad.chunks import chunked
    from dyad.store import DEFAULT_WINDOW, open_store
    from dyad.store.writer import Coded as ToStore
    from dyad.store.writer import write_results

    totals = dict.fromkeys(("read", "new", "skipped", "quarantined", "events_new", "mentions"), 0)
    store = open_store(url)
    try:
        for chunk in chunked(coded, commit_every):
            batch = [
                ToStore(where, problem=reason, stage=stage) if result is None else ToStore(where, result=result)
                for where, _, result, reason, stage in chunk
            ]
            tally = write_results(store, batch, window=window if window is not None else DEFAULT_WINDOW)
            totals["read"] += tally.new + tally.skipped
            for key in ("new", "skipped", "quarantined", "events_new", "mentions"):
                totals[key] += getattr(tally, key)
    finally:
        store.close()
    yield totals


def absolute_db(url: str) -> str:
    """A SQLite URL or path made absolute (executors may not share the driver's folder)."""
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        return f"sqlite:///{Path(url[len('sqlite:///') :]).resolve()}"
    return url


# ---------------------------------------------------------------- driver side


def coder_spec(sc: Any, options: JobOptions) -> CoderSpec:
    """Validate the configuration on the driver and ship the dictionary files to the executors."""
    from dyad.config import load_config

    config = load_config(
        options.config,
        model=options.model,
        processes=1,
        actor_files=[*options.actors] or None,
        verb_files=[*options.verbs] or None,
    )
    names: dict[str, Path] = {}
    for path in (*config.actor_files, *config.verb_files):
        if not path.is_file():
            raise JobError(f"{path}: no such dictionary file")
        if path.name in names and names[path.name] != path.resolve():
            raise JobError(f"{path}: two dictionary files named {path.name} (names must differ)")
        if path.name not in names:
            sc.addFile(str(path.resolve()))
            names[path.name] = path.resolve()
    values = config.model_dump(exclude={"actor_files", "verb_files"})
    return CoderSpec(
        tuple(sorted(values.items())),
        tuple(p.name for p in config.actor_files),
        tuple(p.name for p in config.verb_files),
    )


def run(spark: Any, options: JobOptions) -> JobSummary:
    """Run the job on an open SparkSession; raises :class:`JobError` when it cannot run."""
    from pyspark import StorageLevel

    started = time.monotonic()
    sc = spark.sparkContext
    spec = coder_spec(sc, options)
    out = io.Output(spark, options.output)
    summary = JobSummary(stale_removed=len(out.clean_stale()))
    lines, whole = io.list_inputs(spark, options.inputs)
    if not lines and not whole:
        raise JobError(f"{', '.join(options.inputs)}: no input files ({', '.join(SUFFIXES)})")
    summary.files = len(lines) + len(whole)
    summary.partitions = options.partitions or sc.defaultParallelism * 4
    units = io.read_units(sc, lines, whole, options.published, options.max_mb).repartition(summary.partitions)
    max_mb = options.max_mb
    coded = units.mapPartitions(lambda part: code_partition(spec, max_mb, part)).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        zero = (0, 0, 0, 0)
        counts = coded.map(_counts).fold(zero, lambda a, b: tuple(x + y for x, y in zip(a, b)))
        summary.articles, summary.events, summary.quotes, summary.quarantined = counts
        sizes = {
            "events": summary.events,
            "quotes": summary.quotes,
            "articles": summary.articles,
            "quarantine": summary.quarantined,
        }
        makers = {"events": event_rows, "quotes": quote_rows, "articles": article_rows, "quarantine": quarantine_rows}
        schemas = io.schemas()
        try:
            for table in io.TABLES:
                schema, make = schemas[table], makers[table]
                rows = coded.flatMap(lambda c, schema=schema, make=make: make(schema, c))
                _write(spark, rows, schema, out.staging(table), table, sizes[table])
            out.commit()
        except BaseException:
            out.abort()
            raise
        if options.db:
            from dyad.store import open_store

            url = absolute_db(options.db)
            open_store(url).close()  # create and migrate once, before the executors connect
            window, batch = options.window, options.batch_size
            parts = coded.mapPartitions(lambda part: load_partition(url, window, batch, part)).collect()
            total: dict[str, float] = {}
            for part in parts:
                for key, value in part.items():
                    total[key] = total.get(key, 0) + value
            summary.db = total
    finally:
        coded.unpersist()
    summary.seconds = time.monotonic() - started
    return summary


def session(master: str | None = None, app: str = "dyad", conf: dict[str, str] | None = None) -> Any:
    """A SparkSession: ``master`` if given, else spark-submit's, else ``local[*]``. In local
    mode the workers run this Python (so they import this dyad)."""
    from pyspark.sql import SparkSession

    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit
        master = "local[*]"
    if master and master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def add_arguments(parser: argparse.ArgumentParser, *, config: bool = False) -> None:
    """The job's options (``config``: also ``--config``, which ``dyad`` itself takes)."""
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="input files, folders or globs (JSON Lines, WARC): local, hdfs://, s3a://",
    )
    parser.add_argument("output", metavar="OUTPUT", help="output folder of the Parquet tables")
    parser.add_argument(
        "--partitions", type=int, metavar="N", help="partitions to code in (default: 4 x the default parallelism)"
    )
    parser.add_argument("--model", help="spaCy model to parse with (package name or path)")
    parser.add_argument(
        "--actors",
        action="append",
        default=[],
        metavar="FILE",
        help="extra actor dictionary (YAML; repeatable), shipped to the executors",
    )
    parser.add_argument(
        "--verbs",
        action="append",
        default=[],
        metavar="FILE",
        help="extra verb dictionary (YAML; repeatable), shipped to the executors",
    )
    parser.add_argument("--published", type=_date, help="publication date YYYY-MM-DD for inputs that lack one")
    parser.add_argument("--max-mb", type=float, default=20.0, help="largest article accepted, in MB (20)")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="also load the results into this dyad store "
        "(postgresql://USER@HOST/DB; sqlite:///PATH in local mode only)",
    )
    parser.add_argument("--window", type=int, metavar="DAYS", help="store dedup window in days (as dyad ingest)")
    parser.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's, else local[*])")
    if config:
        parser.add_argument("--config", help="TOML config file (default: ./dyad.toml if present)")


def run_args(args: argparse.Namespace) -> int:
    """Run the job from parsed arguments; prints the summary. Exit status 0, or 2 when it cannot run."""
    from dyad.config import ConfigError
    from dyad.store import StoreError

    if args.partitions is not None and args.partitions < 1:
        print("dyad spark: --partitions must be at least 1", file=sys.stderr)
        return 2
    options = JobOptions(
        inputs=args.inputs,
        output=args.output,
        partitions=args.partitions,
        model=args.model,
        actors=args.actors,
        verbs=args.verbs,
        config=getattr(args, "config", None),
        published=args.published,
        max_mb=args.max_mb,
        db=args.db,
        window=args.window,
    )
    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None  # an open session (a notebook, a test) stays open
    progress = "true" if getattr(args, "progress", False) else "false"  # Spark's own bar: tasks done of total
    spark = session(args.master, conf={"spark.ui.showConsoleProgress": progress})
    try:
        summary = run(spark, options)
    except (JobError, ConfigError, StoreError, OSError) as error:
        print(f"dyad: {error}", file=sys.stderr)
        return 2
    finally:
        if owned:
            spark.stop()
    print(f"dyad: {summary.line()}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """The spark-submit entry point."""
    parser = argparse.ArgumentParser(
        prog="dyad-spark-job", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_arguments(parser, config=True)
    return run_args(parser.parse_args(argv))


if __name__ == "__main__":
    # spark-submit runs this file as __main__: run the importable module's main instead, so the
    # functions sent to the executors are pickled by reference and share its Coder cache.
    from dyad.spark.job import main as job_main

    sys.exit(job_main())
