"""Pelican's own content caches (its readers' and its generators' pickles) are saved whole:
a save that stops part-way leaves the old cache, never half a pickle that stops the next
build (Pelican opens the file in place and does not catch the EOFError of loading it);
and a build that cached nothing new leaves the file as it is.

A save that fails while pickling stands in for a build killed while saving: both stop after
the file was opened. tests/test_crash.py kills real builds and loads these caches after
every kill."""

from __future__ import annotations

import gzip
import logging
import pickle

import pytest
from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.plugins.explainer_archive import register, save_cache_whole
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG


class Unpicklable:
    """A cache value that stops pickle part-way through the file."""

    def __reduce__(self):
        raise TypeError("this value cannot be pickled")


def settings_for(tmp_path, gzip_cache: bool) -> dict:
    return {
        **DEFAULT_CONFIG,
        "CACHE_PATH": str(tmp_path / "cache"),
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
        "GZIP_CACHE": gzip_cache,
        "READERS": {},
    }


def loaded(cache_file, gzip_cache: bool):
    with (gzip.open if gzip_cache else open)(cache_file, "rb") as handle:
        return pickle.load(handle)


def cached_files(tmp_path, readers, count: int) -> dict:
    """Cache `count` raw files through Pelican's own cache_data (stamped by their mtime),
    each of some size, so that a failed save has written part of its pickle."""
    (tmp_path / "content").mkdir(exist_ok=True)
    for n in range(count):
        source = tmp_path / "content" / f"article-{n}.txt"
        source.write_text(f"article {n}", encoding="utf-8")
        readers.cache_data(str(source), ("metadata", "x" * 2000, n))
    return dict(readers._cache)


@pytest.mark.parametrize("gzip_cache", [True, False])
def test_a_save_that_stops_part_way_leaves_the_old_cache(tmp_path, gzip_cache, caplog):
    readers = Readers(settings_for(tmp_path, gzip_cache), "ArticlesGenerator-Readers")
    save_cache_whole(readers)
    cache_file = tmp_path / "cache" / "ArticlesGenerator-Readers"

    good = cached_files(tmp_path, readers, 200)
    readers.save_cache()
    assert loaded(cache_file, gzip_cache) == good

    broken = tmp_path / "content" / "zz-broken.txt"
    broken.write_text("broken", encoding="utf-8")
    readers.cache_data(str(broken), Unpicklable())
    with caplog.at_level(logging.WARNING):
        readers.save_cache()
    assert "Could not save cache" in caplog.text
    assert loaded(cache_file, gzip_cache) == good
    assert sorted(path.name for path in cache_file.parent.iterdir()) == [cache_file.name]
    # The next build's Readers loads the old cache instead of stopping.
    again = Readers(settings_for(tmp_path, gzip_cache), "ArticlesGenerator-Readers")
    assert again._cache == good


def test_a_build_that_cached_nothing_leaves_the_cache_file_as_it_is(tmp_path):
    """Pelican's cache only grows: with every read a hit, the pickle would be the same."""
    settings = settings_for(tmp_path, True)
    readers = Readers(settings, "ArticlesGenerator-Readers")
    save_cache_whole(readers)
    good = cached_files(tmp_path, readers, 3)
    readers.save_cache()
    cache_file = tmp_path / "cache" / "ArticlesGenerator-Readers"
    before = cache_file.stat()

    again = Readers(settings, "ArticlesGenerator-Readers")
    save_cache_whole(again)
    source = str(tmp_path / "content" / "article-1.txt")
    assert again.get_cached_data(source) == good[source][1]
    again.save_cache()
    after = cache_file.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)

    # One new read, and the cache is saved with it.
    newer = Readers(settings, "ArticlesGenerator-Readers")
    save_cache_whole(newer)
    grown = cached_files(tmp_path, newer, 4)
    newer.save_cache()
    assert loaded(cache_file, True) == grown
    assert len(grown) == 4


def test_no_save_when_pelican_is_told_not_to_cache(tmp_path):
    settings = {**settings_for(tmp_path, True), "CACHE_CONTENT": False}
    readers = Readers(settings, "ArticlesGenerator-Readers")
    save_cache_whole(readers)
    cached_files(tmp_path, readers, 1)
    readers.save_cache()
    assert not (tmp_path / "cache").exists()


def test_the_plugin_wraps_every_content_cache_pelican_makes(tmp_path):
    """Through Pelican's signals: the readers' cache (readers_init) and a caching
    generator's own cache (generator_init) both save whole."""
    register()
    settings = {
        **settings_for(tmp_path, True),
        "CONTENT_CACHING_LAYER": "generator",
        "PATH": str(tmp_path / "content"),
        "OUTPUT_PATH": str(tmp_path / "out"),
        "THEME": DEFAULT_CONFIG["THEME"],
        "PLUGINS": [],
    }
    (tmp_path / "content").mkdir()
    generator = ArticlesGenerator(
        context={},
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )
    assert signals.readers_init.receivers and signals.generator_init.receivers
    for cacher in (generator, generator.readers):
        assert "save_cache" in vars(cacher), type(cacher).__name__
