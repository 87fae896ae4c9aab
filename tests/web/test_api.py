"""The REST API in-process (TestClient) over the seed article and two small stories: exact records,
pagination, aggregates, errors, and the token rules."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from dyad.cli.main import main
from dyad.store import EventQuery, open_store
from dyad.store.query import find_events, record
from dyad.web.app import create_app
from tests.web.conftest import STORIES, TOKEN

ASSERTED = ("asserted",)


def expected(store, **filters) -> list[tuple]:
    """What the store's own query gives (``dyad events``), as keys: the API must say the same."""
    query = EventQuery(**{"modality": ASSERTED, **filters})
    return [key(record(row)) for row in find_events(store, query)]


def key(e: dict) -> tuple:
    return (e["source"]["code"], e["target"] and e["target"]["code"], e["cameo"], e["date"], e["mentions"])


def events(client: TestClient, query: str = "") -> list[tuple]:
    response = client.get(f"/api/events?limit=500&{query}")
    assert response.status_code == 200, response.text
    return [key(e) for e in response.json()["events"]]


def test_all_events_in_order(client, store):
    got = events(client)
    assert got == expected(store)
    # the two small stories, coded the same by any coder that reads them right (mention counts may move)
    facts = [g[:4] for g in got]
    assert ("UKR", "RUS", "1123", "2022-11-15") in facts and ("FRA", "DEU", "051", "2023-01-10") in facts
    assert ("PRK", "RUS", "051", "2022-10-04") in facts  # the founding article's headline


def test_modality_default_is_asserted_on_every_endpoint(client, store):
    every = events(client, "modality=all")
    assert every == expected(store, modality=None) and len(every) > len(events(client))
    modalities = {e["modality"] for e in client.get("/api/events?limit=500&modality=all").json()["events"]}
    assert "asserted" in modalities and modalities - {"asserted"}, "the fixture must hold non-asserted events"
    assert {e["modality"] for e in client.get("/api/events?limit=500").json()["events"]} == {"asserted"}
    for other in sorted(modalities - {"asserted"}):
        assert {e["modality"] for e in client.get(f"/api/events?limit=500&modality={other}").json()["events"]} == {
            other
        }

    def counted(url: str) -> int:
        body = client.get(url).json()
        if "buckets" in body:
            return sum(b["count"] for b in body["buckets"]) + sum(s["count"] for s in body["spread"])
        if "edges" in body:
            return sum(e["count"] for e in body["edges"])
        return sum(f["properties"]["count"] for f in body["features"])

    dated = lambda rows: [r for r in rows if r[3] is not None]  # noqa: E731
    targeted = lambda rows: [r for r in rows if r[1] is not None]  # noqa: E731
    assert counted("/api/timeseries") == len(dated(events(client)))
    assert counted("/api/timeseries?modality=all") == len(dated(every))
    assert counted("/api/network?limit=500") == len(targeted(events(client)))
    assert counted("/api/network?limit=500&modality=all") == len(targeted(every))
    assert counted("/api/map?modality=all") > counted("/api/map")
    csv_default = client.get("/api/events.csv").text.strip().splitlines()
    csv_all = client.get("/api/events.csv?modality=all").text.strip().splitlines()
    assert len(csv_default) == len(events(client)) + 1 and len(csv_all) == len(every) + 1


@pytest.mark.parametrize("bad", ["maybe", "", "asserted,nope"])
def test_bad_modality_is_422(client, bad):
    response = client.get(f"/api/events?modality={bad}")
    assert response.status_code == 422 and response.json()["field"] == "modality"


def test_cursor_pages_cover_everything_once(client, store):
    seen, cursor, pages = [], None, 0
    while True:
        body = client.get("/api/events", params={"limit": 4, **({"cursor": cursor} if cursor else {})}).json()
        assert len(body["events"]) <= 4
        seen += [key(e) for e in body["events"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == expected(store) and pages == -(-len(seen) // 4)


@pytest.mark.parametrize(
    "query, filters",
    [
        ("source=UKR", {"source": "UKR"}),
        ("target=rus&source=prk", {"target": "rus", "source": "prk"}),
        ("dyad=DEU,FRA", {"dyad": ("DEU", "FRA")}),
        ("cameo=05", {"cameo": "05"}),
        ("plover=assault", {"plover": "assault"}),
        ("since=2022-11-01&until=2022-12-31", {"since": dt.date(2022, 11, 1), "until": dt.date(2022, 12, 31)}),
        ("country=DEU", {"country": "DEU"}),
        ("country=UKR", {"country": "UKR"}),
        ("text=praised+Germany", {"text": "praised Germany"}),
    ],
)
def test_filters(client, store, query, filters):
    got = events(client, query)
    assert got and got == expected(store, **filters)


@pytest.mark.parametrize(
    "query, fact",
    [
        ("source=UKR", ("UKR", "RUS", "1123", "2022-11-15")),
        ("dyad=DEU,FRA", ("FRA", "DEU", "051", "2023-01-10")),
        ("country=DEU", ("FRA", "DEU", "051", "2023-01-10")),  # FRA signed in Berlin
        ("since=2022-11-01&until=2022-12-31", ("UKR", "RUS", "1123", "2022-11-15")),
        ("text=praised+Germany", ("FRA", "DEU", "051", "2023-01-10")),
    ],
)
def test_filters_find_the_stories(client, query, fact):
    got = events(client, query)
    assert fact in [g[:4] for g in got] and all(g in events(client) for g in got)


def test_event_evidence_marks_sentence_actors_and_trigger(client):
    first = client.get("/api/events?source=PRK&target=RUS").json()["events"][0]
    mention = first["mention_evidence"][0]
    assert mention == {
        "event_id": mention["event_id"],
        "article_id": "seed_article",
        "title": "North Korea supports Russia's decision to annex 4 Ukrainian regions",
        "url": None,
        "source": None,
        "published": "2022-10-04",
        "date": "2022-10-04",
        "modality": "asserted",
        "sentence": "North Korea supports Russia's decision to annex 4 Ukrainian regions",
        "sentence_span": [0, 67],
        "trigger": "supports",
        "trigger_spans": [[12, 20]],
        "source_text": "North Korea",
        "source_spans": [[0, 11]],
        "target_text": "Russia",
        "target_spans": [[21, 27]],
    }
    assert len(first["mention_evidence"]) == 2
    article = client.get("/api/articles/seed_article").json()
    for m in first["mention_evidence"]:
        start, end = m["sentence_span"]
        assert article["text"][start:end] == m["sentence"]
        for spans, words in [
            (m["trigger_spans"], m["trigger"]),
            (m["source_spans"], m["source_text"]),
            (m["target_spans"], m["target_text"]),
        ]:
            for a, b in spans:
                assert start <= a < b <= end and article["text"][a:b].lower() in words.lower()


def test_event_by_id_with_place(client):
    shelling = client.get("/api/events?plover=ASSAULT&country=UKR").json()["events"][0]
    one = client.get(f"/api/events/{shelling['id']}")
    assert one.status_code == 200
    body = one.json()
    assert key(body) == ("RUSMIL", None, "190", "2022-11-13", 1)
    assert [(p["name"], p["country"]) for p in body["places"]] == [("Kharkiv", "UKR")]
    ev = body["mention_evidence"][0]
    assert (ev["title"], ev["url"], ev["source"]) == (
        "Ukraine accuses Russia of shelling Kharkiv",
        "https://news.example/kharkiv",
        "Example Wire",
    )
    assert ev["sentence"] == "Russian troops attacked Kharkiv on Sunday, Ukrainian officials said."


def test_article_with_quotes_places_events(client, store):
    body = client.get("/api/articles/seed_article").json()
    text = body["text"]
    assert (body["title"], body["published"], body["dateline"]) == (
        "North Korea supports Russia's decision to annex 4 Ukrainian regions",
        "2022-10-04",
        "ANKARA",
    )
    from sqlalchemy import func, select

    from dyad.store.schema import mentions, places, quotes

    with store.read() as conn:
        stored = [
            conn.execute(select(func.count()).select_from(table).where(table.c.article == body["id"])).scalar_one()
            for table in (mentions, quotes, places)
        ]
    assert [len(body["events"]), len(body["quotes"]), len(body["places"])] == stored
    assert min(stored) >= 5  # the founding article: many events, quotes and places
    for quote in body["quotes"]:
        assert text[quote["span"][0] : quote["span"][1]] == quote["text"]
    assert body["quotes"][0]["speaker"]["code"] == "PRKGOV"
    for place in body["places"]:
        if place["span"]:
            assert place["span"][1] > place["span"][0]
    for event in body["events"]:
        assert text[event["sentence_span"][0] : event["sentence_span"][1]] == event["sentence"]
    by_row = client.get(f"/api/articles/{body['id']}").json()
    assert by_row["article_id"] == "seed_article"


def test_timeseries_month_zero_filled(client, store):
    body = client.get("/api/timeseries?interval=month").json()
    assert body["interval"] == "month" and body["next_cursor"] is None
    months: dict[str, int] = {}
    for row in expected(store):
        if row[3] is not None:
            months[row[3][:7] + "-01"] = months.get(row[3][:7] + "-01", 0) + 1
    periods = [b["period"] for b in body["buckets"]]
    assert periods[0] == min(months) and periods[-1] == max(months)
    for earlier, later in zip(periods, periods[1:]):  # every month, none skipped
        y, m = int(earlier[:4]), int(earlier[5:7])
        assert later == (f"{y}-{m + 1:02d}-01" if m < 12 else f"{y + 1}-01-01")
    assert {b["period"]: b["count"] for b in body["buckets"]} == {p: months.get(p, 0) for p in periods}
    assert body["spread"] == []  # a month-precise event fits a month
    nov = next(b for b in body["buckets"] if b["period"] == "2022-11-01")
    in_nov = [
        record(r)
        for r in find_events(
            store, EventQuery(modality=ASSERTED, since=dt.date(2022, 11, 1), until=dt.date(2022, 11, 30))
        )
    ]
    quads: dict[str, list] = {}
    for event in in_nov:
        quads.setdefault(str(event["quad_class"]), []).append(event["goldstein"])
    assert nov["by_quad"] == {
        q: {"count": len(g), "goldstein_sum": round(sum(g), 4), "goldstein_mean": round(sum(g) / len(g), 4)}
        for q, g in sorted(quads.items())
    }
    assert {"3", "4"} <= set(nov["by_quad"])  # the Kharkiv story: an accusation, an attack
    assert set(nov["by_plover"]) == {e["plover"]["type"] for e in in_nov} >= {"ACCUSE", "ASSAULT"}
    dec = next(b for b in body["buckets"] if b["period"] == "2022-12-01")
    assert dec == {
        "period": "2022-12-01",
        "count": 0,
        "goldstein_sum": 0.0,
        "goldstein_mean": None,
        "by_quad": {},
        "by_plover": {},
    }


def test_timeseries_month_dates_spread_on_a_week_axis(client, store):
    by_month = [r for r in expected(store) if r[3] is not None and len(r[3]) == 7]
    assert by_month, "the fixture must hold an event dated to a month only"
    body = client.get("/api/timeseries?interval=week").json()
    spread = body["spread"]
    assert sum(s["count"] for s in spread) == len(by_month)
    assert all(s["precision"] == "month" and s["start"].endswith("-01") for s in spread)
    weeks = body["buckets"]
    assert sum(b["count"] for b in weeks) == len([r for r in expected(store) if r[3] and len(r[3]) == 10])
    assert weeks[0]["period"] == "2022-10-03"  # the first day-dated event (a Monday)


def test_timeseries_spread_keeps_year_dates_off_january(store, monkeypatch):
    from dyad.store.analytics import PeriodCount
    from dyad.web.api import charts

    found = [
        PeriodCount(dt.date(2021, 1, 1), dt.date(2021, 12, 31), "year", 4, "ASSAULT", 5, -50.0),
        PeriodCount(dt.date(2021, 3, 2), dt.date(2021, 3, 2), "day", 1, "SUPPORT", 2, 6.0),
        PeriodCount(dt.date(2021, 5, 1), dt.date(2021, 5, 31), "month", 3, "ACCUSE", 1, -2.0),
    ]
    monkeypatch.setattr(charts, "periods", lambda store, query: found)
    body = charts.get_timeseries(store, EventQuery(), "month", 500, None)
    assert [(b.period, b.count) for b in body.buckets] == [("2021-03-01", 2), ("2021-04-01", 0), ("2021-05-01", 1)]
    assert [(s.start, s.end, s.precision, s.count) for s in body.spread] == [("2021-01-01", "2021-12-31", "year", 5)]
    days = charts.get_timeseries(store, EventQuery(), "day", 500, None)
    assert [(b.period, b.count) for b in days.buckets] == [("2021-03-02", 2)]
    assert [(s.precision, s.count) for s in days.spread] == [("year", 5), ("month", 1)]


def test_timeseries_week_and_day(client, store):
    weeks = client.get("/api/timeseries?interval=week&country=UKR&since=2022-11-01").json()["buckets"]
    kharkiv = expected(store, country="UKR", since=dt.date(2022, 11, 1))
    mondays: dict[str, int] = {}
    for event in kharkiv:
        day = dt.date.fromisoformat(event[3])
        monday = (day - dt.timedelta(days=day.weekday())).isoformat()
        mondays[monday] = mondays.get(monday, 0) + 1
    assert [(b["period"], b["count"]) for b in weeks] == sorted(mondays.items())
    assert [b["period"] for b in weeks] == ["2022-11-07", "2022-11-14"]  # the attack (Sunday 13th), the accusation
    days = client.get("/api/timeseries?interval=day&since=2023-01-01").json()["buckets"]
    energy = [record(r) for r in find_events(store, EventQuery(modality=ASSERTED, since=dt.date(2023, 1, 1)))]
    mean = round(sum(e["goldstein"] for e in energy) / len(energy), 4)
    assert [(b["period"], b["count"], b["goldstein_mean"]) for b in days] == [("2023-01-10", len(energy), mean)]


def _dyads(store, by: str = "code", **filters) -> dict[tuple[str, str], list[dict]]:
    """The events with a target grouped by (source, target) code or country, from the store's query."""
    found: dict[tuple[str, str], list[dict]] = {}
    for row in find_events(store, EventQuery(modality=ASSERTED, **filters)):
        event = record(row)
        if event["target"] and event["source"][by] and event["target"][by]:
            found.setdefault((event["source"][by], event["target"][by]), []).append(event)
    return found


def test_network(client, store):
    body = client.get("/api/network?since=2022-11-01").json()
    pairs = _dyads(store, since=dt.date(2022, 11, 1))
    assert body["group"] == "actor" and body["edge_total"] == len(pairs)
    assert [(e["source"], e["target"]) for e in body["edges"]] == sorted(pairs, key=lambda p: (-len(pairs[p]), p))
    for edge in body["edges"]:
        found = pairs[(edge["source"], edge["target"])]
        assert edge["count"] == len(found)
        assert edge["cooperative"] == sum(e["quad_class"] in (1, 2) for e in found)
        assert edge["conflictual"] == sum(e["quad_class"] in (3, 4) for e in found)
        assert edge["goldstein_mean"] == round(sum(e["goldstein"] for e in found) / len(found), 4)
    ukr = next(e for e in body["edges"] if (e["source"], e["target"]) == ("UKR", "RUS"))
    assert ukr == {
        "source": "UKR",
        "target": "RUS",
        "count": 1,
        "goldstein_mean": -2.0,
        "cooperative": 0,
        "conflictual": 1,
    }
    assert ("FRA", "DEU") in pairs
    names = {n["id"]: (n["name"], n["country"]) for n in body["nodes"]}
    assert names["UKR"] == ("Ukraine", "UKR") and names["FRA"] == ("France", "FRA")
    assert sorted(names) == sorted({code for pair in pairs for code in pair})
    everything = _dyads(store)
    page = client.get("/api/network?limit=2").json()
    assert page["edge_total"] == len(everything) and len(page["edges"]) == 2
    rest = client.get(f"/api/network?limit=500&cursor={page['next_cursor']}").json()
    assert len(rest["edges"]) == len(everything) - 2 and rest["next_cursor"] is None
    assert {(e["source"], e["target"]) for e in page["edges"] + rest["edges"]} == set(everything)


def test_network_by_country(client, store):
    body = client.get("/api/network?since=2022-11-01&group=country").json()
    pairs = _dyads(store, by="country", since=dt.date(2022, 11, 1))
    assert body["group"] == "country"
    assert {(e["source"], e["target"]): e["count"] for e in body["edges"]} == {p: len(v) for p, v in pairs.items()}
    assert next(e for e in body["edges"] if (e["source"], e["target"]) == ("UKR", "RUS"))["count"] >= 1
    nodes = {n["id"]: n["name"] for n in body["nodes"]}
    assert nodes["UKR"] == "Ukraine" and nodes["RUS"] == "Russia" and nodes["FRA"] == "France"


def test_map_geojson(client):
    body = client.get("/api/map?since=2022-11-01").json()
    assert body["type"] == "FeatureCollection"
    got = [
        (f["properties"]["name"], f["properties"]["basis"], f["properties"]["count"], f["geometry"]["coordinates"])
        for f in body["features"]
    ]
    assert ("Berlin", "place", 2, [13.41053, 52.52437]) in got  # FRA and DEU signed in Berlin
    assert ("Kharkiv", "place", 1, [36.25475, 49.98177]) in got  # the attack on Kharkiv
    assert got == sorted(got, key=lambda f: (-f[2], f[0]))  # largest first
    from dyad.web.api.charts import country_point

    assert country_point("UKR") == ("Ukraine", 48.44933, 31.77566)
    for feature in body["features"]:
        props = feature["properties"]
        if props["basis"] == "country":  # unplaced events at their source's country, the gazetteer's point
            name, lat, lon = country_point(props["country"])
            assert (props["name"], feature["geometry"]["coordinates"]) == (name, [lon, lat])


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/events?since=2022-13-01", "since"),
        ("/api/events?until=yesterday", "until"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=501", "limit"),
        ("/api/events?dyad=USA", "dyad"),
        ("/api/events?country=Ukraine", "country"),
        ("/api/events?cameo=abc", "cameo"),
        ("/api/events?source=U%20S", "source"),
        ("/api/events?cursor=bogus", "cursor"),
        ("/api/events?since=2023-01-01&until=2022-01-01", "since"),
        ("/api/timeseries?interval=year", "interval"),
        ("/api/network?limit=1000", "limit"),
        ("/api/map?cursor=WyJldmVudHMiLDVd", "cursor"),
        ("/api/events/abc", "event_id"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(client, url, field):
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["field"] == field and field in response.json()["error"]


@pytest.mark.parametrize(
    "url", ["/api/events/99999", "/api/articles/no-such-article", "/api/articles/99999", "/api/nothing"]
)
def test_unknown_is_404(client, url):
    response = client.get(url)
    assert response.status_code == 404 and "error" in response.json()


def test_catch_all_hides_the_trace(store, monkeypatch):
    import dyad.web.api.events as handlers

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(handlers, "events_after", broken)
    response = TestClient(create_app(store), raise_server_exceptions=False).get("/api/events")
    assert response.status_code == 500
    assert response.json() == {"error": "internal server error"}
    assert "secret" not in response.text and "Traceback" not in response.text


def test_openapi_and_dashboard(client):
    spec = client.get("/openapi.json").json()
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/articles/{article_id}",
        "/api/articles",
        "/api/timeseries",
        "/api/network",
        "/api/map",
    } <= set(spec["paths"])
    page = client.get("/")
    assert page.status_code == 200 and '<svg id="map"' in page.text
    for asset in ("app.js", "charts.js", "style.css", "world.json"):
        assert client.get(f"/static/{asset}").status_code == 200
    assert len(client.get("/static/world.json").json()["features"]) > 150


# ---------------------------------------------------------------- tokens


ONE = {
    "id": "brief",
    "published": "2023-03-01",
    "url": "https://news.example/brief",
    "source": "Example Wire",
    "title": "Japan praises South Korea",
    "text": "TOKYO\nJapan on Wednesday praised South Korea for the deal.",
}


def test_writes_disabled_without_token(client):
    response = client.post("/api/articles", json=ONE)
    assert response.status_code == 403
    assert "--token" in response.json()["error"]


@pytest.fixture()
def writable(tmp_path, coder):
    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as store:
        yield TestClient(create_app(store, token=TOKEN, coder_factory=lambda: coder), raise_server_exceptions=False)


def test_post_needs_the_right_token(writable):
    assert writable.post("/api/articles", json=ONE).status_code == 401
    wrong = writable.post("/api/articles", json=ONE, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json() == {"error": "wrong token"}
    assert writable.get("/api/events").status_code == 200  # reading stays open


def test_post_codes_and_stores(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = writable.post("/api/articles", json=ONE, headers=auth)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["summary"]["new"] == 1 and body["articles"][0]["article_id"] == "brief"
    assert body["articles"][0]["stored"] and body["articles"][0]["events"] >= 1
    article = writable.get("/api/articles/brief").json()
    assert article["title"] == "Japan praises South Korea" and article["url"] == ONE["url"]
    assert ("JPN", "KOR", "051") in [
        (e["source"]["code"], e["target"] and e["target"]["code"], e["cameo"]) for e in article["events"]
    ]
    again = writable.post(
        "/api/articles", json={"articles": [ONE, {"text": STORIES[1][4], "id": "energy"}]}, headers=auth
    )
    assert again.status_code == 201
    assert again.json()["summary"]["skipped"] == 1 and again.json()["summary"]["new"] == 1


def test_post_body_errors_are_422(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bad = writable.post("/api/articles", json={"title": "no text"}, headers=auth)
    assert bad.status_code == 422 and "text" in bad.json()["error"]
    assert writable.post("/api/articles", json={"articles": []}, headers=auth).status_code == 422


def test_protect_read(store):
    app = TestClient(create_app(store, token=TOKEN, protect_read=True), raise_server_exceptions=False)
    assert app.get("/api/events").status_code == 401
    assert app.get("/api/map", headers={"Authorization": "Bearer x"}).status_code == 401
    assert app.get("/api/events", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert app.get("/").status_code == 200  # the page itself holds no data
    assert app.get("/api/config").json() == {"protect_read": True, "write_enabled": True, "events": None}
    with pytest.raises(ValueError):
        create_app(store, protect_read=True)


def test_serve_command_refuses_bad_setups(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DYAD_TOKEN", raising=False)
    assert main(["serve", "--db", str(tmp_path / "x.db"), "--protect-read"]) == 2
    assert "--protect-read needs" in capsys.readouterr().err
    assert main(["serve", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no such database file" in capsys.readouterr().err


def test_serve_answers_only_local_hosts_unless_allowed():
    from dyad.cli.serve import allowed_hosts

    assert allowed_hosts("127.0.0.1", []) == ["localhost", "127.0.0.1", "::1", "[::1]"]
    assert allowed_hosts("0.0.0.0", ["dyad.example"])[-1] == "dyad.example"
    assert "0.0.0.0" not in allowed_hosts("0.0.0.0", [])
    assert allowed_hosts("10.1.2.3", [])[-1] == "10.1.2.3"


def test_newest_first_pages(client, store):
    oldest = expected(store)
    dated = [e for e in oldest if e[3] is not None]
    seen, cursor = [], None
    while True:
        params = {"limit": 3, "order": "newest", **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/events", params=params).json()
        seen += [key(e) for e in body["events"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen, key=repr) == sorted(oldest, key=repr)
    assert [e[3] for e in seen[: len(dated)]] == sorted((e[3] for e in dated), reverse=True)
    assert seen[len(dated) :] == sorted([e for e in oldest if e[3] is None], key=oldest.index, reverse=True)
    first = client.get("/api/events?limit=3").json()["next_cursor"]
    assert client.get(f"/api/events?order=newest&cursor={first}").status_code == 422  # another order's cursor


def test_config_counts_the_store(client, tmp_path):
    assert client.get("/api/config").json()["events"] == len(
        client.get("/api/events?limit=500&modality=all").json()["events"]
    )
    with open_store(f"sqlite:///{tmp_path / 'empty.db'}") as empty:
        assert TestClient(create_app(empty)).get("/api/config").json() == {
            "protect_read": False,
            "write_enabled": False,
            "events": 0,
        }


def test_events_csv_is_the_filter(client, store):
    import csv
    import io

    from dyad.store.rows import STORED_COLUMNS

    response = client.get("/api/events.csv?text=Kharkiv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == STORED_COLUMNS
    api = client.get("/api/events?limit=500&text=Kharkiv").json()["events"]
    assert [int(r["id"]) for r in rows] == [e["id"] for e in api]
    assert {r["modality"] for r in rows} == {"asserted"}
    assert client.get("/api/events.csv?cameo=abc").status_code == 422
