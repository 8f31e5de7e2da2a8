"""The archive-wide merges that are per-key folds (archive/reductions.py), run locally and on
a real Dask cluster (a LocalCluster of two single-threaded worker processes on 127.0.0.1,
started once for the module): the same merged archive either way, the same as the merges
before they were folds, and the same site built with the scheduler set as without."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from distributed import Client
from pelican.plugins.explainer_archive import annotate
from pelican.plugins.explainer_archive.archive import build as archive_stage
from pelican.plugins.explainer_archive.archive import reductions, state
from pelican.plugins.explainer_archive.derive import chronology, topics
from pelican.plugins.explainer_archive.derive.article import event_mentions
from pelican.plugins.explainer_archive.text import clean
from pelican.plugins.explainer_archive.text import dates as article_date
from sitebuild import ROOT, SEEDS, build_site, seed_content
from test_dask import start_cluster
from test_determinism import differences

SYNTHETIC = 24  # synthetic articles (scripts/synth.py) besides the five seeds


@pytest.fixture(scope="module")
def cluster():
    with start_cluster() as cluster, Client(cluster) as client:
        client.wait_for_workers(2, timeout=120)
        yield cluster, client


def archive_article(path: Path) -> archive_stage.ArchiveArticle:
    cleaned = clean.clean_article(path.read_bytes(), f"raw/{path.name}")
    when = article_date.find_article_date(cleaned)
    return archive_stage.ArchiveArticle(
        path.stem, cleaned.title, when.value, when.basis, when.note, cleaned
    )


class Derived:
    """Real derived articles: the seeds' and synthetic ones, with the build's rules."""

    def __init__(self, folder: Path):
        raw = folder / "raw"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "synth.py"), "--articles", str(SYNTHETIC)]
            + ["--out", str(raw)],
            check=True,
            cwd=ROOT,
        )
        paths = list(SEEDS) + sorted(raw.glob("*.txt"))
        self.articles = [archive_article(path) for path in paths]
        self.config = archive_stage.ArchiveConfig(cache_path=folder / "cache")
        texts = [a.annotated_text for a in self.articles]
        store = annotate.AnnotationCache(self.config.cache_path)
        try:
            self.rules = archive_stage.load_rules(self.config, store)
            self.keys = [
                state.derived_key(self.rules.fingerprint, a, t)
                for a, t in zip(self.articles, texts, strict=True)
            ]
            self.derived, _counts = archive_stage.derive_all(
                self.articles, texts, self.keys, self.rules, self.config, store
            )
            self.resolutions = state.load_resolutions(store)
        finally:
            store.close()

    def merged(self, folds) -> str:
        """The merged archive (its rows, as the state stores them) as JSON text."""
        archive = archive_stage.merge_with(
            folds,
            self.articles,
            self.derived,
            self.rules,
            self.config,
            copy.deepcopy(self.resolutions),
        )
        rows = state.archive_rows(archive, [a.key for a in self.articles], self.keys)
        return json.dumps(rows, sort_keys=True, default=repr)

    def mentions(self) -> list:
        """Every article's event mentions, with the actors the actor merge found."""
        index = archive_stage.actors.merge_actors(
            [
                archive_stage.actors.ArticleMentions(a.key, d.mentions, d.quotes, d.title_mentions)
                for a, d in zip(self.articles, self.derived, strict=True)
            ],
            self.rules.actors,
        )
        return [
            event
            for a, d in zip(self.articles, self.derived, strict=True)
            for event in event_mentions(d, index.mentions_in(a.key))
        ]


@pytest.fixture(scope="module")
def derived(tmp_path_factory) -> Derived:
    return Derived(tmp_path_factory.mktemp("dask-merges"))


@pytest.fixture(scope="module")
def dask_folds(cluster):
    _cluster, client = cluster
    return reductions.DaskFolds(client, sum(client.nthreads().values()))


def fold_tasks(client: Client) -> int:
    """How many foldby tasks the scheduler has run so far (the folds' grouped reductions)."""

    def count(dask_scheduler) -> int:
        return sum(
            sum(prefix.state_counts.values())
            for name, prefix in dask_scheduler.task_prefixes.items()
            if name.startswith("foldby")
        )

    return client.run_on_scheduler(count)


def event_json(events) -> str:
    return json.dumps(chronology.to_chronology_json(events), sort_keys=True)


def test_the_synthetic_archive_is_big_enough_to_fold(derived):
    """More keys than partitions, and keys in several articles, for every fold."""
    assert len(derived.articles) == 5 + SYNTHETIC
    records = archive_stage.topic_records(
        derived.articles, [archive_stage.assigned_topics(d) for d in derived.derived]
    )
    assert len({m[0] for r in records for m in r[3]}) >= 3
    blocks = {chronology.date_block_key(m) for m in derived.mentions()}
    assert len(blocks) > 20
    assert len(topics.rank_uncovered(d.key_phrases for d in derived.derived)) >= 5


def test_each_fold_gives_on_the_cluster_what_it_gives_locally(derived, dask_folds):
    jobs = {
        "phrases": (reductions.phrase_tallies, [d.key_phrases for d in derived.derived]),
        "topics": (
            reductions.topic_matches,
            archive_stage.topic_records(
                derived.articles, [archive_stage.assigned_topics(d) for d in derived.derived]
            ),
        ),
        "events": (reductions.date_events, list(enumerate(derived.mentions()))),
    }
    local = reductions.LocalFolds().run(jobs)
    remote = dask_folds.run(jobs)
    assert list(local) == list(remote) == ["phrases", "topics", "events"]
    assert list(local["phrases"]) == list(remote["phrases"])  # sorted by key both ways
    assert local["phrases"] == remote["phrases"]
    assert local["topics"] == remote["topics"]
    assert list(local["events"]) == list(remote["events"])
    for key in local["events"]:
        assert event_json(local["events"][key]) == event_json(remote["events"][key]), key


def test_the_folds_give_what_the_merges_gave_in_one_pass(derived, dask_folds):
    """The events as chronology.merge_events merges them all at once, the key phrases as
    topics.rank_uncovered ranks them, through either runner."""
    mentions = derived.mentions()
    whole = event_json(chronology.merge_events(mentions))
    for folds in (reductions.LocalFolds(), dask_folds):
        assert event_json(archive_stage.merged_events(folds, mentions)) == whole
        key_phrases = [d.key_phrases for d in derived.derived]
        tallies = folds.run({"p": (reductions.phrase_tallies, key_phrases)})["p"]
        assert topics.ranked_phrases(tallies) == topics.rank_uncovered(key_phrases)


def test_the_whole_merge_is_the_same_on_the_cluster(derived, dask_folds):
    assert derived.merged(dask_folds) == derived.merged(reductions.LocalFolds())


def test_the_mentions_of_one_date_merge_the_same_in_any_order(derived, dask_folds):
    mentions = derived.mentions()
    reordered = mentions[::-1]
    assert event_json(archive_stage.merged_events(dask_folds, reordered)) == event_json(
        chronology.merge_events(mentions)
    )


@pytest.mark.parametrize(
    ("articles", "expected"),
    [
        # (seen, covered here) per article -> (phrase, articles), most first, then by name.
        ([(["gaza city", "aid truck"], []), (["gaza city"], [])], [("gaza city", 2)]),
        # covered anywhere: never ranked, even where another article does not cover it
        ([(["gaza city"], []), (["gaza city"], ["gaza city"]), (["gaza city"], [])], []),
        ([(["b c", "a c"], []), (["a c", "b c"], []), (["b c"], [])], [("b c", 3), ("a c", 2)]),
        ([], []),
    ],
)
def test_phrase_tallies_fold_to_the_ranked_phrases(articles, expected, dask_folds):
    for folds in (reductions.LocalFolds(), dask_folds):
        tallies = folds.run({"p": (reductions.phrase_tallies, articles)})["p"]
        assert topics.ranked_phrases(tallies, min_articles=2) == expected
    assert topics.rank_uncovered(articles) == expected


@pytest.mark.slow
def test_a_build_with_the_scheduler_set_makes_the_same_site(built, cluster, tmp_path):
    cluster, client = cluster
    before = fold_tasks(client)
    content = seed_content(tmp_path)
    through = build_site(
        content,
        tmp_path / "output",
        tmp_path / "cache",
        extra={"EXPLAINER_DASK_SCHEDULER": cluster.scheduler_address},
    )
    assert through.returncode == 0, through.log[-3000:]
    assert differences(built.output, through.output) == []
    assert fold_tasks(client) > before, "the merges did not run on the cluster"
