"""docs/dictionaries.md: every example in it loads, passes the data checks, and codes as it says."""

import re
from pathlib import Path

import pytest
import yaml

from dyad.actors.dictionary import load_actor_dictionary
from dyad.actors.matcher import find_mentions
from dyad.events.codes import load_cameo_table
from dyad.events.verbs import load_verb_dictionary
from tests.test_actor_data import check_organization_like

DOC = Path(__file__).resolve().parents[1] / "docs" / "dictionaries.md"


def blocks() -> list[list[dict] | dict]:
    """The YAML code blocks of the document, parsed."""
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)]


def inline_entries() -> list[dict]:
    """The one-line entries written in the prose: `{code: ..., ...}`."""
    text = DOC.read_text(encoding="utf-8").replace("\n", " ")
    return [yaml.safe_load(m) for m in re.findall(r"`(\{code: [^`]*\})`", text)]


def actor_blocks() -> dict[str, list[dict]]:
    found = {}
    for block in blocks():
        if isinstance(block, list) and "roles" in block[0]:
            found["people"] = block
        elif isinstance(block, list) and "adjectives" in block[0]:
            found["countries"] = block
        elif isinstance(block, list) and "code" in block[0]:
            found["organizations"] = block
        elif isinstance(block, list) and "cameo_role" in block[0]:
            found["agents"] = block
    return found


def test_every_kind_has_an_example():
    assert set(actor_blocks()) == {"countries", "organizations", "agents", "people"}
    assert len(inline_entries()) == 2


def test_organization_examples_pass_the_data_checks():
    for entry in actor_blocks()["organizations"]:
        check_organization_like(entry, "organizations")
    for entry in inline_entries():
        check_organization_like(entry, "state_bodies")


@pytest.fixture(scope="module")
def doc_dictionary(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("doc_dictionaries")
    files = []
    for name, entries in {**actor_blocks(), "state_bodies": inline_entries()}.items():
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(entries), encoding="utf-8")
        files.append(path)
    return load_actor_dictionary(lambda t: [w.text for w in nlp.tokenizer(t)], files, builtin=False)


@pytest.mark.parametrize(
    "text, code, sector",
    [
        ("Xinhua said the talks went well.", "CHNMED", "JRN"),  # CAMEO's MED (media) is PLOVER's JRN
        ("The State Duma voted on Monday.", "RUSLEG", "LEG"),
        ("The North Korean official spoke.", "PRKGOV", "GOV"),
        ("Putin spoke on Monday.", "RUSGOV", "GOV"),
        ("The UN met.", "IGOUNO", None),
    ],
)
def test_examples_code_as_documented(nlp, doc_dictionary, text, code, sector):
    doc = nlp(text)
    (mention,) = [m for m in find_mentions(doc, doc_dictionary, None) if m.is_actor]
    assert (mention.code, mention.actor().sector) == (code, sector)


def test_verb_example_loads(tmp_path):
    (verbs,) = [b for b in blocks() if isinstance(b, dict)]
    path = tmp_path / "verbs.yaml"
    path.write_text(yaml.safe_dump(verbs), encoding="utf-8")
    verbs = load_verb_dictionary(load_cameo_table(), [path], builtin=False)
    assert {"praise", "hail", "put", "express"} <= set(verbs.verbs) and "endorsement" in verbs.nouns
