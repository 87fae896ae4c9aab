"""Spark inputs and outputs of the dyad job: files → raw units → articles; records → Parquet tables.

Inputs (any path Hadoop reads: local folders, ``file:``, ``hdfs://``, ``s3a://``; globs allowed):

* JSON Lines (``.jsonl``, ``.ndjson``, ``.json``, also ``.gz``/``.bz2``) are read line by line with
  Hadoop's ``TextInputFormat``, so one large file is split among many tasks; each line becomes
  an article through :func:`dyad.readers.parse_record`, exactly as ``dyad code`` reads it.
* WARC (``.warc``, ``.warc.gz``) files are read whole with ``binaryFiles`` and walked with warcio;
  each HTTP 200 ``response`` record with an HTML body becomes an article through
  :func:`dyad.readers.parse_html` (url = WARC-Target-URI; the capture date is the fallback
  publication date), as ``dyad ingest`` reads WARC files.

Input locations (the ``input`` column of ``articles/`` and ``quarantine/``): ``FILE#ID`` for a
JSON Lines article, ``FILE@OFFSET`` (byte offset of the line) for a line that is no article,
``FILE#URI`` for a WARC record, ``FILE`` for a whole file that cannot be read.

Outputs: four Parquet tables whose columns are generated from :mod:`dyad.records`
(:data:`EVENTS`, :data:`QUOTES`, :data:`ARTICLES`, :data:`QUARANTINE`), written under a
temporary folder and moved into place by :class:`Output` once every table is written.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
import uuid
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel

from dyad.errors import InputError
from dyad.readers import parse_html, parse_record
from dyad.readers.text import MB, InputProblem
from dyad.records import Article, ArticleRecord, Event, Quote

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
WARC_SUFFIXES = (".warc", ".warc.gz")
COMPRESSED = (".gz", ".bz2", ".deflate", ".zst")
TMP_PREFIX = "_dyad_tmp-"
TABLES = ("events", "quotes", "articles", "quarantine")

# A raw unit, before parsing: (kind, input location, payload, fallback date, url).
#   kind "jsonl": payload is one line; "html": payload is a decoded page; "problem": the reason.
Unit = tuple[str, str, str, "dt.date | None", "str | None"]


class JobError(InputError):
    """The job cannot run (no input, unreadable output folder); the message says why."""


# ---------------------------------------------------------------- listing inputs


def input_kind(path: str) -> Literal["jsonl", "warc"] | None:
    """ "jsonl" or "warc" by the file name's suffix (compressed JSON Lines included), else None."""
    name = path.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    for suffix in ("",) + COMPRESSED:
        if name.endswith(tuple(s + suffix for s in JSONL_SUFFIXES)):
            return "jsonl"
    return None


def _fs(spark: Any, path: str) -> tuple[Any, Any]:
    """(Hadoop FileSystem, Hadoop Path) for a path string, through the JVM gateway."""
    jvm = spark.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    return hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), hpath


def list_inputs(spark: Any, paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """The JSON Lines files and the WARC files under ``paths`` (files, folders — recursively,
    hidden and ``_`` entries skipped — or globs), each list sorted. Raises :class:`JobError`
    for a path that matches nothing."""
    jsonl: list[str] = []
    warc: list[str] = []
    for raw in paths:
        fs, hpath = _fs(spark, raw)
        matches = fs.globStatus(hpath)
        if not matches:
            raise JobError(f"{raw}: no such file or folder")
        named = {m.getPath().toString() for m in matches}
        stack = list(matches)
        while stack:
            status = stack.pop()
            name = status.getPath().getName()
            where = status.getPath().toString()
            explicit = where in named
            if status.isDirectory():
                if explicit or not name.startswith((".", "_")):
                    stack.extend(fs.listStatus(status.getPath()))
                continue
            what = input_kind(where)
            if what == "warc":
                warc.append(where)
            elif what == "jsonl" or (explicit and not name.startswith((".", "_"))):
                jsonl.append(where)  # a file named explicitly is read as JSON Lines
    return sorted(set(jsonl)), sorted(set(warc))


# ---------------------------------------------------------------- reading raw units


def read_units(sc: Any, jsonl: list[str], warc: list[str], published: dt.date | None, max_mb: float) -> Any:
    """An RDD of raw :data:`Unit` records from the given files (nothing parsed yet)."""
    rdds = []
    for path in jsonl:  # one RDD per file, so each line keeps its file name
        lines = sc.newAPIHadoopFile(
            path,
            "org.apache.hadoop.mapreduce.lib.input.TextInputFormat",
            "org.apache.hadoop.io.LongWritable",
            "org.apache.hadoop.io.Text",
        )
        rdds.append(lines.map(lambda pair, path=path: ("jsonl", f"{path}@{pair[0]}", pair[1], published, None)))
    if warc:
        files = sc.binaryFiles(",".join(warc))
        rdds.append(files.flatMap(lambda pair: warc_units(pair[0], pair[1], published, max_mb)))
    if not rdds:
        return sc.emptyRDD()
    return rdds[0] if len(rdds) == 1 else sc.union(rdds)


def warc_units(path: str, data: bytes, published: dt.date | None, max_mb: float) -> Iterator[Unit]:
    """The HTML pages of one WARC file's bytes (HTTP 200 ``response`` records), decoded."""
    import io

    from dyad.store.sources import bad_warc, warc_pages

    try:
        for page in warc_pages(io.BytesIO(data), max_mb):
            where = f"{path}#{page.uri}"
            if page.problem is not None:
                yield ("problem", where, page.problem, None, None)
            else:
                yield ("html", where, page.html, published or page.captured, page.uri or None)
    except Exception as error:  # warcio raises ArchiveLoadFailed, ValueError, zlib errors...
        yield ("problem", path, bad_warc(error), None, None)


def parse_unit(unit: Unit, max_mb: float = 20.0) -> tuple[str, Article | None, str | None]:
    """(input location, the article, None) or (location, None, why it is no article)."""
    kind, where, payload, published, url = unit
    if kind == "problem":
        return where, None, payload
    try:
        if len(payload) > max_mb * MB:  # characters: a lower bound of the bytes
            raise InputProblem(f"too large (> limit {max_mb:g} MB)")
        if kind == "html":
            article = parse_html(payload, published)
            return where, article.model_copy(update={"url": url or article.url}), None
        line = payload.lstrip("\ufeff") if where.endswith("@0") else payload
        if not line.strip():
            return where, None, None  # blank lines are no input, as in dyad code
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputProblem(f"malformed JSON: {error.msg} (column {error.colno})") from None
        article = parse_record(record, published)
        return f"{where.rsplit('@', 1)[0]}#{article.id}", article, None
    except InputProblem as error:
        return where, None, str(error)
    except Exception as error:  # a reader bug must not fail the job: the input is quarantined
        return where, None, f"could not be read: {type(error).__name__}: {error}"


# ---------------------------------------------------------------- table schemas


def _spark_type(annotation: Any) -> Any:
    """The Spark SQL type of a pydantic field annotation (optional types are nullable columns)."""
    from pyspark.sql import types as T

    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return _spark_type(args[0])
    if origin is Literal:
        return T.StringType()
    if origin in (list, tuple):
        return T.ArrayType(_spark_type(args[0]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_schema(annotation)
    simple = {
        str: T.StringType(),
        bool: T.BooleanType(),
        int: T.LongType(),
        float: T.DoubleType(),
        dt.date: T.DateType(),
    }
    if annotation in simple:
        return simple[annotation]
    raise TypeError(f"no Spark type for {annotation!r}")


def model_schema(model: type[BaseModel], exclude: Iterable[str] = ()) -> Any:
    """A Spark ``StructType`` with one column per field of a pydantic record, in field order."""
    from pyspark.sql import types as T

    skip = set(exclude)
    return T.StructType(
        [
            T.StructField(name, _spark_type(info.annotation), True)
            for name, info in model.model_fields.items()
            if name not in skip
        ]
    )


def _with(schema: Any, *columns: tuple[str, Any]) -> Any:
    from pyspark.sql import types as T

    return T.StructType(list(schema.fields) + [T.StructField(n, t, True) for n, t in columns])


def schemas() -> dict[str, Any]:
    """The schema of each output table (``published`` is the partition column of the first three)."""
    from pyspark.sql import types as T

    return {
        "events": _with(model_schema(Event), ("published", T.DateType())),
        "quotes": _with(model_schema(Quote), ("published", T.DateType())),
        "articles": _with(
            model_schema(ArticleRecord, exclude=("quotes", "events")),
            ("event_count", T.LongType()),
            ("quote_count", T.LongType()),
            ("input", T.StringType()),
        ),
        "quarantine": T.StructType([T.StructField(n, T.StringType(), True) for n in ("input", "reason", "stage")]),
    }


def to_row(value: Any, schema: Any) -> Any:
    """A record's ``model_dump()`` dict → a tuple in the column order of ``schema`` (recursively)."""
    from pyspark.sql import types as T

    if value is None:
        return None
    if isinstance(schema, T.StructType):
        return tuple(to_row(value.get(f.name), f.dataType) for f in schema.fields)
    if isinstance(schema, T.ArrayType):
        return [to_row(v, schema.elementType) for v in value]
    if isinstance(schema, T.DoubleType):
        return float(value)
    return value


def from_row(row: Any) -> dict[str, Any]:
    """A Spark ``Row`` read back → a plain dict (nested rows as dicts), e.g. for ``Event(**d)``."""
    return row.asDict(recursive=True)


def read_table(spark: Any, output: str, table: str) -> Any:
    """One output table as a DataFrame, with its declared schema (so an empty table reads too)."""
    return spark.read.schema(schemas()[table]).parquet(f"{output.rstrip('/')}/{table}")


# ---------------------------------------------------------------- committing the output


class Output:
    """An output folder written as a whole: tables go to ``OUTPUT/_dyad_tmp-<id>/new/TABLE`` and
    :meth:`commit` moves each into ``OUTPUT/TABLE`` (one rename per table, the previous table
    moved aside first), then deletes the temporary folder. Temporary folders left by a failed
    run are deleted when the next run starts; one run at a time may write one OUTPUT."""

    def __init__(self, spark: Any, root: str):
        self.spark = spark
        self.root = root.rstrip("/") or "/"
        self.fs, self.hroot = _fs(spark, self.root)
        self.tmp = f"{self.root}/{TMP_PREFIX}{uuid.uuid4().hex[:12]}"

    def _path(self, path: str) -> Any:
        return self.spark.sparkContext._jvm.org.apache.hadoop.fs.Path(path)

    def clean_stale(self) -> list[str]:
        """Delete the temporary folders of earlier, failed runs; returns their paths."""
        if not self.fs.exists(self.hroot):
            self.fs.mkdirs(self.hroot)
            return []
        if not self.fs.getFileStatus(self.hroot).isDirectory():
            raise JobError(f"{self.root}: output exists and is not a folder")
        gone = []
        for status in self.fs.listStatus(self.hroot):
            if status.getPath().getName().startswith(TMP_PREFIX):
                self.fs.delete(status.getPath(), True)
                gone.append(status.getPath().toString())
        return gone

    def staging(self, table: str) -> str:
        """Where ``table`` is written before the commit."""
        return f"{self.tmp}/new/{table}"

    def commit(self, tables: Iterable[str] = TABLES) -> None:
        """Move each written table into place, replacing the previous run's table."""
        old = self._path(f"{self.tmp}/old")
        self.fs.mkdirs(old)
        for table in tables:
            final = self._path(f"{self.root}/{table}")
            if self.fs.exists(final) and not self.fs.rename(final, self._path(f"{self.tmp}/old/{table}")):
                raise JobError(f"{self.root}/{table}: could not move the previous table aside")
            if not self.fs.rename(self._path(self.staging(table)), final):
                raise JobError(f"{self.root}/{table}: could not move the new table into place")
        self.fs.delete(self._path(self.tmp), True)

    def abort(self) -> None:
        """Delete this run's temporary folder (the previous output stays as it was)."""
        self.fs.delete(self._path(self.tmp), True)
