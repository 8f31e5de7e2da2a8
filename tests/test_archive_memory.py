"""The archive stage's memory (issue 26 item 4): no article's results are decoded while the
executor yields them; every record comes back from the cache afterwards, equal to a
rebuild's."""

from __future__ import annotations

from pelican.plugins.explainer_archive.archive import build as archive_stage
from pelican.plugins.explainer_archive.derive.article import DerivedArticle
from test_archive_stage import seed_articles


def test_no_record_is_decoded_while_the_executor_runs(tmp_path, monkeypatch):
    timeline: list[str] = []
    derive_many = archive_stage.executors.derive_many

    def watched_derive_many(*args, **kwargs):
        for result in derive_many(*args, **kwargs):
            timeline.append("result")
            yield result

    from_plain = DerivedArticle.from_plain.__func__

    def watched_from_plain(cls, plain):
        timeline.append("decoded")
        return from_plain(cls, plain)

    monkeypatch.setattr(archive_stage.executors, "derive_many", watched_derive_many)
    monkeypatch.setattr(DerivedArticle, "from_plain", classmethod(watched_from_plain))
    config = archive_stage.ArchiveConfig(cache_path=tmp_path / "cache.sqlite")
    archive_stage.build_archive(seed_articles(), config)
    assert timeline == ["result"] * 5 + ["decoded"] * 5


def test_a_cold_stage_and_one_from_the_cache_merge_the_same(tmp_path):
    config = archive_stage.ArchiveConfig(cache_path=tmp_path / "cache.sqlite")
    cold = archive_stage.build_archive(seed_articles(), config)
    # The archive state removed: the merges run again, on records read from the cache only.
    for path in tmp_path.glob("*.archive-state.sqlite*"):
        path.unlink()
    again = archive_stage.build_archive(seed_articles(), config)
    assert again.stats["annotation"]["annotated"] == 0
    for name in ("actors", "topics", "events", "estimates", "quotes", "timeline"):
        assert getattr(cold, name) == getattr(again, name), name


def test_a_stage_without_a_cache_file_still_reads_back_its_records():
    archive = archive_stage.build_archive(seed_articles(), archive_stage.ArchiveConfig())
    assert archive.stats["annotation"]["annotated"] == 5
    assert archive.actors and archive.events
