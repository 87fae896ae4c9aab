"""The Coder: articles in, event records out.

Loads the model and dictionaries once, then runs its stages (:data:`STAGES`, in this order)
over one :class:`ArticleState` per article, in batches (on several processes for large ones):

    parse → actors → references → quotes → places → events → dates → locations → records

parse        spaCy: tokens, tags, lemmas, dependencies, sentences (NER off)
actors       actor mentions from the dictionaries (``dyad.actors.matcher``)
references   pronouns, titles and short names linked to their actors (``dyad.actors.coref``)
quotes       quotations and their speakers (``dyad.context.quotes``)
places       the dateline's place and the places named in the text (``dyad.context.places``)
events       sentence events from the parse and the verb dictionary (``dyad.events``), each
             attributed to the speaker of the quote it sits in
dates        each event's date, from its clause's words or the publication date (``dyad.context.dates``)
locations    each event's place, from its sentence's locative phrases (``dyad.context.places``)
records      the typed :class:`~dyad.records.Event` records, with their stable ids

With ``context = false`` the quotes, places and locations stages are left out and every event
takes the publication date. :attr:`Coder.pipe_names` lists the stages a coder runs.
"""

from __future__ import annotations

import atexit
import collections
import datetime as dt
import gc
import hashlib
import itertools
import multiprocessing
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from dyad import doccache
from dyad.actors.coref import ActorIndex, resolve_article
from dyad.actors.dictionary import load_actor_dictionary
from dyad.actors.matcher import find_mentions
from dyad.chunks import chunked, chunked_for_workers
from dyad.config import Config, load_config
from dyad.context.dates import EventDate, date_event, published_date
from dyad.context.gazetteer import load_gazetteer
from dyad.context.places import PlaceIndex, event_location, find_places, resolve_dateline
from dyad.context.quotes import extract_quotes
from dyad.doccache import sentences, span_text
from dyad.events.codes import load_cameo_table
from dyad.events.extract import Draft, SentenceCoder
from dyad.events.verbs import load_verb_dictionary
from dyad.gcpause import paused_collection
from dyad.nlp import NameTokenizer, load_model
from dyad.readers.text import make_article
from dyad.records import Article, ArticleRecord, Event, Place, Plover, Quote

STAGES: tuple[str, ...] = (
    "parse",
    "actors",
    "references",
    "quotes",
    "places",
    "events",
    "dates",
    "locations",
    "records",
)
CONTEXT_STAGES = frozenset({"quotes", "places", "locations"})  # left out with context = false


@dataclass
class ArticleState:
    """One article on its way through the stages: each stage fills its own fields."""

    article: Article
    doc: Doc  # parse
    mentions: list = field(default_factory=list)  # actors
    index: ActorIndex | None = None  # references
    quotes: list[Quote] = field(default_factory=list)  # quotes
    dateline: Place | None = None  # places
    places: list[Place] = field(default_factory=list)  # places
    drafts: list[tuple[int, Draft]] = field(default_factory=list)  # events: (sentence number, draft)
    dates: list[EventDate] = field(default_factory=list)  # dates, one per draft
    locations: list[Place | None] = field(default_factory=list)  # locations, one per draft
    events: list[Event] = field(default_factory=list)  # records


@dataclass
class Result:
    """What coding one article gave: its events and quotes, or the reason it could not be coded."""

    article: Article
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dateline: Place | None = None
    error: str | None = None


class Coder:
    """Codes English news into CAMEO/PLOVER events.

    >>> coder = Coder()
    >>> events = coder.code("Russia and China vetoed a US resolution.", published="2022-05-26")
    """

    def __init__(self, config: Config | None = None, **options):
        with paused_collection():  # what loads here lives as long as the coder: no garbage to look for
            self._load(config or load_config(**options))

    def _load(self, config: Config) -> None:
        self.config = config
        self.nlp = load_model(self.config.model)
        tokenize = NameTokenizer(self.nlp)
        self.actors = load_actor_dictionary(tokenize, self.config.actor_files)
        tokenize.save()
        self.table = load_cameo_table()
        self.verbs = load_verb_dictionary(self.table, self.config.verb_files)
        self.sentences = SentenceCoder(self.verbs, self.table)
        self._pool = None
        self._pool_size = 0
        if self.config.context:
            load_gazetteer()  # before any fork, so worker processes share it
        self._stages = [(name, getattr(self, f"_{name}")) for name in self.pipe_names if name != "parse"]
        self.stage_seconds: dict[str, float] | None = None  # a dict: each stage's time is added to it

    @property
    def pipe_names(self) -> list[str]:
        """The stages this coder runs, in order (like spaCy's ``nlp.pipe_names``)."""
        return [s for s in STAGES if self.config.context or s not in CONTEXT_STAGES]

    # ------------------------------------------------------------------ public API

    def code(
        self, text: str | Article, published: str | dt.date | None = None, article_id: str | None = None
    ) -> list[Event]:
        """Code one article (its text, or an :class:`Article`) and return its events."""
        return self.analyze(text, published, article_id).events

    def analyze(
        self, text: str | Article, published: str | dt.date | None = None, article_id: str | None = None
    ) -> Result:
        """Everything dyad reads in one article: its events and its quotes."""
        article = text if isinstance(text, Article) else self.article(text, published, article_id)
        doc = self.nlp(article.text[: self.config.max_chars])
        return self._code_doc(article, doc)

    def article(self, text: str, published: str | dt.date | None = None, article_id: str | None = None) -> Article:
        """Read a plain-text story (headline first, dateline and byline recognized)."""
        day = dt.date.fromisoformat(published) if isinstance(published, str) else published
        return make_article(text, id=article_id, published=day)

    def code_many(self, articles: Iterable[Article], processes: int | None = None) -> Iterator[Result]:
        """Code many articles, in input order, on `processes` worker processes (default: config)."""
        processes = processes or self.config.processes
        size = self.config.batch_size
        articles = iter(articles)
        first = list(itertools.islice(articles, size + 1))
        if processes <= 1 or len(first) <= size:  # one batch: forking would cost more than it saves
            for chunk in chunked(itertools.chain(first, articles), size):
                yield from self._code_batch(chunk)
            return
        pool = self._worker_pool(processes)
        pending = chunked_for_workers(itertools.chain(first, articles), size, processes)
        # A few batches in flight (Pool.imap would read the whole input at once), a new one sent
        # as each comes back, so no worker waits for the slowest batch of a group.
        in_flight = collections.deque(pool.apply_async(_work, (b,)) for b in itertools.islice(pending, processes * 4))
        while in_flight:
            results = in_flight.popleft().get()
            following = next(pending, None)
            if following is not None:
                in_flight.append(pool.apply_async(_work, (following,)))
            yield from results

    def _worker_pool(self, processes: int):
        """Worker processes, started once and kept: their warmed caches serve every later batch."""
        if self._pool is None or self._pool_size != processes:
            self.close()
            global _WORKER
            _WORKER = self
            frozen = gc.get_freeze_count() > 0  # the `dyad` program froze its start-up for good: keep it
            gc.freeze()  # the workers' collector leaves what they share with this process alone
            try:
                self._pool = multiprocessing.get_context("fork").Pool(processes)
            finally:
                if not frozen:
                    gc.unfreeze()
            self._pool_size = processes
            atexit.register(self.close)
        return self._pool

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Coder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ stages

    def _code_batch(self, articles: Iterable[Article]) -> Iterator[Result]:
        articles = list(articles) if not isinstance(articles, list) else articles
        texts = (a.text[: self.config.max_chars] for a in articles)
        for article, doc in zip(articles, self.nlp.pipe(texts, batch_size=self.config.batch_size)):
            try:
                yield self._code_doc(article, doc)
            except Exception as error:  # one bad article never stops the batch
                yield Result(article, error=f"{type(error).__name__}: {error}")

    def _code_doc(self, article: Article, doc: Doc) -> Result:
        doccache.attach(doc, article.text[: self.config.max_chars])  # the text parsed: no need to join it again
        state = ArticleState(article, doc)
        timings = self.stage_seconds
        if timings is None:
            for _name, stage in self._stages:
                stage(state)
        else:  # bench/bench_coder.py: where the time goes, stage by stage
            for name, stage in self._stages:
                start = time.perf_counter()
                stage(state)
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
        doccache.release()  # the article's doc goes now, not when the next one comes
        return Result(article, state.events, state.quotes, state.places, state.dateline)

    def _actors(self, state: ArticleState) -> None:
        state.mentions = find_mentions(state.doc, self.actors, state.article.published, state.article.skip_spans)

    def _references(self, state: ArticleState) -> None:
        state.index = resolve_article(state.doc, state.mentions)

    def _quotes(self, state: ArticleState) -> None:
        state.quotes = extract_quotes(state.doc, state.index, state.article.id)

    def _places(self, state: ArticleState) -> None:
        article = state.article
        state.dateline = resolve_dateline(article.dateline) if article.dateline else None
        countries = {m.country for m in state.index.mentions if m.country}
        state.places = find_places(state.doc, article.skip_spans, countries, state.dateline)

    def _events(self, state: ArticleState) -> None:
        skip = state.article.skip_spans
        for number, sentence in enumerate(sentences(state.doc)):
            if any(s <= sentence.start_char and sentence.end_char <= e for s, e in skip):
                continue
            for draft in self.sentences.code(sentence, state.index, skip, state.places):
                _attribute(draft, state.quotes)
                state.drafts.append((number, draft))

    def _dates(self, state: ArticleState) -> None:
        published = state.article.published
        if not self.config.context:
            state.dates = [published_date(published)] * len(state.drafts)
            return
        state.dates = [date_event(draft.trigger[0], draft.modality, published) for _, draft in state.drafts]

    def _locations(self, state: ArticleState) -> None:
        places = PlaceIndex(state.places)
        state.locations = [event_location(draft.trigger[0], places) for _, draft in state.drafts]

    def _records(self, state: ArticleState) -> None:
        locations = state.locations or [None] * len(state.drafts)
        state.events = [
            self._record(state.article, number, draft, when, where)
            for (number, draft), when, where in zip(state.drafts, state.dates, locations)
        ]

    def _record(self, article: Article, number: int, draft: Draft, when: EventDate, location: Place | None) -> Event:
        sentence = draft.sentence
        text = span_text(sentence).rstrip()
        start = sentence.start_char
        code = self.table[draft.code]
        trigger = " ".join(t.text for t in sorted(draft.trigger, key=lambda t: t.i))
        target = draft.target.actor() if draft.target else None
        key = "|".join(
            [
                article.id,
                str(start),
                str(draft.trigger[0].i),
                draft.source.key,
                target.key if target else "",
                draft.code,
                draft.modality,
            ]
        )
        return Event(
            event_id=hashlib.sha1(key.encode()).hexdigest()[:16],
            article_id=article.id,
            date=when.value,
            date_precision=when.precision,
            date_source=when.source,
            end_date=when.end,
            source=draft.source.actor(),
            target=target,
            cameo=code.code,
            cameo_name=code.name,
            plover=Plover(type=code.plover_type, mode=code.plover_mode),
            quad_class=code.quad_class,
            goldstein=code.goldstein,
            modality=draft.modality,
            attributed_to=draft.attributed_to,
            sentence=text,
            sentence_index=number,
            char_span=(start, start + len(text)),
            trigger=trigger,
            location=location,
        )


def article_record(result: Result) -> ArticleRecord:
    """One article with what was read in it, for `dyad code --articles`."""
    article = result.article
    return ArticleRecord(
        article_id=article.id,
        title=article.title,
        subtitle=article.subtitle,
        dateline=article.dateline,
        dateline_place=result.dateline,
        byline=article.byline,
        published=article.published,
        language=article.language,
        url=article.url,
        source=article.source,
        word_count=sum(1 for w in article.text.split() if any(c.isalnum() for c in w)),
        places=result.places,
        quotes=result.quotes,
        events=result.events,
    )


def _attribute(draft: Draft, quotes: list[Quote]) -> None:
    """An event inside a quote is the speaker's word for it, even sentences away from "said"."""
    if draft.attributed_to is not None:
        return
    at = draft.trigger[0].idx
    for quote in quotes:
        code = quote.speaker.code if quote.speaker else None
        if quote.char_span[0] <= at < quote.char_span[1] and code and code != draft.source.code:
            draft.attributed_to = code
            return


_WORKER: Coder | None = None


def _work(batch: list[Article]) -> list[Result]:
    return list(_WORKER._code_batch(batch))
