"""Views of a parsed Doc that spaCy rebuilds on every access, made once per doc.

Assigns nothing. ``doc[i]``, ``for t in span``, ``span.text``, ``doc.sents`` and ``token.sent``
each create new Token and Span objects (``Doc.text`` joins the whole text again): the stages
after the parse did that some 25 times per token, a quarter of their time. Here the doc being
coded gets its token list, text, sentences and a memo dict once; the next doc replaces them
(one slot: the stages code one doc at a time, and holding the doc here adds no reference cycle,
so a coded doc is freed as soon as the next one comes). Every access checks which doc it is
given, so two threads coding at once get right answers; they only rebuild each other's view."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from threading import Lock
from typing import Any

from numpy import flatnonzero
from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab


class _View:
    __slots__ = ("doc", "tokens", "text", "_sentences", "_starts", "_heads", "_children", "memo")

    def __init__(self, doc: Doc, text: str | None = None):
        self.doc = doc
        self.tokens: list[Token] = list(doc)
        self.text: str = doc.text if text is None else text
        self._sentences: list[Span] | None = None
        self._starts: list[int] | None = None
        self._heads: list[int] | None = None
        self._children: list[list[Token]] | None = None
        self.memo: dict[Any, Any] = {}

    @property
    def sentences(self) -> list[Span]:
        if self._sentences is None:
            self._sentences = list(self.doc.sents)
            self._starts = [s.start for s in self._sentences]
        return self._sentences

    @property
    def heads(self) -> list[int]:
        if self._heads is None:
            offsets = self.doc.to_array(HEAD).view("int64").tolist()  # offsets, stored unsigned
            self._heads = [i + offset for i, offset in enumerate(offsets)]
        return self._heads

    @property
    def children(self) -> list[list[Token]]:
        # spaCy's token.children walks the token's whole subtree span on every call (a verb's is
        # its sentence); one pass over the heads gives every token's, in the same (index) order
        if self._children is None:
            found: list[list[Token]] = [[] for _ in self.tokens]
            tokens = self.tokens
            for i, head in enumerate(self.heads):
                if head != i:  # the root is its own head
                    found[head].append(tokens[i])
            self._children = found
        return self._children


_VIEW: _View | None = None


def _view(doc: Doc) -> _View:
    global _VIEW
    view = _VIEW
    if view is None or view.doc is not doc:
        view = _VIEW = _View(doc)
    return view


def tokens(doc: Doc) -> list[Token]:
    """The doc's tokens (``tokens(doc)[i]`` is ``doc[i]``), made once."""
    return _view(doc).tokens


def children(token: Token) -> list[Token]:
    """``list(token.children)``: the token's syntactic dependents, in order. Read, never change."""
    view = _VIEW
    if view is None or view.doc is not token.doc:
        view = _view(token.doc)
    return view.children[token.i]


def heads(doc: Doc) -> list[int]:
    """``[t.head.i for t in doc]``, made once: the index of each token's head (a root's own)."""
    return _view(doc).heads


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once."""
    return _view(doc).text


def span_text(span: Span) -> str:
    """``span.text`` (no trailing space), sliced from the doc's text."""
    return _view(span.doc).text[span.start_char : span.end_char]


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, made once."""
    return _view(doc).sentences


def sentence_of(token: Token) -> Span:
    """``token.sent``: the sentence holding the token, found among the doc's sentences."""
    view = _view(token.doc)
    found = view.sentences
    return found[bisect_right(view._starts, token.i) - 1]


def word_indices(doc: Doc, test: Callable[[str], bool]) -> list[int]:
    """The indices of the tokens whose text passes `test` (a module-level function: it names the
    flag), read in bulk from a flag on each word of the vocabulary (see :func:`word_passes`).
    No Token object is made and no dict is asked per token (a lookup per token per test was 5%
    of the stages' time)."""
    return flatnonzero(doc.to_array(_flag(doc.vocab, test))).tolist() if len(doc) else []


def word_passes(token: Token, test: Callable[[str], bool]) -> bool:
    """``test(token.text)``, read from the flag that spaCy's ``Vocab.add_flag`` keeps on each
    word of the vocabulary: every word is tested once, when the vocab first holds it."""
    return token.check_flag(_flag(token.vocab, test))


def _flag(vocab: Vocab, test: Callable[[str], bool]) -> int:
    flag = _FLAGS.get((id(vocab), test))
    if flag is None:
        with _FLAGGING:
            flag = _FLAGS.get((id(vocab), test))
            if flag is None:
                _FLAGGED.append(vocab)  # held: its id is never another vocab's
                flag = _FLAGS[(id(vocab), test)] = vocab.add_flag(test)
    return flag


_FLAGS: dict[tuple[int, Callable[[str], bool]], int] = {}  # (vocab's id, test) -> the flag bit of its answers
_FLAGGED: list[Vocab] = []
_FLAGGING = Lock()


def by_id(keys: list[int], table: dict[int, Any], make: Callable[[int], Any]) -> list[Any]:
    """``[table[k] for k in keys]``, where a key not yet in `table` gets ``make(key)`` first, once:
    answers kept per distinct word (or string) id across docs, read for a whole doc at C speed."""
    try:
        return list(map(table.__getitem__, keys))
    except KeyError:
        for key in set(keys).difference(table):
            table[key] = make(key)
        return list(map(table.__getitem__, keys))


def column(doc: Doc, attr: int) -> list[int]:
    """``doc.to_array(attr)`` as a list of ints (an attribute id per token: POS, LEMMA, ORTH,
    IS_PUNCT, ...), made once per doc. Not for HEAD (stored unsigned: see :func:`children`)."""
    known = _view(doc).memo
    found = known.get(("column", attr))
    if found is None:
        found = known[("column", attr)] = doc.to_array(attr).tolist()
    return found


def strings(doc: Doc, attr: int) -> list[str]:
    """The string of a string-valued attribute (ORTH, LOWER, LEMMA, TAG, DEP) for every token:
    ``[t.lemma_ for t in doc]`` for LEMMA, made once per doc; each distinct string is decoded
    once per process (spaCy decodes it again at every ``token.lemma_``)."""
    known = _view(doc).memo
    found = known.get(("strings", attr))
    if found is None:
        found = known[("strings", attr)] = by_id(column(doc, attr), _DECODED, doc.vocab.strings.__getitem__)
    return found


_DECODED: dict[int, str] = {}  # string id -> the string (ids are hashes of the text: one table serves any vocab)


def memo(doc: Doc) -> dict[Any, Any]:
    """A dict that lives as long as the doc is the one being coded: for what a stage would
    otherwise work out again for each event of a sentence."""
    return _view(doc).memo


def attach(doc: Doc, text: str) -> None:
    """Make `doc` the one being coded, with `text`, the string it was parsed from (``doc.text``
    joins every token's text again, the largest cost of making the views). A text whose length
    is not the doc's (a model whose tokenizer changes the text) is not used: the doc's own is."""
    global _VIEW
    last = doc[-1] if len(doc) else None
    if (last.idx + len(last.text_with_ws) if last is not None else 0) != len(text):
        text = None
    _VIEW = _View(doc, text)


def release() -> None:
    """Forget the current doc (the coder calls this when an article is done)."""
    global _VIEW
    _VIEW = None


def span_tokens(span: Span) -> list[Token]:
    """``list(span)``: the span's tokens, from the doc's list."""
    return _view(span.doc).tokens[span.start : span.end]


def slice_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` without making the span."""
    if end <= start:
        return ""
    view = _view(doc)
    last = view.tokens[end - 1]
    return view.text[view.tokens[start].idx : last.idx + len(last)]
