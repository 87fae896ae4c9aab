"""Spark inputs and outputs of the dyad job: files → raw units → articles; records → Parquet tables.

Inputs (any path Hadoop reads: local folders, ``file:``, ``hdfs://``, ``s3a://``; globs allowed)
are picked and read by the registry of :mod:`dyad.readers`, as ``dyad code`` and ``dyad ingest``
read them:

* formats of one article per line (JSON Lines: ``.jsonl``, ``.ndjson``, also ``.gz``/``.bz2``)
  are read line by line with Hadoop's ``TextInputFormat``, so one large file is split among
  many tasks; each line becomes an article through :func:`dyad.readers.parse_record`;
* WARC files are read whole with ``binaryFiles`` and walked with warcio; each HTML page
  becomes an article through :func:`dyad.readers.parse_html` after the repartition (url =
  WARC-Target-URI; the capture date is the fallback publication date); a file that ends early
  gives a quarantine row naming the cut record's byte offset;
* every other format (``.txt``, ``.html``, feeds) is read whole with ``binaryFiles`` by its
  reader; a file of unknown kind named explicitly is quarantined.

Input locations (the ``input`` column of ``articles/`` and ``quarantine/``): ``FILE#ID`` for a
JSON Lines article, ``FILE@OFFSET`` (byte offset of the line, or of a cut WARC record) for a
line that is no article, ``FILE#URI`` for a WARC record, ``FILE`` for a whole file.

Outputs: four Parquet tables whose columns are generated from :mod:`dyad.records`
(:data:`EVENTS`, :data:`QUOTES`, :data:`ARTICLES`, :data:`QUARANTINE`), written under a
temporary folder and moved into place by :class:`Output` once every table is written.
"""

from __future__ import annotations

import datetime as dt
import io
import types
import typing
import uuid
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel

from dyad.errors import InputError
from dyad.readers import parse_html, parse_record, reader_for
from dyad.readers.base import MB, InputProblem
from dyad.readers.jsonl import parse_line
from dyad.records import Article, ArticleRecord, Event, Quote

TMP_PREFIX = "_dyad_tmp-"
TABLES = ("events", "quotes", "articles", "quarantine")

# A raw unit, before parsing: (kind, input location, payload, fallback date, url).
#   kind "jsonl": payload is one line; "html": a decoded WARC page; "article": an Article read
#   whole from its file; "problem": the reason.
Unit = tuple[str, str, Any, "dt.date | None", "str | None"]


class JobError(InputError):
    """The job cannot run (no input, unreadable output folder); the message says why."""


# ---------------------------------------------------------------- listing inputs


def input_kind(path: str) -> Literal["lines", "files"] | None:
    """ "lines" for a format of one article per line (split among tasks), "files" for formats
    read whole, None for files of no known kind (see :func:`dyad.readers.reader_for`)."""
    reader = reader_for(path.rsplit("/", 1)[-1])
    if reader is None:
        return None
    return "lines" if reader.lines else "files"


def _fs(spark: Any, path: str) -> tuple[Any, Any]:
    """(Hadoop FileSystem, Hadoop Path) for a path string, through the JVM gateway."""
    jvm = spark.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    return hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), hpath


def list_inputs(spark: Any, paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """The files read line by line and the files read whole under ``paths`` (files, folders —
    recursively, hidden and ``_`` entries skipped — or globs), each list sorted. A file named
    explicitly is listed whatever its kind (one of no known kind is quarantined). Raises
    :class:`JobError` for a path that matches nothing."""
    lines: list[str] = []
    whole: list[str] = []
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
            if what == "lines":
                lines.append(where)
            elif what == "files" or (explicit and not name.startswith((".", "_"))):
                whole.append(where)
    return sorted(set(lines)), sorted(set(whole))


# ---------------------------------------------------------------- reading raw units


def read_units(sc: Any, lines: list[str], whole: list[str], published: dt.date | None, max_mb: float) -> Any:
    """An RDD of raw :data:`Unit` records from the given files (lines and WARC pages not parsed yet)."""
    rdds = []
    for path in lines:  # one RDD per file, so each line keeps its file name
        text = sc.newAPIHadoopFile(
            path,
            "org.apache.hadoop.mapreduce.lib.input.TextInputFormat",
            "org.apache.hadoop.io.LongWritable",
            "org.apache.hadoop.io.Text",
        )
        rdds.append(text.map(lambda pair, path=path: ("jsonl", f"{path}@{pair[0]}", pair[1], published, None)))
    if whole:
        files = sc.binaryFiles(",".join(whole))
        rdds.append(files.flatMap(lambda pair: file_units(pair[0], pair[1], published, max_mb)))
    if not rdds:
        return sc.emptyRDD()
    return rdds[0] if len(rdds) == 1 else sc.union(rdds)


def file_units(path: str, data: bytes, published: dt.date | None, max_mb: float) -> Iterator[Unit]:
    """The units of one file read whole: WARC pages (parsed later), else the articles its reader gives."""
    reader = reader_for(path.rsplit("/", 1)[-1])
    if reader is None:
        yield ("problem", path, "unknown input kind (not read)", None, None)
        return
    if reader.name == "warc":
        yield from warc_units(path, data, published, max_mb)
        return
    if reader.whole and len(data) > max_mb * MB:
        yield ("problem", path, f"file too large (> limit {max_mb:g} MB)", None, None)
        return
    for item in reader.read(io.BytesIO(data), path, published, max_mb=max_mb):
        if item.article is not None:
            yield ("article", item.location, item.article, None, None)
        elif not item.warning:
            yield ("problem", item.location, item.problem, None, None)


def warc_units(path: str, data: bytes, published: dt.date | None, max_mb: float) -> Iterator[Unit]:
    """The HTML pages of one WARC file's bytes (HTTP 200 ``response`` records), decoded."""
    from dyad.readers.warc import bad_warc, warc_pages

    try:
        for page in warc_pages(io.BytesIO(data), max_mb):
            if not page.uri:  # the file itself ends early
                where = path if page.offset is None else f"{path}@{page.offset}"
                yield ("problem", where, page.problem, None, None)
            elif page.problem is not None:
                yield ("problem", f"{path}#{page.uri}", page.problem, None, None)
            else:
                yield ("html", f"{path}#{page.uri}", page.html, published or page.captured, page.uri or None)
    except Exception as error:  # warcio raises ArchiveLoadFailed, ValueError, zlib errors...
        yield ("problem", path, bad_warc(error), None, None)


def parse_unit(unit: Unit, max_mb: float = 20.0) -> tuple[str, Article | None, str | None]:
    """(input location, the article, None) or (location, None, why it is no article)."""
    kind, where, payload, published, url = unit
    if kind == "problem":
        return where, None, payload
    if kind == "article":
        return where, payload, None
    try:
        if len(payload) > max_mb * MB:  # characters: a lower bound of the bytes
            raise InputProblem(f"too large (> limit {max_mb:g} MB)")
        if kind == "html":
            article = parse_html(payload, published)
            return where, article.model_copy(update={"url": url or article.url}), None
        line = payload.lstrip("\ufeff") if where.endswith("@0") else payload
        if not line.strip():
            return where, None, None  # blank lines are no input, as in dyad code
        article = parse_record(parse_line(line), published)
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
