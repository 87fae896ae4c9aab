"""Write event records as JSON Lines, CSV or a readable table.

Assigns nothing; turns :class:`~dyad.records.Event` records into text for files and terminals.
CSV columns are those of :mod:`dyad.store.rows` (derived from the record fields)."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterable
from typing import TextIO

from dyad.records import ArticleRecord, Event, Quote
from dyad.store.rows import CSV_COLUMNS, event_row


class EventWriter:
    """Streams events to a text handle in one format: jsonl, csv or table."""

    def __init__(self, handle: TextIO, fmt: str):
        if fmt not in ("jsonl", "csv", "table"):
            raise ValueError(f"unknown output format {fmt!r} (expected jsonl, csv or table)")
        self.handle, self.format = handle, fmt
        self._csv = None
        self._rows: list[Event] = []
        self._quotes: list[Quote] = []

    def write(self, events: Iterable[Event]) -> None:
        for event in events:
            if self.format == "jsonl":
                self.handle.write(event.model_dump_json() + "\n")
            elif self.format == "csv":
                if self._csv is None:
                    self._csv = csv.DictWriter(self.handle, fieldnames=CSV_COLUMNS, extrasaction="ignore")
                    self._csv.writeheader()
                self._csv.writerow(event_row(event))
            else:
                self._rows.append(event)

    def write_quotes(self, quotes: Iterable[Quote]) -> None:
        """Quote records (kind "quote"): their own JSON lines, or a section of the table."""
        if self.format == "csv":
            raise ValueError("quotes are written as jsonl or table, not csv")
        for quote in quotes:
            if self.format == "jsonl":
                self.handle.write(quote.model_dump_json() + "\n")
            else:
                self._quotes.append(quote)

    def close(self) -> None:
        if self.format == "csv" and self._csv is None:
            csv.writer(self.handle).writerow(CSV_COLUMNS)
        if self.format == "table":
            self.handle.write(table(self._rows))
            if self._quotes:
                self.handle.write(quote_table(self._quotes))
        self.handle.flush()


def table(events: list[Event], width: int | None = None) -> str:
    """A readable fixed-width table: date, source, CAMEO, target, modality, trigger, sentence."""
    width = width or max(100, shutil.get_terminal_size((140, 20)).columns)
    out = io.StringIO()
    header = f"{'#':>3} {'date':10} {'source':9} {'event':28} {'target':9} {'modality':12} trigger / sentence"
    out.write(header + "\n" + "-" * min(width, 140) + "\n")
    for n, e in enumerate(events, 1):
        event = f"{e.cameo} {e.cameo_name}"[:28]
        source = e.source.code or e.source.text  # a code-less actor by its name
        target = (e.target.code or e.target.text) if e.target else "-"
        out.write(f"{n:>3} {e.date or '-':10} {source:9} {event:28} {target:9} {e.modality:12} {e.trigger}\n")
        sentence = e.sentence.replace("\n", " ")
        room = max(40, min(width, 140) - 8)
        out.write(f"{'':8}{sentence[:room]}{'...' if len(sentence) > room else ''}\n")
    out.write(f"{len(events)} events\n")
    return out.getvalue()


def quote_table(quotes: list[Quote]) -> str:
    out = io.StringIO()
    out.write(f"\n{'#':>3} {'speaker':24} {'actor':8} quote\n")
    for n, q in enumerate(quotes, 1):
        who = (q.speaker.name or q.speaker.text) if q.speaker else "-"
        code = (q.speaker.code if q.speaker else None) or "-"
        text = q.text.replace("\n", " ")
        out.write(
            f"{n:>3} {who[:24]:24} {code:8} {'' if q.direct else '(indirect) '}{text[:90]}"
            f"{'...' if len(text) > 90 else ''}\n"
        )
    out.write(f"{len(quotes)} quotes\n")
    return out.getvalue()


def article_block(record: ArticleRecord) -> str:
    """A readable summary of one article: metadata, places, quotes, events."""
    out = io.StringIO()
    out.write(f"== {record.article_id}: {record.title or '(no title)'}\n")
    if record.subtitle:
        out.write(f"   {record.subtitle}\n")
    where = record.dateline_place
    out.write(
        f"   published {record.published or '-'}  dateline {record.dateline or '-'}"
        f"{f' ({where.name}, {where.country})' if where else ''}  byline {record.byline or '-'}  "
        f"language {record.language or '-'}  {record.word_count} words\n"
    )
    if record.places:
        distinct = {(p.name, p.kind, p.country): p for p in record.places}
        out.write(
            "   places: "
            + "; ".join(
                f"{p.name} ({p.kind}, {p.country}{f', {p.lat:.2f},{p.lon:.2f}' if p.lat is not None else ''})"
                for p in distinct.values()
            )
            + "\n"
        )
    if record.quotes:
        out.write(quote_table(record.quotes))
    out.write(table(record.events))
    return out.getvalue()
