"""The JSON shapes of the REST API, as pydantic models: what ``/openapi.json`` documents, field by
field, and what every handler returns."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Span = tuple[int, int]
Modality = Literal["asserted", "negated", "hypothetical", "future", "historical"]


class ErrorBody(BaseModel):
    """Every error: a message, and the parameter or field at fault when there is one."""

    error: str
    field: str | None = None
    fields: list[dict[str, str]] | None = Field(None, description="every invalid field, for 422")


class Actor(BaseModel):
    code: str | None = Field(description="CAMEO actor code, e.g. RUSGOV (null: an actor no dictionary codes)")
    text: str | None = Field(None, description="the words naming the actor")
    country: str | None = Field(description="ISO 3166 alpha-3")
    sector: str | None = None
    name: str | None = None


class Plover(BaseModel):
    type: str | None = Field(description="PLOVER event type, e.g. ACCUSE")
    mode: str | None = None


class FirstEvidence(BaseModel):
    """The first mention of an event, as in ``dyad events``."""

    article_id: str | None
    url: str | None
    publisher: str | None
    event_id: str | None
    trigger: str | None
    sentence: str | None


class MentionEvidence(BaseModel):
    """One mention of an event: the sentence and where in the article its words are."""

    event_id: str | None = Field(description="the mention's id within its article")
    article_id: str
    title: str | None
    url: str | None
    source: str | None = Field(description="publisher")
    published: str | None
    date: str | None
    modality: str
    sentence: str
    sentence_span: Span = Field(description="[start, end) of the sentence in the article text")
    trigger: str | None
    trigger_spans: list[Span]
    source_text: str | None
    source_spans: list[Span]
    target_text: str | None
    target_spans: list[Span]


class Place(BaseModel):
    name: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: str | None
    span: Span | None = Field(description="[start, end) in the article text, when the place is named there")
    event: int | None = Field(description="the stored event that happened there, if any")


class CodedEvent(BaseModel):
    """What an event is, as coded: who did what to whom, with its CAMEO and PLOVER codes."""

    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_name: str | None
    plover: Plover
    quad_class: int | None
    goldstein: float | None


class Event(CodedEvent):
    """One stored event (mentions of the same event merged), with its evidence."""

    id: int
    date: str | None = Field(description="YYYY-MM-DD, YYYY-MM or YYYY (see date_precision)")
    date_precision: str | None = Field(description="day, month or year")
    modality: str
    mentions: int
    articles: int
    sources: int
    first_seen: str | None
    last_seen: str | None
    evidence: FirstEvidence
    mention_evidence: list[MentionEvidence]
    places: list[Place]


class EventPage(BaseModel):
    events: list[Event]
    next_cursor: str | None = Field(description="pass as cursor= for the next page; null on the last")


class ArticleEvent(CodedEvent):
    """One event mention in an article, with the char spans of its words in the article text."""

    event: int = Field(description="the stored event it was merged into")
    event_id: str | None
    date: str | None
    modality: str
    attributed_to: str | None
    sentence: str
    sentence_span: Span
    trigger: str | None
    trigger_spans: list[Span]
    source_spans: list[Span]
    target_spans: list[Span]


class Speaker(BaseModel):
    name: str | None
    title: str | None
    text: str | None
    code: str | None
    country: str | None


class Quote(BaseModel):
    quote_id: str | None
    direct: bool
    text: str
    span: Span
    speaker: Speaker


class Article(BaseModel):
    """One stored article, its text, and what dyad found in it."""

    id: int = Field(description="row number in the store")
    article_id: str
    title: str | None
    subtitle: str | None
    url: str | None = Field(description="only http(s) URLs are given; others are null")
    source: str | None
    published: str | None
    dateline: str | None
    byline: str | None
    language: str | None
    text: str
    events: list[ArticleEvent]
    quotes: list[Quote]
    places: list[Place]


class Stat(BaseModel):
    count: int
    goldstein_sum: float
    goldstein_mean: float | None


class Bucket(Stat):
    """One period (zero-filled: periods without events are there with count 0)."""

    period: str = Field(description="first day of the period, YYYY-MM-DD")
    by_quad: dict[str, Stat] = Field(description="by quad class 1–4")
    by_plover: dict[str, Stat] = Field(description="by PLOVER type (NONE: no type)")


class Spread(Stat):
    """Events dated less precisely than the interval (a month or a year): one band over their span."""

    start: str = Field(description="first day the date can be")
    end: str = Field(description="last day the date can be")
    precision: str = Field(description="month or year")
    by_quad: dict[str, Stat]


class Timeseries(BaseModel):
    interval: Literal["day", "week", "month"]
    buckets: list[Bucket]
    spread: list[Spread] = Field(
        description="events whose date is coarser than the interval, never counted in a bucket (first page only)"
    )
    next_cursor: str | None


class Node(BaseModel):
    id: str = Field(description="actor code, or ISO3 country when grouped by country")
    name: str | None
    country: str | None
    count: int = Field(description="events of this page's edges it takes part in")


class Edge(BaseModel):
    source: str
    target: str
    count: int
    goldstein_mean: float | None
    cooperative: int = Field(description="events of quad class 1–2")
    conflictual: int = Field(description="events of quad class 3–4")


class Network(BaseModel):
    group: Literal["actor", "country"]
    nodes: list[Node]
    edges: list[Edge]
    edge_total: int = Field(description="dyads matching the filters, on all pages")
    next_cursor: str | None


class PointGeometry(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float] = Field(description="[lon, lat]")


class MapProperties(BaseModel):
    name: str | None
    country: str | None
    basis: Literal["place", "country"] = Field(
        description="place: where the sentence says it happened; country: the source actor's country"
    )
    count: int
    goldstein_mean: float | None
    cooperative: int
    conflictual: int


class Feature(BaseModel):
    type: Literal["Feature"] = "Feature"
    geometry: PointGeometry
    properties: MapProperties


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature]
    next_cursor: str | None


class Summary(BaseModel):
    """What an ingest run did (the same counts as ``dyad ingest``)."""

    read: int
    new: int
    skipped: int = Field(description="already stored (the same article id)")
    quarantined: int
    events_new: int
    mentions: int
    seconds: float


class Stored(BaseModel):
    article_id: str
    stored: bool
    events: int
    href: str | None


class PostResult(BaseModel):
    summary: Summary
    articles: list[Stored]
    warnings: list[str]


class Config(BaseModel):
    protect_read: bool
    write_enabled: bool
    events: int | None = Field(description="events in the store (null when reading needs the token)")
