"""Typed records that flow between dyad's stages, and the JSON schema they generate.

An :class:`Article` goes in; :class:`Event` records come out. Every event carries its
evidence (article, sentence, character span, trigger words) so later layers can show
why it exists. ``python -m dyad.records`` prints the event JSON schema (docs/event.schema.json).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Modality = Literal["asserted", "negated", "hypothetical", "future", "historical"]
DatePrecision = Literal["day", "month", "year"]
DateSource = Literal["text", "published"]


class Article(BaseModel):
    """One news article as read from its input, before any language processing."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(description="Article id: given by the input, or derived from its content")
    text: str = Field(description="The body text that is coded (headline and subheadline included)")
    title: str | None = Field(default=None, description="Headline")
    subtitle: str | None = Field(default=None, description="Subheadline, if any")
    published: dt.date | None = Field(default=None, description="Publication date")
    url: str | None = None
    source: str | None = Field(default=None, description="Publisher or outlet")
    language: str | None = Field(default="en", description="ISO 639-1 language code")
    dateline: str | None = Field(default=None, description="Place the story was filed from, e.g. ANKARA")
    byline: str | None = Field(default=None, description="Writer credit, e.g. 'Writing by ...'")
    skip_spans: list[tuple[int, int]] = Field(
        default_factory=list,
        description="Character spans of `text` that are never coded (dateline, byline)",
    )


class Actor(BaseModel):
    """A coded actor: who did something, or to whom."""

    text: str = Field(description="The actor's whole name as written in the sentence")
    code: str | None = Field(
        default=None,
        description="CAMEO actor code, e.g. PRKGOV, USA, IGOUNO, EUR; null for a named actor of no known country "
        "('Alice Wells', 'the Munich I Regional Court': its sector may still be known)",
    )
    country: str | None = Field(default=None, description="ISO 3166 alpha-3; null for IGOs and regions")
    sector: str | None = Field(default=None, description="PLOVER sector code such as GOV, MIL, LEG")
    name: str | None = Field(default=None, description="Canonical name of the actor")

    @property
    def key(self) -> str:
        """What makes two actors the same: the code, or for a code-less actor its name."""
        return self.code or f"~{(self.name or self.text).lower()}"


class Plover(BaseModel):
    type: str | None = Field(default=None, description="PLOVER event type, e.g. SUPPORT; null for CAMEO 01/02")
    mode: str | None = Field(default=None, description="PLOVER mode, if the map gives one")


class Place(BaseModel):
    """A place named in an article, resolved to one gazetteer entry."""

    text: str = Field(description="The words as written in the article")
    name: str = Field(description="Gazetteer name: GeoNames for cities and countries, ISO 3166-2 for regions")
    country: str | None = Field(description="ISO 3166-1 alpha-3 code")
    admin1: str | None = Field(default=None, description="ISO 3166-2 code of the first-level region, if known")
    admin1_name: str | None = Field(default=None, description="Name of that region (ISO 3166-2 form)")
    kind: Literal["city", "region", "country"]
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = Field(default=None, description="GeoNames id (cities and countries)")
    char_span: tuple[int, int] | None = Field(
        default=None, description="[start, end) in the article text; null for a dateline given apart"
    )


class Event(BaseModel):
    """One coded event: who did what to whom, when, and the sentence that says so."""

    kind: Literal["event"] = "event"
    event_id: str = Field(description="Stable id: a hash of article id, sentence span, actors, code and trigger")
    article_id: str
    date: str | None = Field(default=None, description="ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY; null when unknown")
    date_precision: DatePrecision | None = None
    date_source: DateSource | None = None
    end_date: str | None = Field(default=None, description="Last day of a date range ('Sept. 23-27'), else null")
    source: Actor
    target: Actor | None = None
    cameo: str = Field(description="CAMEO event code with its leading zero, e.g. '051'")
    cameo_name: str
    plover: Plover
    quad_class: int = Field(
        ge=1, le=4, description="1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict"
    )
    goldstein: float = Field(ge=-10, le=10)
    modality: Modality = "asserted"
    attributed_to: str | None = Field(
        default=None, description="Actor code of the speaker, when the event is reported speech"
    )
    sentence: str = Field(description="The sentence, verbatim")
    sentence_index: int = Field(ge=0)
    char_span: tuple[int, int] = Field(description="[start, end) of the sentence in the article text")
    trigger: str = Field(description="The words that express the action")
    location: Place | None = Field(default=None, description="Where the sentence says the action happened")

    def to_json(self) -> str:
        return self.model_dump_json()


class Speaker(BaseModel):
    """Who is quoted: a person's name and title, and the actor they speak for."""

    name: str | None = Field(default=None, description="The speaker's name as the article gives it in full")
    title: str | None = Field(
        default=None, description="Their title, e.g. 'director general of ... at the Foreign Ministry'"
    )
    text: str = Field(description="The words that name the speaker where the quote is attributed")
    code: str | None = Field(default=None, description="CAMEO actor code of the actor they speak for, e.g. PRKGOV")
    country: str | None = None
    sector: str | None = None


class Quote(BaseModel):
    """Words an article attributes to someone: a direct quote or indirect speech."""

    kind: Literal["quote"] = "quote"
    quote_id: str = Field(description="Stable id: a hash of article id and span")
    article_id: str
    direct: bool = Field(description="True for words in quotation marks, false for indirect speech")
    text: str = Field(description="The quoted words (without the quotation marks)")
    char_span: tuple[int, int] = Field(description="[start, end) of the quoted words in the article text")
    speaker: Speaker | None = None


class ArticleRecord(BaseModel):
    """Everything dyad read in one article: its metadata, places, quotes and events."""

    kind: Literal["article"] = "article"
    article_id: str
    title: str | None = None
    subtitle: str | None = None
    dateline: str | None = None
    dateline_place: Place | None = None
    byline: str | None = None
    published: dt.date | None = None
    language: str | None = None
    url: str | None = None
    source: str | None = None
    word_count: int
    places: list[Place] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


def event_schema() -> dict:
    """The JSON schema of one event record, as documented in docs/event.schema.json."""
    schema = Event.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dyad event"
    return schema


if __name__ == "__main__":
    print(json.dumps(event_schema(), indent=2))
