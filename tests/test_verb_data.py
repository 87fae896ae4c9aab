"""Invariants of the CAMEO event table (src/dyad/data/cameo.tsv) and the built-in verb
dictionaries (src/dyad/data/verbs/*.yaml, format: docs/dictionaries.md, section "Verbs").

They check the table's columns and values, that every code has patterns and every pattern a
known code, that patterns are written as lowercase lemmas, and that no pattern (after its
`a|b` alternatives are spelled out) is given to two codes, which the matcher could only
resolve by accident. Two files hold pseudo-codes: `none` (senses that are no event) and
`noun` (light verbs coded by their object noun, which may fall back to the verb's own
patterns). They read nothing outside the repository.
"""

from __future__ import annotations

import collections
import csv
import itertools
import re
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "dyad" / "data"
TABLE = DATA / "cameo.tsv"
VERBS = DATA / "verbs"

HEADER = ["code", "name", "goldstein", "quad_class", "plover_type", "plover_mode"]
ROOT_FILES = {
    "01": "01_statement.yaml",
    "02": "02_appeal.yaml",
    "03": "03_intent.yaml",
    "04": "04_consult.yaml",
    "05": "05_diplomatic_cooperation.yaml",
    "06": "06_material_cooperation.yaml",
    "07": "07_aid.yaml",
    "08": "08_yield.yaml",
    "09": "09_investigate.yaml",
    "10": "10_demand.yaml",
    "11": "11_disapprove.yaml",
    "12": "12_reject.yaml",
    "13": "13_threaten.yaml",
    "14": "14_protest.yaml",
    "15": "15_force_posture.yaml",
    "16": "16_reduce_relations.yaml",
    "17": "17_coerce.yaml",
    "18": "18_assault.yaml",
    "19": "19_fight.yaml",
    "20": "20_mass_violence.yaml",
}
PSEUDO_FILES = {"none": "00_not_events.yaml", "noun": "00_light_verbs.yaml"}
PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "SANCTION",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}
CODE = re.compile(r"^\d{3,4}$")
WORD = re.compile(r"^[a-z][a-z']*$")  # one lemma: lowercase letters (spaCy splits hyphens off)


def quad_for_root(root: str) -> int:
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


@pytest.fixture(scope="module")
def table() -> dict[str, dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        assert reader.fieldnames == HEADER
        rows = list(reader)
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes)), "a code appears twice in cameo.tsv"
    return {row["code"]: row for row in rows}


@pytest.fixture(scope="module")
def verb_files() -> dict[str, dict]:
    loaded = {}
    for path in sorted(VERBS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path.name
        loaded[path.name] = data
    return loaded


@pytest.fixture(scope="module")
def patterns(verb_files) -> list[tuple[str, str, str, str]]:
    """(file, code, kind, pattern text) for every pattern."""
    found = []
    for name, data in verb_files.items():
        for code, entry in data.items():
            for kind in ("verbs", "nouns", "subjects", "modifiers"):
                for text in (entry or {}).get(kind) or []:
                    found.append((name, code, kind, text))
    return found


def test_table_rows(table):
    for code, row in table.items():
        assert CODE.match(code), f"bad code {code!r}"
        assert row["name"].strip(), code
        goldstein = float(row["goldstein"])
        assert -10.0 <= goldstein <= 10.0, code
        assert int(row["quad_class"]) == quad_for_root(code[:2]), code
        if code[:2] in ("01", "02"):  # PLOVER drops CAMEO's statements and appeals
            assert row["plover_type"] == "" and row["plover_mode"] == "", code
        else:
            assert row["plover_type"] in PLOVER_TYPES, code
        if len(code) == 4:
            assert code[:3] in table, f"{code} has no parent {code[:3]}"


def test_table_has_every_root(table):
    roots = {code[:2] for code in table}
    assert roots == set(ROOT_FILES)
    for root in ROOT_FILES:
        assert root + "0" in table, f"root {root} lacks its residual code {root}0"


def test_one_file_per_root(verb_files):
    assert set(verb_files) == set(ROOT_FILES.values()) | set(PSEUDO_FILES.values())
    for code, name in PSEUDO_FILES.items():
        assert set(verb_files[name]) == {code}, name
    for root, name in ROOT_FILES.items():
        for code, entry in verb_files[name].items():
            assert isinstance(code, str), f"{name}: code {code!r} must be quoted"
            assert code[:2] == root, f"{name}: code {code} belongs to another root"
            keys = {"verbs", "nouns", "subjects", "modifiers"}
            assert isinstance(entry, dict) and set(entry) <= keys, f"{name}: {code}"


def test_codes_exist_in_table(table, verb_files):
    for name, data in verb_files.items():
        for code in data:
            assert code in table or code in PSEUDO_FILES, f"{name}: unknown CAMEO code {code}"


def test_light_verbs_are_verbs(verb_files):
    assert set(verb_files[PSEUDO_FILES["noun"]]["noun"]) == {"verbs"}


def test_every_code_has_a_pattern(table, patterns):
    covered = {code for _, code, _, _ in patterns}
    missing = sorted(code for code in table if code not in covered)
    assert not missing, f"codes without a pattern: {missing}"
    three_digit = [code for code in table if len(code) == 3]
    assert all(code in covered for code in three_digit)


def test_patterns_are_lowercase_lemmas(patterns):
    for name, code, _kind, text in patterns:
        assert isinstance(text, str) and text.strip(), f"{name} {code}: empty pattern"
        assert text == text.lower() and text == text.strip(), f"{name} {code}: {text!r}"
        for position in text.split():
            options = position.split("|")
            assert len(options) == len(set(options)), f"{name} {code}: repeated option in {text!r}"
            for word in options:
                assert WORD.match(word), f"{name} {code}: {word!r} in {text!r} is not a lemma"


def test_no_pattern_given_to_two_codes(patterns):
    codes_for = collections.defaultdict(set)
    for _, code, kind, text in patterns:
        if code == "noun":  # a light verb falls back to its own patterns when its object names nothing
            continue
        for words in itertools.product(*(position.split("|") for position in text.split())):
            codes_for[(kind, " ".join(words))].add(code)
    clashes = {key: sorted(codes) for key, codes in codes_for.items() if len(codes) > 1}
    assert not clashes, f"{len(clashes)} patterns under two codes, e.g. {sorted(clashes.items())[:5]}"


def test_no_pattern_repeated_within_a_code(patterns):
    seen = collections.Counter((code, kind, text) for _, code, kind, text in patterns)
    repeated = [key for key, count in seen.items() if count > 1]
    assert not repeated, repeated[:5]


def test_dictionary_size(patterns):
    assert len(patterns) >= 1500


def test_no_key_repeated_within_a_code():
    """YAML keeps only the last of two equal keys: a second `modifiers:` would drop the first list."""

    class StrictLoader(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
        repeated = [key for key, count in collections.Counter(keys).items() if count > 1]
        assert not repeated, f"{node.start_mark}: repeated keys {repeated}"
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    for path in sorted(VERBS.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=StrictLoader)
