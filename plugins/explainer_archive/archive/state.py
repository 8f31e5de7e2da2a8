"""The archive stage's state between builds: cache keys and the kept merged archive.

Per-article derived results live in the annotation cache (table "derived") under a key of
the rules, the article and its text.  The merged archive is kept by key in its own SQLite
database beside the annotation cache (ArchiveState, WAL mode): per article what the merges
gave it and its derived key, per actor, topic and event its record (aliases, mentions and
counts; members; sources and mentions), per estimated article its estimate and the articles
it relies on, and which keys each article names.  It is written in one transaction per
build, only the rows that changed, under a key of every article's derived key, so a build
that changes nothing the merges read loads it instead of merging again.  The estimator's
resolutions are kept in the annotation cache.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import count, islice
from pathlib import Path

import orjson

from .. import annotate
from ..derive import cooccurrence, coverage, estimates, topics
from ..derive.article import ArchiveArticle
from ..fingerprints import PACKAGE_DIR, code_fingerprint, fingerprint

# Modules whose code decides the per-article results: a change to any of them (or to the
# rules files) invalidates the derived cache, never the annotations.
DERIVING_MODULES = (
    "derive/actors.py",
    "derive/spans.py",
    "derive/topics.py",
    "derive/discovery.py",
    "derive/chronology.py",
    "derive/timexes.py",
    "derive/estimates.py",
    "derive/coverage.py",
    "derive/cooccurrence.py",
    "derive/quotes.py",
    "derive/series.py",
    "derive/article.py",
    "archive/dating.py",
    "archive/build.py",
)

# 2: the archive keeps its quotes; 3: rows by key in SQLite; 4: the merges' warnings kept;
# 5: long parts in several rows
ARCHIVE_STATE_VERSION = 5


def derived_fingerprint(rules_files: list[Path | None], taxonomy) -> str:
    """The fingerprint of the code and rules that turn an annotation into derived results."""
    parts = [(PACKAGE_DIR / name).read_bytes() for name in DERIVING_MODULES]
    for path in [PACKAGE_DIR / "data" / "actors.toml", PACKAGE_DIR / "data" / "events.toml"]:
        parts.append(path.read_bytes())
    parts += [Path(path).read_bytes() for path in rules_files if path]
    parts.append(topics.taxonomy_fingerprint(taxonomy))
    return fingerprint(*parts)


def derived_key(rules_fingerprint: str, article: ArchiveArticle, text: str) -> str:
    """Cache key of one article's derived results: rules, slug, title, date and text."""
    return fingerprint(
        rules_fingerprint, article.key, article.title, article.date_value or "", text
    )


def archive_state_key(derived_keys: list[str], merge_inputs: tuple[str, ...]) -> str:
    """What the archive-wide merges depend on: every article's derived key (rules, slug,
    title, date and text) and what else they read (the settings the timeline shows, topic
    discovery's switches, rule and remembered topics)."""
    return fingerprint(f"archive-state-{ARCHIVE_STATE_VERSION}", *merge_inputs, *derived_keys)


def archive_state_path(cache_path: Path | None) -> Path | None:
    """The archive state's database, beside the annotation cache."""
    return Path(cache_path).with_suffix(".archive-state.sqlite") if cache_path else None


# The pickle earlier versions kept the whole merged archive in; removed when the database
# is first written.
def _old_pickle_path(cache_path: Path) -> Path:
    return Path(cache_path).with_suffix(".archive-state.pickle")


# --- the archive as rows by key ---------------------------------------------------------------
#
# Every keyed table holds (key, digest, record): the record is the key's JSON, the digest a
# hash of it (a save compares digests, so it reads no record and writes only the rows that
# changed).  The archive's order of each table's keys is one row of "meta" ("order:<table>"),
# so a key added in the middle rewrites that row, not every row after it.
KEYED_TABLES = ("articles", "actors", "topics", "events", "estimates", "parts")
# The archive's fields that are one value each, kept as rows of "parts".
PARTS = ("timeline", "uncovered_phrases", "discovery_note", "charts", "quotes", "merge_warnings")
# A part that is a list or table of more items than this, or a part's field that is one,
# is kept in rows of this many items after the part's own row (part_rows): at 10,000
# articles the charts' ties (41 MB of JSON), the quotes (31 MB) and the timeline's events
# (15 MB) were each one record, made, written and read back whole.
PART_CHUNK = 1000
# Rows a load asks SQLite for at a time.
LOAD_KEYS = 500

SCHEMA = [
    *(
        f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, digest TEXT NOT NULL,"
        " record TEXT NOT NULL)"
        for table in KEYED_TABLES
    ),
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # What each article names (kind "actor", "topic", "event" and key), and the articles
    # each estimate relies on: the keys a change of those articles touches.
    "CREATE TABLE IF NOT EXISTS names (article TEXT NOT NULL, kind TEXT NOT NULL,"
    " key TEXT NOT NULL, PRIMARY KEY (article, kind, key))",
    "CREATE INDEX IF NOT EXISTS names_by_key ON names (kind, key)",
    "CREATE TABLE IF NOT EXISTS depends (estimate TEXT NOT NULL, source TEXT NOT NULL,"
    " PRIMARY KEY (estimate, source))",
    "CREATE INDEX IF NOT EXISTS depends_by_source ON depends (source)",
]
NAMED_KINDS = (("actor", "actors"), ("topic", "topics"), ("event", "events"))


# Keys that are not strings are written as json.dumps writes them (an int key as "1").
_ROW_STYLE = orjson.OPT_NON_STR_KEYS


def to_json(value) -> bytes:
    """A record's JSON, compact, as UTF-8 bytes (kept as a BLOB: a string of it would take
    two or four bytes a character once it holds one curly quote, and SQLite would make a
    UTF-8 copy of it to write).  orjson writes it (json.dumps took 3.5 s of one new article
    at 10,000 mixed articles, for 210 MB of rows; orjson writes the same bytes for those
    rows in 1.0 s); what orjson refuses (an integer beyond 64 bits, a string that is not
    valid Unicode) goes to json.dumps, marked by a leading space (JSON allows it) for
    read_record.  Either reads back as the same value, but for a float that is not
    finite, which orjson writes null: the merges make none."""
    try:
        return orjson.dumps(value, option=_ROW_STYLE)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return b" " + text.encode("utf-8")


def read_record(record: bytes | str):
    """A row's record, as json.loads reads it: orjson reads what orjson wrote (in about
    half the time, its dicts sharing their key strings), json.loads what json.dumps wrote
    (to_json's leading space) and rows kept as text by earlier builds.  orjson would read
    an integer beyond 64 bits as a float; only json.dumps writes one."""
    if isinstance(record, str) or record[:1] == b" ":
        return json.loads(record)
    return orjson.loads(record)


@dataclass
class StateRows:
    """The merged archive as rows: table -> [(key, record JSON)] in the archive's order
    (bytes as to_json writes them; text where an earlier build stored it so)."""

    tables: dict[str, list[tuple[str, bytes | str]]]


def archive_rows(archive, slugs: list[str], derived_keys: list[str]) -> StateRows:
    """The archive (build.Archive) by key: per article what the merges gave it (actors,
    topics, events, its derived key), per actor, topic and event its record, per estimated
    article its estimate and the articles it relies on, and the archive-wide parts."""
    return StateRows(
        {table: list(rows) for table, rows in table_rows(archive, slugs, derived_keys)}
    )


def table_rows(
    archive, slugs: list[str], derived_keys: list[str], take: bool = False
) -> Iterator[tuple[str, Iterator[tuple[str, bytes]]]]:
    """archive_rows a table at a time: (table, its rows), each row made when it is asked
    for.  With `take`, each merged record is let go from the archive's lists and tables as
    its row is made (the archive is consumed; consumed_table_rows)."""
    # Each table's fields are read here, when the table is given (consumed_table_rows
    # then empties them), not when its first row is made.
    named = {
        "actors": archive.article_actors,
        "topics": archive.article_topics,
        "events": archive.article_events,
    }
    yield "articles", _article_rows(named, slugs, derived_keys, take)
    yield "actors", ((a["slug"], to_json(a)) for a in _items(archive.actors, take))
    yield "topics", ((t["slug"], to_json(t)) for t in _items(archive.topics, take))
    yield "events", ((e["id"], to_json(e)) for e in _items(archive.events, take))
    yield "estimates", _estimate_rows(archive.estimates, archive.estimate_sources, take)
    charts = chart_data_plain(archive.charts) if archive.charts is not None else None
    parts = {name: getattr(archive, name) for name in PARTS} | {"charts": charts}
    yield "parts", (row for name in PARTS for row in part_rows(name, parts.pop(name), take))


def _items(values, take: bool) -> Iterator:
    """Each item of a list; with `take`, let go from the list as it is given."""
    for i in range(len(values)):
        item = values[i]
        if take and isinstance(values, list):
            values[i] = None
        yield item


def _pairs(table: dict, take: bool) -> Iterator[tuple]:
    """Each (key, value) of a dict; with `take`, removed from it as it is given."""
    for key in list(table):
        yield key, (table.pop(key) if take else table[key])


def _article_rows(named: dict[str, dict], slugs: list[str], keys: list[str], take: bool):
    """Per article what the merges gave it (`named`: its actors, topics and events, by
    slug) and its derived key."""
    for slug, derived_key in zip(slugs, keys, strict=True):
        record = {"derived_key": derived_key}
        for name, table in named.items():
            record[name] = table.pop(slug, None) if take else table.get(slug)
        yield slug, to_json(record)


def _estimate_rows(estimates: dict, sources: dict, take: bool) -> Iterator:
    for slug, estimate in _pairs(estimates, take):
        depends = (sources.pop(slug, None) if take else sources.get(slug)) or []
        yield slug, to_json({"estimate": estimate, "depends": depends})


def part_rows(name: str, value, take: bool = False) -> Iterator[tuple[str, bytes]]:
    """One part of the archive as rows: its own row, then, when it is a long list or table
    (more than PART_CHUNK items), its items in rows "name##0", "name##1", … (its own row
    holds null), or, when it is a table with such a field, that field's items in rows
    "name#field#0", … (its own row holds null for the field).  joined_parts puts them
    together again."""
    if _long(value):
        yield name, to_json(None)
        yield from _chunk_rows(f"{name}#", value, take)
        return
    if not isinstance(value, dict) or not any(_long(v) for v in value.values()):
        yield name, to_json(value)
        return
    long_fields = [field for field, v in value.items() if _long(v)]
    yield name, to_json({f: None if f in long_fields else v for f, v in value.items()})
    for field in long_fields:
        yield from _chunk_rows(f"{name}#{field}", value[field], take)


def _long(value) -> bool:
    return isinstance(value, (list, tuple, dict)) and len(value) > PART_CHUNK


def _chunk_rows(prefix: str, value, take: bool) -> Iterator[tuple[str, bytes]]:
    """The items of a list or table, PART_CHUNK to a row keyed prefix#0, prefix#1, …"""
    table = isinstance(value, dict)
    items = _pairs(value, take) if table else _items(value, take)
    for number in count():
        chunk = list(islice(items, PART_CHUNK))
        if not chunk:
            return
        yield f"{prefix}#{number}", to_json(dict(chunk) if table else chunk)


def joined_parts(records: Iterable[tuple[str, object]]) -> dict:
    """The archive's parts from their rows' records (part_rows): each long list or table
    joined again in its place."""
    parts: dict = {}
    for key, record in records:
        name, chunked, rest = key.partition("#")
        if not chunked:
            parts[name] = record
            continue
        field = rest.rpartition("#")[0]
        holder, slot = (parts[name], field) if field else (parts, name)
        if holder[slot] is None:
            holder[slot] = record
        elif isinstance(record, dict):
            holder[slot].update(record)
        else:
            holder[slot].extend(record)
    return parts


# The merged archive's fields each table is made from.
TABLE_FIELDS = {
    "articles": ("article_actors", "article_topics", "article_events"),
    "actors": ("actors",),
    "topics": ("topics",),
    "events": ("events",),
    "estimates": ("estimates", "estimate_sources"),
    "parts": (*PARTS, "charts"),
}


def consumed_table_rows(archive, slugs: list[str], derived_keys: list[str]) -> Iterator:
    """table_rows, letting each merged record go as its row is made and emptying the
    merged archive's fields of each table (to None) when the table is given: a build that
    saves and reads back the rows as they come then holds about one archive (the merged
    one's rest and what it has read back) and one row's JSON, never a table's JSON beside
    the whole merged archive (memory).  The archive is consumed."""
    for table, rows in table_rows(archive, slugs, derived_keys, take=True):
        for name in TABLE_FIELDS[table]:
            setattr(archive, name, None)
        yield table, rows
        del rows


def read_rows(rows: Iterable[tuple[str, bytes | str]]) -> list[tuple[str, object]]:
    """A table's rows with their records read from JSON."""
    return [(key, read_record(record)) for key, record in rows]


def archive_from_rows(rows: StateRows, kind: type):
    """The archive (a `kind`, build.Archive) the rows hold: what a build returns, whether
    it merged or loaded them, so the two are equal to the type.  Consumes the rows: each
    table's JSON goes as soon as it is read."""
    return archive_from_records(
        {table: read_rows(rows.tables.pop(table)) for table in list(rows.tables)}, kind
    )


def archive_from_records(records: dict[str, list[tuple[str, object]]], kind: type):
    """archive_from_rows, from the rows' records already read (read_rows)."""
    parts = joined_parts(records["parts"])
    archive = kind(
        actors=[r for _k, r in records["actors"]],
        topics=[r for _k, r in records["topics"]],
        events=[r for _k, r in records["events"]],
        estimates={k: r["estimate"] for k, r in records["estimates"]},
        estimate_sources={k: r["depends"] for k, r in records["estimates"]},
        charts=chart_data_from(parts.pop("charts")),
        **parts,
    )
    for slug, record in records["articles"]:
        for name in ("actors", "topics", "events"):
            if record[name] is not None:
                getattr(archive, f"article_{name}")[slug] = record[name]
    return archive


def chart_data_plain(charts: coverage.ChartData) -> dict:
    """The chart counts as plain data (what dataclasses.asdict gives, without its deep
    copy of every count)."""
    return {
        **vars(charts),
        "strip": vars(charts.strip),
        "ties": [vars(tie) for tie in charts.ties],
    }


def chart_data_from(plain: dict | None) -> coverage.ChartData | None:
    if plain is None:
        return None
    return coverage.ChartData(
        **{
            **plain,
            "strip": coverage.Strip(**plain["strip"]),
            "ties": [cooccurrence.Tie(**tie) for tie in plain["ties"]],
        }
    )


class ArchiveState:
    """The archive state's SQLite database (WAL mode): a build reads it, and writes what
    changed in one transaction, so a build killed at any moment leaves the previous
    state whole.  Without a cache path it keeps nothing."""

    def __init__(self, cache_path: Path | None):
        self.cache_path = cache_path
        self.path = archive_state_path(cache_path)
        self._db = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("BEGIN IMMEDIATE")
            for statement in SCHEMA:
                self._db.execute(statement)
            self._db.execute("COMMIT")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def stored_key(self) -> str | None:
        """The state key of the archive the database holds (None: it holds none)."""
        return None if self._db is None else self._meta("state_key")

    def load(self, key: str, kind: type):
        """The archive the last build merged when its key is `key`, else None."""
        if self.stored_key() != key:
            return None
        records = {}
        for table in KEYED_TABLES:
            records[table] = self._load_table(table)
            if records[table] is None:
                return None  # not what a finished save leaves: merge again
        return archive_from_records(records, kind)

    def _load_table(self, table: str) -> list[tuple[str, object]] | None:
        """A table's records in the archive's order, read LOAD_KEYS rows at a time (so its
        JSON is never held whole); None when the rows are not those its order names."""
        db = self._db
        order = json.loads(self._meta(f"order:{table}") or "[]")
        (stored,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
        if stored != len(order) or len(set(order)) != len(order):
            return None
        records = []
        for start in range(0, len(order), LOAD_KEYS):
            keys = order[start : start + LOAD_KEYS]
            marks = ", ".join("?" * len(keys))
            found = dict(
                db.execute(f"SELECT key, record FROM {table} WHERE key IN ({marks})", keys)
            )
            if len(found) != len(keys):
                return None
            records += [(key, read_record(found.pop(key))) for key in keys]
        return records

    def save(self, key: str, tables: Iterable[tuple[str, list]]) -> dict[str, list]:
        """Write the rows that changed, drop the keys that are gone, and note the key: one
        transaction.  `tables` gives (table, rows) a table at a time (table_rows); each row
        is written and read back as it comes, and each table before the next is asked for.
        Returns each table's records as read back from their JSON (read_rows), with or
        without a database."""
        records: dict[str, list] = {}
        if self._db is None:
            for table, rows in tables:
                records[table] = read_rows(rows)
            return records
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            changed = {}
            for table, rows in tables:
                changed[table], records[table] = self._save_table(table, rows)
                del rows  # done with: what it holds goes before the next table is made
            self._save_names(dict(records["articles"]), changed["articles"])
            self._save_depends(dict(records["estimates"]), changed["estimates"])
            db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('state_key', ?), ('version', ?)",
                (key, str(ARCHIVE_STATE_VERSION)),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        _old_pickle_path(self.cache_path).unlink(missing_ok=True)
        return records

    def _save_table(self, table: str, rows: Iterable[tuple[str, bytes]]) -> tuple[set, list]:
        """Write a table's changed rows as they come, and its order, and delete its gone
        keys; the keys written or gone, and the table's records read back (each row's JSON
        is let go once read: the table's is never held whole)."""
        db = self._db
        stored = dict(db.execute(f"SELECT key, digest FROM {table}"))
        insert = f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)"
        written, records = set(), []
        for key, record in rows:
            digest = fingerprint(record)[:16]
            if stored.get(key) != digest:
                db.execute(insert, (key, digest, record))
                written.add(key)
            records.append((key, read_record(record)))
        keys = [key for key, _record in records]
        present = set(keys)
        if len(present) != len(keys):
            raise ValueError(f"archive state: two {table} share a key")
        gone = [key for key in stored if key not in present]
        db.executemany(f"DELETE FROM {table} WHERE key = ?", [(key,) for key in gone])
        order = to_json(keys).decode("utf-8")
        if self._meta(f"order:{table}") != order:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"order:{table}", order))
        return written | set(gone), records

    def _save_names(self, records: dict[str, dict], articles: set[str]) -> None:
        """The keys each written or gone article names (`records`: each article's)."""
        db = self._db
        for slug in sorted(articles):
            db.execute("DELETE FROM names WHERE article = ?", (slug,))
            if slug not in records:
                continue
            record = records[slug]
            db.executemany(
                "INSERT OR IGNORE INTO names VALUES (?, ?, ?)",
                [(slug, kind, key) for kind, name in NAMED_KINDS for key in record[name] or []],
            )

    def _save_depends(self, records: dict[str, dict], estimated: set[str]) -> None:
        """The articles each written or gone estimate relies on (`records`: each
        estimate's)."""
        db = self._db
        for slug in sorted(estimated):
            db.execute("DELETE FROM depends WHERE estimate = ?", (slug,))
            if slug in records:
                db.executemany(
                    "INSERT OR IGNORE INTO depends VALUES (?, ?)",
                    [(slug, source) for source in records[slug]["depends"]],
                )


def resolutions_key() -> str:
    return f"resolutions:{code_fingerprint()}"


def load_resolutions(store: annotate.AnnotationCache) -> estimates.Resolutions:
    """This build's memo of the estimator, seeded with what the last build kept."""
    key = resolutions_key()
    return estimates.Resolutions(store.get_many([key], table="derived").get(key))


def save_resolutions(cache_path: Path | None, resolutions: estimates.Resolutions, seeded: int):
    """Store the resolutions this build used, unless nothing changed since they were loaded
    (`seeded` of them)."""
    kept = resolutions.kept()
    if cache_path is None or (len(kept) == seeded and not resolutions.computed):
        return
    store = annotate.AnnotationCache(cache_path)
    try:
        store.put(resolutions_key(), kept, table="derived")
    finally:
        store.close()
