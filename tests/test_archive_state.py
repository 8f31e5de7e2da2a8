"""The archive state's database (archive/state.py): rows by key, written only where they
changed, in one transaction, and read back as the archive the merges gave."""

from __future__ import annotations

import json
import sqlite3

import pytest
from pelican.plugins.explainer_archive.archive import state
from pelican.plugins.explainer_archive.archive.build import Archive
from pelican.plugins.explainer_archive.derive import cooccurrence, coverage


def small_archive(blinken_articles: int = 2) -> Archive:
    """An archive of three articles, two actors, a topic, an event and an estimate."""
    blinken = {"slug": "antony-blinken", "name": "Antony Blinken", "articles": blinken_articles}
    return Archive(
        actors=[blinken, {"slug": "hamas", "name": "Hamas", "articles": 1}],
        article_actors={"a": ["antony-blinken", "hamas"], "b": ["antony-blinken"], "c": []},
        topics=[{"slug": "talks", "name": "Talks", "matches": [[0.9, "a", ["s"], ["talk"]]]}],
        article_topics={"a": ["talks"], "b": [], "c": []},
        events=[{"id": "2024-03-21-talks", "sources": ["a", "c"], "mentions": []}],
        article_events={"a": ["2024-03-21-talks"], "c": ["2024-03-21-talks"]},
        timeline={"events": []},
        uncovered_phrases=[("catania harbour", 2)],
        discovery_note="",
        estimates={"c": {"range": ["2024-03-21", None], "label": "after", "note": "n"}},
        estimate_sources={"c": ["a"]},
        charts=coverage.ChartData(
            strip=coverage.Strip("month", [{"period": "2024-03", "articles": 2}]),
            months=["2024-03"],
            actor_months={"hamas": {"2024-03": [1, 0]}},
            topic_months={"talks": {"2024-03": 1}},
            ties=[cooccurrence.Tie("antony-blinken", "hamas", 1, [], {"a": 1})],
            article_dates={"a": "2024-03-21", "b": None, "c": "2024-03-21"},
        ),
        quotes=[],
        merge_warnings=["c: its stated dates contradict each other; left undated"],
    )


def saved(tmp_path, archive: Archive, key: str) -> state.StateRows:
    rows = state.archive_rows(archive, ["a", "b", "c"], ["ka", "kb", "kc"])
    with state.ArchiveState(tmp_path / "cache.sqlite") as kept:
        kept.save(key, rows.tables.items())
    return rows


def rowids(tmp_path, table: str) -> dict[str, int]:
    path = state.archive_state_path(tmp_path / "cache.sqlite")
    with sqlite3.connect(path) as db:
        return dict(db.execute(f"SELECT key, rowid FROM {table}"))


def test_a_saved_archive_loads_as_the_merged_one(tmp_path):
    rows = saved(tmp_path, small_archive(), "k1")
    with state.ArchiveState(tmp_path / "cache.sqlite") as kept:
        loaded = kept.load("k1", Archive)
        assert kept.load("k2", Archive) is None
    assert loaded == state.archive_from_rows(rows, Archive)
    assert loaded.uncovered_phrases == [["catania harbour", 2]]  # as JSON gives it
    assert loaded.charts.ties[0].weight == 1
    assert loaded.merge_warnings == small_archive().merge_warnings  # reported again
    assert (loaded.estimates, loaded.estimate_sources) == (
        small_archive().estimates,
        small_archive().estimate_sources,
    )


def test_a_save_rewrites_only_the_rows_that_changed(tmp_path):
    saved(tmp_path, small_archive(), "k1")
    before = rowids(tmp_path, "actors")
    changed = small_archive(blinken_articles=3)
    del changed.actors[1]  # Hamas is gone
    changed.article_actors["a"] = ["antony-blinken"]
    saved(tmp_path, changed, "k2")
    after = rowids(tmp_path, "actors")
    assert set(after) == {"antony-blinken"}
    assert after["antony-blinken"] != before["antony-blinken"]  # rewritten
    unchanged = rowids(tmp_path, "topics")
    saved(tmp_path, changed, "k3")
    assert rowids(tmp_path, "topics") == unchanged and rowids(tmp_path, "actors") == after
    path = state.archive_state_path(tmp_path / "cache.sqlite")
    with sqlite3.connect(path) as db:
        names = db.execute("SELECT article, kind, key FROM names ORDER BY 1, 2, 3").fetchall()
        depends = db.execute("SELECT estimate, source FROM depends").fetchall()
    assert names == [
        ("a", "actor", "antony-blinken"),
        ("a", "event", "2024-03-21-talks"),
        ("a", "topic", "talks"),
        ("b", "actor", "antony-blinken"),
        ("c", "event", "2024-03-21-talks"),
    ]
    assert depends == [("c", "a")]


def test_an_unfinished_save_leaves_the_previous_state(tmp_path):
    saved(tmp_path, small_archive(), "k1")
    path = state.archive_state_path(tmp_path / "cache.sqlite")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    db.execute("DELETE FROM actors")
    db.execute("UPDATE meta SET value = 'k2' WHERE name = 'state_key'")
    db.close()  # never committed, as in a build killed mid-save
    with state.ArchiveState(tmp_path / "cache.sqlite") as kept:
        assert kept.load("k2", Archive) is None
        assert [a["slug"] for a in kept.load("k1", Archive).actors] == ["antony-blinken", "hamas"]


# Records whose JSON orjson would refuse or write otherwise; each must read back as
# json.dumps' text does (to_json's fallback, and its int keys as strings).
ODD_RECORDS = [
    {"bigint": 2**70, "neg": -(2**64)},
    {1: "an int key", 2: ["written", "as", "strings"]},
    {"small": [1e-05, 3e-07], "large": [1e16, 1.5e300], "zero": -0.0},
    {"text": "Élysée — “quoted” \u2028 bell\x07 tab\t"},
]


def test_odd_records_read_back_as_json_dumps_gives_them():
    for record in ODD_RECORDS:
        written = state.to_json(record)
        expected = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        assert state.read_record(written) == json.loads(written) == json.loads(expected)
        assert state.read_record(written.decode("utf-8")) == json.loads(expected)


def test_reading_the_rows_consumes_them():
    rows = state.archive_rows(small_archive(), ["a", "b", "c"], ["ka", "kb", "kc"])
    archive = state.archive_from_rows(rows, Archive)
    assert rows.tables == {}
    assert [a["slug"] for a in archive.actors] == ["antony-blinken", "hamas"]


def test_consumed_tables_are_archive_rows_and_empty_the_merged_archive():
    expected = state.archive_rows(small_archive(), ["a", "b", "c"], ["ka", "kb", "kc"])
    merged = small_archive()
    actors, article_actors = merged.actors, merged.article_actors
    given = []
    for table, rows in state.consumed_table_rows(merged, ["a", "b", "c"], ["ka", "kb", "kc"]):
        # This table's fields and those of the tables given before it are emptied; the
        # fields of the tables still to come are not.
        for done in [*given, table]:
            assert all(getattr(merged, name) is None for name in state.TABLE_FIELDS[done])
        for later in set(state.KEYED_TABLES) - {*given, table}:
            assert all(getattr(merged, name) is not None for name in state.TABLE_FIELDS[later])
        assert list(rows) == expected.tables[table]
        given.append(table)
    assert sorted(given) == sorted(state.KEYED_TABLES)
    assert all(getattr(merged, name) is None for name in state.TABLE_FIELDS["parts"])
    # Each merged record was let go as its row was made.
    assert actors == [None, None] and article_actors == {}


def long_parts_archive() -> Archive:
    """small_archive with parts longer than a row holds: quotes, ties, article dates and
    the timeline's events."""
    archive = small_archive()
    n = 2 * state.PART_CHUNK + 7
    archive.quotes = [{"speaker": f"s{i}", "text": f"said “{i}”"} for i in range(n)]
    archive.timeline = {"title": {"t": 1}, "events": [{"id": f"e{i}"} for i in range(n)]}
    archive.charts.ties = [cooccurrence.Tie(f"x{i}", "hamas", i, [], {"a": 1}) for i in range(n)]
    archive.charts.article_dates = {f"z{i}": "2024-03-21" for i in range(n)}
    return archive


def test_long_parts_are_kept_in_rows_of_a_bounded_size_and_load_whole(tmp_path):
    rows = saved(tmp_path, long_parts_archive(), "k1")
    keys = [key for key, _record in rows.tables["parts"]]
    assert keys[keys.index("quotes") : keys.index("quotes") + 4] == [
        "quotes",
        "quotes##0",
        "quotes##1",
        "quotes##2",
    ]
    assert {"charts#ties#2", "charts#article_dates#2", "timeline#events#2"} <= set(keys)
    # No row holds more than a chunk: the charts as one row would be over 300 kB.
    whole_charts = len(state.to_json(state.chart_data_plain(long_parts_archive().charts)))
    assert max(len(record) for _key, record in rows.tables["parts"]) < whole_charts / 2
    with state.ArchiveState(tmp_path / "cache.sqlite") as kept:
        loaded = kept.load("k1", Archive)
    expected = long_parts_archive()
    assert loaded.quotes == expected.quotes
    assert loaded.timeline == expected.timeline
    assert loaded.charts == expected.charts
    assert list(loaded.charts.article_dates) == list(expected.charts.article_dates)
    assert loaded == state.archive_from_rows(rows, Archive)


def test_a_table_whose_rows_are_not_its_order_is_merged_again(tmp_path):
    saved(tmp_path, small_archive(), "k1")
    path = state.archive_state_path(tmp_path / "cache.sqlite")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE actors SET key = 'someone-else' WHERE key = 'hamas'")
    with state.ArchiveState(tmp_path / "cache.sqlite") as kept:
        assert kept.load("k1", Archive) is None


def test_a_save_a_table_at_a_time_reads_back_the_archive(tmp_path):
    merged = small_archive()
    tables = state.consumed_table_rows(merged, ["a", "b", "c"], ["ka", "kb", "kc"])
    with state.ArchiveState(tmp_path / "cache.sqlite") as kept:
        records = kept.save("k1", tables)
        loaded = kept.load("k1", Archive)
    expected = state.archive_rows(small_archive(), ["a", "b", "c"], ["ka", "kb", "kc"])
    assert state.archive_from_records(records, Archive) == loaded
    assert loaded == state.archive_from_rows(expected, Archive)
    fresh = state.table_rows(small_archive(), ["a", "b", "c"], ["ka", "kb", "kc"])
    with state.ArchiveState(None) as nothing_kept:  # no cache: read back all the same
        assert nothing_kept.save("k1", fresh) == records


def test_a_save_that_fails_between_tables_leaves_the_previous_state(tmp_path):
    saved(tmp_path, small_archive(), "k1")
    changed = small_archive(blinken_articles=5)

    def failing_tables():
        for number, table_and_rows in enumerate(
            state.table_rows(changed, ["a", "b", "c"], ["ka", "kb", "kc"])
        ):
            if number == 3:
                raise RuntimeError("killed between tables")
            yield table_and_rows

    with state.ArchiveState(tmp_path / "cache.sqlite") as kept:
        with pytest.raises(RuntimeError):
            kept.save("k2", failing_tables())
        assert kept.load("k2", Archive) is None
        assert kept.load("k1", Archive).actors[0]["articles"] == 2


def test_records_kept_as_text_by_an_earlier_build_still_load(tmp_path):
    """Records are written as UTF-8 bytes; a state whose records are text (as builds before
    wrote them) loads the same, and its unchanged rows are not written again."""
    saved(tmp_path, small_archive(), "k1")
    path = state.archive_state_path(tmp_path / "cache.sqlite")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE actors SET record = CAST(record AS TEXT)")
        assert {type(r) for (r,) in db.execute("SELECT record FROM actors")} == {str}
    before = rowids(tmp_path, "actors")
    with state.ArchiveState(tmp_path / "cache.sqlite") as kept:
        loaded = kept.load("k1", Archive)
    expected = state.archive_rows(small_archive(), ["a", "b", "c"], ["ka", "kb", "kc"])
    assert loaded == state.archive_from_rows(expected, Archive)
    saved(tmp_path, small_archive(), "k2")
    assert rowids(tmp_path, "actors") == before
